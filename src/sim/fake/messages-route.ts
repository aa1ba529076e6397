/** POST /{version}/{phone-number-id}/messages: sends and mark-as-read. */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { FakeContext } from "./context.ts";
import { faultError } from "./faults.ts";
import { type GraphErrorReply, graphError, invalidParameter } from "./graph-errors.ts";
import { newWamid } from "./ids.ts";
import type { SentInfo } from "./payloads.ts";
import { scheduleStatuses } from "./statuses.ts";
import type { ReceivedRequest } from "./types.ts";
import { checkMessagesBody } from "./validate.ts";

export const sendGraphError = (ctx: FakeContext, reply: FastifyReply, err: GraphErrorReply) => {
  ctx.counters.rejected += 1;
  return reply.code(err.status).send(err.body);
};

export const unknownObject = (id: string, method: "get" | "post" | "delete") =>
  graphError(100, {
    subcode: 33,
    message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  });

const record = (ctx: FakeContext, entry: ReceivedRequest) => {
  ctx.received.push(entry);
  ctx.events.emit("outbound", entry);
};

type Params = { version: string; phoneNumberId: string };

export const registerMessagesRoute = (app: FastifyInstance, ctx: FakeContext) => {
  app.post<{ Params: Params }>("/:version/:phoneNumberId/messages", async (req, reply) => {
    const { version, phoneNumberId } = req.params;
    if (!ctx.numbers.has(phoneNumberId))
      return sendGraphError(ctx, reply, unknownObject(phoneNumberId, "post"));
    const checked = checkMessagesBody(req.body, (id) => ctx.media.has(id));
    if (checked.kind === "invalid") return sendGraphError(ctx, reply, invalidParameter(checked.details));

    if (checked.kind === "read") {
      const wamid = checked.body.message_id;
      record(ctx, {
        kind: "read",
        phoneNumberId,
        apiVersion: version,
        wamid,
        at: new Date(ctx.now()),
        body: checked.body,
      });
      return { success: true };
    }

    const fault = ctx.faults.take("messages", checked.recipient);
    const error = faultError(fault);
    if (error) return sendGraphError(ctx, reply, error);
    if (fault?.kind === "slow") await ctx.sleep(fault.ms);

    const wamid = newWamid();
    const who = ctx.resolveRecipient(checked.recipient);
    const callbackData = checked.body.biz_opaque_callback_data;
    const info: SentInfo = {
      wamid,
      phoneNumberId,
      ...who,
      ...(typeof callbackData === "string" ? { callbackData } : {}),
      template: checked.body.type === "template",
    };
    ctx.sent.set(wamid, info);
    if (who.waId) ctx.lastOutbound.set(who.waId, wamid);
    ctx.lastOutbound.set(who.userId, wamid);
    ctx.counters.accepted += 1;
    record(ctx, {
      kind: "message",
      phoneNumberId,
      apiVersion: version,
      wamid,
      at: new Date(ctx.now()),
      body: checked.body,
    });
    scheduleStatuses(ctx, wamid, fault);

    if (fault?.kind === "drop_after_accept") {
      // Meta took the message but the answer never reaches Lontar.
      reply.hijack();
      req.raw.socket.destroy();
      return reply;
    }
    const contact: Record<string, string> = { input: checked.recipient };
    if (who.waId) contact.wa_id = who.waId;
    if (!who.sentToPhone) contact.user_id = who.userId;
    // Meta adds message_status only for template sends.
    const message = info.template ? { id: wamid, message_status: "accepted" } : { id: wamid };
    return { messaging_product: "whatsapp", contacts: [contact], messages: [message] };
  });
};
