/** Status webhooks (sent → delivered → read, or failed) that follow each accepted send. */
import type { FakeContext } from "./context.ts";
import { buildStatusPayload } from "./payloads.ts";
import type { Fault, StatusName, StatusOptions } from "./types.ts";

export const statusPayload = (
  ctx: FakeContext,
  wamid: string,
  status: StatusName,
  error?: StatusOptions["error"],
) => {
  const info = ctx.sent.get(wamid);
  if (!info) throw new Error(`fake Cloud API: no accepted message ${wamid}`);
  return { info, payload: buildStatusPayload(ctx.payloads, info, status, error) };
};

export const emitStatus = (
  ctx: FakeContext,
  wamid: string,
  status: StatusName,
  opts: StatusOptions = {},
): Promise<number[]> => {
  const { info, payload } = statusPayload(ctx, wamid, status, opts.error);
  ctx.events.emit("status", {
    wamid,
    status,
    phoneNumberId: info.phoneNumberId,
    recipient: { waId: info.waId, userId: info.userId },
    ...(opts.error ? { error: opts.error } : {}),
  });
  return ctx.webhooks.deliver(payload, opts);
};

/** Plans the status webhooks for one accepted send, honouring async_fail / reorder faults. */
export const scheduleStatuses = (ctx: FakeContext, wamid: string, fault: Fault | undefined): void => {
  const [sent, delivered, read] = ctx.delaysMs;
  let plan: Array<[number, StatusName]>;
  let error: StatusOptions["error"];
  if (fault?.kind === "async_fail") {
    // An explicit failure is emitted even with auto statuses off: the test asked for it.
    plan = [[sent, "failed"]];
    error = { code: fault.code, ...(fault.details ? { details: fault.details } : {}) };
  } else if (!ctx.statusesAuto) {
    return;
  } else if (fault?.kind === "reorder_statuses") {
    // Meta guarantees no order: read may precede delivered, and delivered may repeat.
    plan = [
      [sent, "sent"],
      [delivered, "read"],
      [read, "delivered"],
      [read + Math.max(1, read - delivered), "delivered"],
    ];
  } else {
    plan = [
      [sent, "sent"],
      [delivered, "delivered"],
      [read, "read"],
    ];
  }
  for (const [delay, status] of plan) {
    ctx.later(delay, () => {
      void emitStatus(ctx, wamid, status, error ? { error } : {}).catch(() => undefined);
    });
  }
};
