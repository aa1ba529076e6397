import { EXTENSION, type KeptType } from "./sniff.ts";

const MAX_BASE = 100;

/**
 * The sender's file name made safe to show and to offer as a download: no folders, no control or
 * bidirectional-override characters (which can disguise "gpj.exe" as "exe.jpg"), no characters
 * Windows refuses, at most 100 characters, and always the extension of the type the bytes really are.
 * Undefined when nothing usable is left.
 */
export const safeFileName = (claimed: string | undefined, type: KeptType): string | undefined => {
  const last = (claimed ?? "").split(/[/\\]/).pop() ?? "";
  const base = last
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\.[^.]{0,8}$/, "") // the claimed extension: the real one is put back below
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  const short = Array.from(base).slice(0, MAX_BASE).join("").trim();
  return short ? `${short}${EXTENSION[type]}` : undefined;
};
