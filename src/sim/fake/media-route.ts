/** Media endpoints: upload, metadata (5-minute URL), bearer-protected download, delete. */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { FakeContext } from "./context.ts";
import { faultError } from "./faults.ts";
import { invalidParameter } from "./graph-errors.ts";
import { newMediaId } from "./ids.ts";
import { sendGraphError, unknownObject } from "./messages-route.ts";

const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

type Upload = {
  product?: string;
  type?: string;
  file?: { bytes: Buffer; mimeType: string; filename?: string };
};

export const registerMediaRoutes = (app: FastifyInstance, ctx: FakeContext) => {
  app.post<{ Params: { version: string; phoneNumberId: string } }>(
    "/:version/:phoneNumberId/media",
    async (req, reply) => {
      const { phoneNumberId } = req.params;
      if (!ctx.numbers.has(phoneNumberId))
        return sendGraphError(ctx, reply, unknownObject(phoneNumberId, "post"));
      const fault = ctx.faults.take("media");
      const error = faultError(fault);
      if (error) return sendGraphError(ctx, reply, error);
      if (fault?.kind === "slow") await ctx.sleep(fault.ms);

      if (!req.isMultipart())
        return sendGraphError(ctx, reply, invalidParameter("Expected multipart/form-data"));
      const upload: Upload = {};
      for await (const part of req.parts({ limits: { fileSize: MAX_UPLOAD_BYTES } })) {
        if (part.type === "file") {
          const bytes = await part.toBuffer();
          upload.file = {
            bytes,
            mimeType: part.mimetype,
            ...(part.filename ? { filename: part.filename } : {}),
          };
        } else if (part.fieldname === "messaging_product") upload.product = String(part.value);
        else if (part.fieldname === "type") upload.type = String(part.value);
      }
      if (upload.product !== "whatsapp")
        return sendGraphError(ctx, reply, invalidParameter("The parameter messaging_product is required."));
      if (!upload.file)
        return sendGraphError(ctx, reply, invalidParameter("The parameter file is required."));

      const id = newMediaId();
      // The explicit `type` field is what Meta documents as the MIME type; fall back to the part's.
      const mimeType = upload.type?.includes("/") ? upload.type : upload.file.mimeType;
      ctx.media.set(id, {
        bytes: upload.file.bytes,
        mimeType,
        ...(upload.file.filename ? { filename: upload.file.filename } : {}),
        uploadedAt: new Date(ctx.now()),
      });
      if (fault?.kind === "drop_after_accept") {
        reply.hijack();
        req.raw.socket.destroy();
        return reply;
      }
      return { id };
    },
  );

  app.get<{ Params: { version: string; mediaId: string } }>("/:version/:mediaId", async (req, reply) => {
    const { mediaId } = req.params;
    const stored = ctx.media.get(mediaId);
    if (!stored) return sendGraphError(ctx, reply, unknownObject(mediaId, "get"));
    return {
      messaging_product: "whatsapp",
      url: ctx.mediaUrl(mediaId),
      mime_type: stored.mimeType,
      sha256: createHash("sha256").update(stored.bytes).digest("hex"),
      file_size: stored.bytes.length,
      id: mediaId,
    };
  });

  app.delete<{ Params: { version: string; mediaId: string } }>("/:version/:mediaId", async (req, reply) => {
    const { mediaId } = req.params;
    if (!ctx.media.delete(mediaId)) return sendGraphError(ctx, reply, unknownObject(mediaId, "delete"));
    return { success: true };
  });

  app.get<{ Params: { mediaId: string }; Querystring: { token?: string } }>(
    "/_media/:mediaId",
    async (req, reply) => {
      const grant = req.query.token ? ctx.downloadTokens.get(req.query.token) : undefined;
      const stored = ctx.media.get(req.params.mediaId);
      // Like lookaside.fbsbx.com: an expired or foreign URL is a bare 404, the client must re-GET the id.
      if (!grant || grant.mediaId !== req.params.mediaId || grant.expiresAt <= ctx.now() || !stored) {
        if (grant && grant.expiresAt <= ctx.now()) ctx.downloadTokens.delete(req.query.token!);
        return reply.code(404).type("text/plain").send("Not Found");
      }
      reply.type(stored.mimeType).header("content-length", stored.bytes.length);
      if (stored.filename) {
        // Header values must be ASCII; citizens' filenames often are not.
        const safe = stored.filename.replace(/[^\x20-\x7e]|"/g, "_");
        reply.header("content-disposition", `attachment; filename="${safe}"`);
      }
      return reply.send(stored.bytes);
    },
  );
};
