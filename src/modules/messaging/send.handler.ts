import type { Database } from "../../platform/db/client.ts";
import type { OutboxRow } from "../../platform/queue/outbox.ts";
import {
  createRecipientPacer,
  createTokenBucket,
  type TokenBucket,
} from "../../platform/queue/rate-limit.ts";
import { createSharedBucket, type SharedBucket } from "../../platform/queue/shared-bucket.ts";
import { backoffMs, type JobHandler, type JobResult } from "../../platform/queue/worker.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import { type CloudApi, GraphRequestError } from "../../platform/whatsapp/cloud-api.ts";
import type { SendOutcome } from "../../platform/whatsapp/errors.ts";
import type { OutboundMessage } from "../../platform/whatsapp/types.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { type Channel, findChannel, lockOutboundByOutboxId } from "./messaging.repo.ts";
import {
  callbackDataFor,
  openSendPayload,
  queueFallback,
  recordAccepted,
  recordSendFailure,
  type SendPayload,
} from "./outbound.service.ts";

export type SendHandlerDeps = {
  database: Database;
  /** Outbox payloads are sealed; a template fallback is a new message row, sealed like every message content. */
  keys: FieldKeys;
  api: CloudApi;
  blobs: BlobStore;
  ratePerSecond: number;
  perRecipientIntervalMs: number;
  retryBaseMs: number;
  /** How long to wait for a status webhook after an ambiguous failure before sending again. */
  reconcileDelayMs?: number;
  now?: () => number;
  /** Counts sends by result and Graph error code (metrics). */
  count?: (result: string, code?: number) => void;
};

/** Waits shorter than this are slept in the worker; longer ones hand the row back with a later run_at. */
const MAX_INLINE_WAIT_MS = 250;
/** After an ambiguous failure, wait for Meta's status webhook to tell us whether the message went out. */
const RECONCILE_DELAY_MS = 30_000;

export const createSendHandler = (deps: SendHandlerDeps): JobHandler => {
  const buckets = new Map<string, TokenBucket | SharedBucket>();
  const pacer = createRecipientPacer(deps.perRecipientIntervalMs, deps.now);
  const channels = new Map<string, Channel>();
  // Meta's limit is per number: on PostgreSQL several instances send for one number, so they share the
  // bucket in the database; PGlite means one process, where a bucket in memory is the whole truth.
  const bucketFor = (channel: Channel) => {
    let bucket = buckets.get(channel.id);
    if (!bucket) {
      const ratePerSecond = channel.ratePerSecond ?? deps.ratePerSecond;
      bucket =
        deps.database.kind === "postgres"
          ? createSharedBucket(deps.database, channel.id, { ratePerSecond, now: deps.now })
          : createTokenBucket(ratePerSecond, undefined, deps.now);
      buckets.set(channel.id, bucket);
    }
    return bucket;
  };

  return async (row: OutboxRow): Promise<JobResult> => {
    const payload = openSendPayload(deps.keys, row.payload);
    const channel = channels.get(row.channel_id) ?? (await findChannel(deps.database.db, row.channel_id));
    if (!channel)
      return { type: "fail", status: "failed", error: "The channel of this message no longer exists." };
    channels.set(channel.id, channel);

    if (payload.messageId && row.attempts > 1 && (await alreadyAccepted(deps.database, row.id))) {
      deps.count?.("reconciled");
      return { type: "done" }; // a status webhook proved Meta got the earlier attempt: do not send twice
    }
    const wait = Math.max(await bucketFor(channel).take(), row.recipient ? pacer.reserve(row.recipient) : 0);
    if (wait > MAX_INLINE_WAIT_MS) return { type: "retry", delayMs: wait, countAttempt: false };
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));

    try {
      const body = await prepareBody(deps, channel, row, payload);
      const { wamid } = await deps.api.send(channel.phoneNumberId, body);
      deps.count?.("accepted");
      return {
        type: "done",
        wamid,
        after: payload.messageId ? (tx) => recordAccepted(tx, row.id, wamid) : undefined,
      };
    } catch (error) {
      if (!(error instanceof GraphRequestError)) throw error;
      deps.count?.(error.outcome.kind, error.outcome.code);
      return resultFor(row, error.outcome, error.ambiguous, Boolean(payload.messageId), deps);
    }
  };
};

const alreadyAccepted = async (database: Database, outboxId: number) => {
  const message = await database.db.transaction((tx) => lockOutboundByOutboxId(tx, outboxId));
  return Boolean(message?.wamid);
};

const prepareBody = async (deps: SendHandlerDeps, channel: Channel, row: OutboxRow, payload: SendPayload) => {
  if (!("type" in payload.body)) return payload.body; // mark-as-read carries no callback data
  const body: OutboundMessage = { ...payload.body, biz_opaque_callback_data: callbackDataFor(row.id) };
  if (!payload.upload) return body;
  // The file goes up byte for byte (a TTE-signed PDF must not change) and is sent by its media id.
  const bytes = await deps.blobs.get(payload.upload.storageKey);
  const mediaId = await deps.api.uploadMedia(channel.phoneNumberId, { bytes, ...payload.upload });
  return withMediaId(body, mediaId);
};

/** Puts the uploaded media id where the message carries its file: the media object, or a template's header. */
const withMediaId = (body: OutboundMessage, mediaId: string): OutboundMessage => {
  if (body.type !== "template") {
    return { ...body, [body.type]: { ...(body[body.type] as Record<string, unknown>), id: mediaId } };
  }
  const template = body.template as {
    components?: Array<{ type: string; parameters?: Array<Record<string, unknown>> }>;
  };
  const components = (template.components ?? []).map((c) =>
    c.type !== "header"
      ? c
      : {
          ...c,
          parameters: (c.parameters ?? []).map((p) => {
            const kind = p.type as string;
            return { ...p, [kind]: { ...(p[kind] as Record<string, unknown>), id: mediaId } };
          }),
        },
  );
  return { ...body, template: { ...template, components } };
};

const resultFor = (
  row: OutboxRow,
  outcome: SendOutcome,
  ambiguous: boolean,
  hasMessage: boolean,
  deps: SendHandlerDeps,
): JobResult => {
  const failure = (needsTemplate: boolean) =>
    hasMessage
      ? (tx: Parameters<NonNullable<Extract<JobResult, { type: "fail" }>["after"]>>[0]) =>
          recordSendFailure(tx, row.id, { code: outcome.code, title: outcome.reason, needsTemplate })
      : undefined;
  if (outcome.kind === "needs_template") {
    const recordFailure = failure(true);
    return {
      type: "fail",
      status: "needs_template",
      errorCode: outcome.code,
      error: outcome.reason,
      after: async (tx) => {
        await recordFailure?.(tx);
        if (hasMessage) await queueFallback(tx, deps.keys, row.id);
      },
    };
  }
  if (outcome.kind === "permanent") {
    return {
      type: "fail",
      status: "failed",
      errorCode: outcome.code,
      error: outcome.reason,
      after: failure(false),
    };
  }
  // 131056 (pair rate limit): Meta asks for 4^n seconds between retries (scaled by the retry base).
  const base = deps.retryBaseMs;
  const pairLimited = outcome.code === 131056 ? 4 ** row.attempts * base : 0;
  const minDelay = ((outcome.minDelayMs ?? 0) * base) / 1000;
  const reconcile = ambiguous ? (deps.reconcileDelayMs ?? RECONCILE_DELAY_MS) : 0;
  const delayMs = Math.max(backoffMs(row.attempts, minDelay, base), pairLimited, reconcile);
  return { type: "retry", delayMs, countAttempt: true, errorCode: outcome.code, error: outcome.reason };
};
