/**
 * A citizen's file, for an authorised person only (404 otherwise), decrypted on the fly (streamed, each
 * segment verified before it is sent) and never cached.
 * Every view is audited before a byte is sent.
 */
import type { FastifyInstance } from "fastify";
import { verifiedStart } from "../../platform/storage/blob-store.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { blobVisible } from "./access.repo.ts";
import { findBlob } from "./application.repo.ts";
import type { DeskDeps } from "./context.ts";
import { notFound, sendError } from "./errors.tsx";
import { purgedFileText } from "./retention.words.ts";
import { userOf } from "./session.ts";

const EXTENSIONS: Record<string, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
};

/**
 * PDFs go out without a CSP (Chromium's viewer refuses to run in a sandboxed response); images get one that
 * allows nothing; anything else (a citizen may send any document type) is a sandboxed download, so an HTML
 * or SVG file can never run script on the desk's origin.
 */
const presentation = (mimeType: string) => {
  if (mimeType === "application/pdf") return { disposition: "inline", csp: undefined };
  if (mimeType.startsWith("image/") && mimeType !== "image/svg+xml")
    return { disposition: "inline", csp: "default-src 'none'" };
  return { disposition: "attachment", csp: "default-src 'none'; sandbox" };
};

export const fileRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.get<{ Params: { blobId: string } }>("/desk/files/:blobId", async (req, reply) => {
    const user = userOf(req);
    const db = deps.database.db;
    const id = req.params.blobId;
    const blob = (await blobVisible(db, user, id)) ? await findBlob(db, user.officeId, id) : undefined;
    if (!blob) throw notFound();
    // Deleted on schedule: the row stays (history still names it), the bytes are gone for good.
    if (blob.purgedAt) return sendError(req, reply, 410, purgedFileText(user.locale));
    // Decrypted segment by segment as the response goes out: a 100 MB PDF is never whole in memory.
    const body = await verifiedStart(deps.blobs.getStream(blob.storageKey));
    await db
      .transaction((tx) =>
        recordAudit(tx, {
          officeId: user.officeId,
          actorId: user.id,
          action: "file.view",
          subjectType: "blob",
          subjectId: blob.id,
          ip: req.ip,
          at: deps.citizen.now(),
        }),
      )
      .catch((error) => {
        body.destroy();
        throw error;
      });
    const { disposition, csp } = presentation(blob.mimeType);
    const known = Object.hasOwn(EXTENSIONS, blob.mimeType);
    reply
      .code(200)
      .header("content-type", known ? blob.mimeType : "application/octet-stream")
      .header(
        "content-disposition",
        `${disposition}; filename="${blob.id}.${EXTENSIONS[blob.mimeType] ?? "bin"}"`,
      )
      .header("content-length", String(blob.sizeBytes))
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "private, no-store")
      .header("referrer-policy", "same-origin");
    if (csp) reply.header("content-security-policy", csp);
    return reply.send(body);
  });
};
