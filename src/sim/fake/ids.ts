import { createHash, randomBytes } from "node:crypto";

let wamidCounter = 0;
let mediaCounter = 0;

/**
 * Looks like Meta's `wamid.HBgL…` (base64 of an opaque protobuf). A process-wide counter is
 * mixed in so ids stay unique even across several fake instances in one test run.
 */
export const newWamid = (): string => {
  wamidCounter += 1;
  const counter = Buffer.alloc(6);
  counter.writeUIntBE(wamidCounter, 0, 6);
  return `wamid.HBgL${Buffer.concat([randomBytes(24), counter]).toString("base64")}`;
};

/** Graph media ids are long decimal strings. */
export const newMediaId = (): string => {
  mediaCounter += 1;
  const random = randomBytes(4).readUInt32BE(0) % 1_000_000;
  return `1${String(random).padStart(6, "0")}${String(mediaCounter).padStart(9, "0")}`;
};

export const fbtraceId = (): string => randomBytes(8).toString("base64url").slice(0, 11);

export const shortToken = (): string => randomBytes(18).toString("base64url");

/** Digits only: what Meta reports as `wa_id` for a phone number written with "+" or spaces. */
export const waIdOf = (phone: string): string => phone.replace(/\D/g, "");

/**
 * A stable BSUID for a phone so repeated fakes agree on the same citizen without shared state
 * (format: country code, ".", alphanumerics).
 */
export const userIdFor = (waId: string): string =>
  `ID.${createHash("sha256").update(`bsuid:${waId}`).digest("hex").slice(0, 24).toUpperCase()}`;

export const unixSeconds = (ms: number): string => String(Math.floor(ms / 1000));

export const isUserId = (recipient: string): boolean => /^[A-Z]{2}\.[A-Za-z0-9]+$/.test(recipient);
