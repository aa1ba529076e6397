import type { Database } from "../../platform/db/client.ts";
import { createGroupCommit } from "../../platform/db/group-commit.ts";
import { type ParsedItem, walkPayload } from "../../platform/whatsapp/parse.ts";
import type { WebhookPayload } from "../../platform/whatsapp/types.ts";
import { type InboundHandler, receiveMessage, receiveStatus } from "../messaging/inbound.service.ts";
import { type Channel, findChannelByPhoneNumberId } from "../messaging/messaging.repo.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { openText, SEALED, sealText } from "../shared/sealed.ts";
import { finishDelivery, insertDeliveries, insertProblem } from "./inbox.repo.ts";

export type InboxDeps = {
  database: Database;
  /** Raw payloads and message contents are sealed at rest with these (shared/sealed.ts). */
  keys: FieldKeys;
  onMessage?: InboundHandler;
  /** Counts what was ingested, by kind and outcome (metrics). */
  count?: (kind: string, outcome: string) => void;
};

/** Step one, before Meta gets its 200: the raw bytes, committed (sealed: they hold names and NIKs). */
export type DeliveryStore = (body: string) => Promise<void>;

/**
 * Payloads that arrive together share one INSERT (group commit): under a burst the database runs one
 * statement and one commit for many webhooks instead of one each, and a lone webhook still goes at once.
 * PGlite has a single connection, so one statement at a time; PostgreSQL's pool takes a few, leaving
 * connections for the workers.
 */
export const createDeliveryStore = (database: Database, keys: FieldKeys): DeliveryStore => {
  const commits = createGroupCommit<string>((bodies) => insertDeliveries(database.db, bodies), {
    maxInFlight: database.kind === "pglite" ? 1 : 4,
    maxItems: 200,
    weigh: (body) => body.length,
    maxWeight: 8 * 1024 * 1024,
  });
  return (body) => commits.submit(sealText(keys, body, SEALED.webhookBody));
};

/**
 * Step two: apply every item of a stored delivery. Each item has its own transaction, so one bad item
 * becomes a recorded problem and never loses its neighbours. Safe to run twice: messages dedupe on wamid
 * and statuses only move forward.
 */
export const processDelivery = async (
  deps: InboxDeps,
  delivery: { id: number; body: string; attempts: number },
) => {
  const items = parseDelivery(openText(deps.keys, delivery.body, SEALED.webhookBody));
  const channels = new Map<string, Channel | undefined>();
  const problems: Array<{ itemPath: string; kind: string; detail: string; officeId?: string }> = [];
  let crashed = false;
  for (const item of items) {
    const problem = await applyItem(deps, item, channels).catch((error: Error) => {
      crashed = true;
      return { kind: "item_failed", detail: error.message.slice(0, 500), officeId: undefined };
    });
    deps.count?.(item.kind, problem ? problem.kind : "ok");
    if (problem) problems.push({ itemPath: item.path, ...problem });
  }
  // An exception may be passing (database restart): leave the delivery for another pass before giving up.
  if (crashed && delivery.attempts < MAX_ATTEMPTS)
    throw new Error(`delivery ${delivery.id}: an item failed; will retry`);
  for (const problem of problems)
    await insertProblem(deps.database.db, { deliveryId: delivery.id, ...problem });
  await finishDelivery(deps.database.db, delivery.id, { items: items.length, problems: problems.length });
  const offices = new Set([...channels.values()].flatMap((c) => (c ? [c.officeId] : [])));
  return { items: items.length, problems: problems.length, offices };
};

const MAX_ATTEMPTS = 3;

const parseDelivery = (body: string): ParsedItem[] => {
  try {
    return walkPayload(JSON.parse(body) as WebhookPayload);
  } catch (error) {
    return [
      { kind: "invalid", path: "$", route: {}, reason: `payload is not JSON: ${(error as Error).message}` },
    ];
  }
};

type Problem = { kind: string; detail: string; officeId?: string } | undefined;

const applyItem = async (
  deps: InboxDeps,
  item: ParsedItem,
  channels: Map<string, Channel | undefined>,
): Promise<Problem> => {
  if (item.kind === "ignored") return undefined;
  if (item.kind === "invalid") return { kind: "invalid_item", detail: item.reason };
  const pnid = item.route.phoneNumberId ?? "";
  if (!channels.has(pnid))
    channels.set(pnid, pnid ? await findChannelByPhoneNumberId(deps.database.db, pnid) : undefined);
  const channel = channels.get(pnid);
  if (!channel) {
    return {
      kind: "unknown_channel",
      detail: `No channel has phone_number_id "${pnid}" (display ${item.route.displayPhoneNumber ?? "?"}).`,
    };
  }
  const officeId = channel.officeId;
  if (item.kind === "error") {
    return {
      kind: "meta_error",
      officeId,
      detail: `${item.error.code} ${item.error.title ?? item.error.message ?? ""}`.trim(),
    };
  }
  if (item.kind === "message") {
    await deps.database.db.transaction((tx) =>
      receiveMessage(tx, {
        keys: deps.keys,
        channel,
        message: item.message,
        profileName: item.profileName,
        onMessage: deps.onMessage,
      }),
    );
    return undefined;
  }
  const outcome = await deps.database.db.transaction((tx) =>
    receiveStatus(tx, deps.keys, channel, item.status),
  );
  return outcome === "unmatched"
    ? {
        kind: "status_unmatched",
        officeId,
        detail: `Status ${item.status.status} for a message Lontar did not send.`,
      }
    : undefined;
};
