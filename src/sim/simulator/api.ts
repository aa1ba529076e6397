/**
 * The simulator's JSON API. Every citizen action goes through the fake (`sendInbound`), which signs
 * a webhook and POSTs it to Lontar's real /webhooks/whatsapp: nothing here touches Lontar's database.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { safeError } from "../../platform/http/log-safe.ts";
import type { FakeCloudApi, InboundMessageInput } from "../fake/types.ts";
import type { ChatStore } from "./store.ts";
import {
  checkPhone,
  checkText,
  checkUpload,
  cleanCaption,
  cleanName,
  type ReplyRequest,
  resolveReply,
} from "./validate.ts";

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export type ApiDeps = { fake: FakeCloudApi; phoneNumberId: string; store: ChatStore };

type SendBody = ReplyRequest & { phone?: unknown; name?: unknown; text?: unknown };

const badRequest = (reply: FastifyReply, error: string) => reply.code(400).send({ error });

/** Images a browser may render inline from our origin; anything else is served as a download. */
const INLINE = new Set(["image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"]);

/** Header values must be ASCII; the UTF-8 name goes in filename* (RFC 6266). */
const contentDisposition = (kind: "inline" | "attachment", filename: string) =>
  `${kind}; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

export const registerApi = (app: FastifyInstance, { fake, phoneNumberId, store }: ApiDeps) => {
  const deliver = async (phone: string, name: string, message: InboundMessageInput) => {
    const wamid = await fake.sendInbound({ phoneNumberId, from: phone, name, message });
    // sendInbound resolves once the webhook POST to Lontar is done: one grey tick.
    store.setTick(wamid, "sent");
    return { wamid, phone };
  };

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.code(413).send({ error: "Berkas terlalu besar (maks. 100 MB)." });
    if (status < 500) return reply.code(status).send({ error: `Permintaan tidak valid: ${err.message}` });
    req.log.error({ err: safeError(err) }, "phone simulator request failed");
    return reply.code(500).send({ error: "Simulator gagal memproses permintaan. Coba lagi." });
  });

  app.get<{ Querystring: { phone?: string } }>("/sim/api/history", async (req, reply) => {
    const phone = checkPhone(req.query.phone);
    if (!phone.ok) return badRequest(reply, phone.error);
    return { phone: phone.value, messages: store.history(phone.value) };
  });

  app.post<{ Body: SendBody | undefined }>("/sim/api/messages", async (req, reply) => {
    const body = req.body ?? {};
    const phone = checkPhone(body.phone);
    if (!phone.ok) return badRequest(reply, phone.error);
    const name = cleanName(body.name);
    if (body.type === undefined || body.type === "text") {
      const text = checkText(body.text);
      if (!text.ok) return badRequest(reply, text.error);
      return deliver(phone.value, name, { type: "text", body: text.value });
    }
    const tap = resolveReply(body, (wamid) => store.find(phone.value, wamid));
    if (!tap.ok) return badRequest(reply, tap.error);
    return deliver(phone.value, name, tap.value);
  });

  app.post("/sim/api/upload", async (req, reply) => {
    if (!req.isMultipart()) return badRequest(reply, "Kirim berkas sebagai multipart/form-data.");
    const fields: Record<string, string> = {};
    let file: { bytes: Buffer; mimeType: string; filename?: string } | undefined;
    for await (const part of req.parts({ limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 10 } })) {
      if (part.type === "file") {
        file = { bytes: await part.toBuffer(), mimeType: part.mimetype, filename: part.filename };
      } else fields[part.fieldname] = String(part.value);
    }
    const phone = checkPhone(fields.phone);
    if (!phone.ok) return badRequest(reply, phone.error);
    const upload = checkUpload(file?.bytes, file?.mimeType ?? "", file?.filename);
    if (!upload.ok) return badRequest(reply, upload.error);
    const { type, mimeType, filename } = upload.value;
    const mediaId = fake.uploadInboundMedia(file!.bytes, mimeType, filename);
    const caption = cleanCaption(fields.caption);
    const message: InboundMessageInput = {
      type,
      mediaId,
      mimeType,
      ...(type === "document" ? { filename } : {}),
      ...(caption ? { caption } : {}),
    };
    return deliver(phone.value, cleanName(fields.name), message);
  });

  // Media of both sides live in the fake's store: the citizen's uploads and what Lontar uploaded.
  app.get<{ Params: { id: string }; Querystring: { unduh?: string } }>(
    "/sim/api/media/:id",
    async (req, reply) => {
      const media = fake.media.get(req.params.id);
      if (!media) return reply.code(404).send({ error: "Media tidak ditemukan (mungkin sudah dihapus)." });
      const inline = INLINE.has(media.mimeType) && req.query.unduh === undefined;
      const filename = media.filename ?? `media-${req.params.id}`;
      reply
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, max-age=300")
        .header("content-disposition", contentDisposition(inline ? "inline" : "attachment", filename));
      // An unexpected type (e.g. text/html from a buggy sender) must never render on Lontar's origin.
      return reply.type(inline ? media.mimeType : "application/octet-stream").send(media.bytes);
    },
  );
};
