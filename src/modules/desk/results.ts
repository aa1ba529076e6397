/**
 * Result PDFs uploaded when completing an application: streamed from the multipart request (only after the
 * session and access checks) into the encrypted blob store, checked on the way to really be PDFs, stored
 * byte for byte.
 */
import { pipeline, Transform } from "node:stream";
import type { FastifyRequest } from "fastify";
import type { Tx } from "../../platform/db/client.ts";
import type { BlobStore, StoredBlob } from "../../platform/storage/blob-store.ts";
import { insertStoredFile } from "../documents/stored-file.repo.ts";
import { DomainError } from "../shared/domain-error.ts";

export const MAX_RESULT_BYTES = 100 * 1024 * 1024;
export const MAX_RESULT_FILES = 5;

/** Every PDF starts with this header; the file name and the browser's type prove nothing. */
export const isPdf = (bytes: Buffer) => bytes.subarray(0, 5).toString("latin1") === "%PDF-";

const LIMIT_ERRORS: Record<string, string> = {
  FST_REQ_FILE_TOO_LARGE: "file_too_large",
  FST_FILES_LIMIT: "too_many_files",
  FST_PARTS_LIMIT: "too_many_files",
  FST_FIELDS_LIMIT: "too_many_files",
};

const asDomainError = (error: unknown) => {
  const code = (error as { code?: string }).code;
  return code && LIMIT_ERRORS[code] ? new DomainError(LIMIT_ERRORS[code]) : error;
};

/**
 * Passes a file through while checking that it starts like a PDF. A file that does not is drained (the
 * browser finishes its upload and sees the error) and nothing of it is passed on.
 */
const pdfGate = () => {
  let head = Buffer.alloc(0);
  let state: "unknown" | "pdf" | "not_pdf" = "unknown";
  const gate = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (state === "pdf") return callback(null, chunk);
      if (state === "not_pdf") return callback();
      head = Buffer.concat([head, chunk]);
      if (head.length < 5) return callback();
      state = isPdf(head) ? "pdf" : "not_pdf";
      callback(null, state === "pdf" ? head : undefined);
    },
    flush(callback) {
      if (state === "unknown" && head.length > 0) state = "not_pdf";
      callback();
    },
  });
  return Object.assign(gate, { rejected: () => state === "not_pdf" });
};

/** Deletes stored files again (a failed upload or commit); failures to delete are not the user's error. */
const discard = (blobs: BlobStore, stored: StoredBlob[]) =>
  Promise.all(stored.map((s) => blobs.delete(s.key).catch(() => undefined)));

/**
 * The uploaded PDFs (field "result"; an empty file input is skipped), each streamed into the blob store as
 * it arrives, so a 100 MB file is never whole in memory; and the pick-up choice. Nothing stays stored
 * when a file is refused.
 */
export const storeCompletion = async (
  req: FastifyRequest,
  blobs: BlobStore,
): Promise<{ stored: StoredBlob[]; pickup: boolean }> => {
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as { pickup?: string };
    return { stored: [], pickup: body.pickup === "1" };
  }
  const stored: StoredBlob[] = [];
  let pickup = false;
  try {
    for await (const part of req.parts()) {
      if (part.type === "field") {
        if (part.fieldname === "pickup") pickup = part.value === "1";
        continue;
      }
      if (part.fieldname !== "result") {
        part.file.resume();
        continue;
      }
      const gate = pdfGate();
      const blob = await blobs.putStream(pipeline(part.file, gate, () => {}));
      stored.push(blob);
      if (part.file.truncated) throw new DomainError("file_too_large");
      if (gate.rejected()) throw new DomainError("not_pdf");
      if (blob.size === 0) await discard(blobs, stored.splice(-1));
    }
  } catch (error) {
    await discard(blobs, stored);
    throw asDomainError(error);
  }
  return { stored, pickup };
};

/** Runs `commit`; when it fails, the files stored for it are deleted again. */
export const commitOrDiscard = async <T>(
  blobs: BlobStore,
  stored: StoredBlob[],
  commit: () => Promise<T>,
) => {
  try {
    return await commit();
  } catch (error) {
    await discard(blobs, stored);
    throw error;
  }
};

export const insertResultBlobs = async (
  tx: Tx,
  officeId: string,
  stored: StoredBlob[],
): Promise<string[]> => {
  const ids: string[] = [];
  for (const s of stored) {
    ids.push(
      await insertStoredFile(tx, { officeId, stored: s, kind: "result", mimeType: "application/pdf" }),
    );
  }
  return ids;
};
