/**
 * Result PDFs uploaded when completing an application: read from the multipart request (only after the
 * session and access checks), checked to really be PDFs, stored byte for byte in the encrypted blob store.
 */
import type { FastifyRequest } from "fastify";
import type { Tx } from "../../platform/db/client.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import { DomainError } from "../shared/domain-error.ts";
import { insertBlob } from "./application.repo.ts";

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

/** The uploaded PDFs (field "result"; an empty file input is skipped) and the pick-up choice. */
export const readCompletion = async (req: FastifyRequest): Promise<{ files: Buffer[]; pickup: boolean }> => {
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as { pickup?: string };
    return { files: [], pickup: body.pickup === "1" };
  }
  const files: Buffer[] = [];
  let pickup = false;
  try {
    for await (const part of req.parts()) {
      if (part.type === "field") {
        if (part.fieldname === "pickup") pickup = part.value === "1";
        continue;
      }
      const bytes = await part.toBuffer();
      if (part.fieldname !== "result" || bytes.length === 0) continue;
      if (!isPdf(bytes)) throw new DomainError("not_pdf");
      files.push(bytes);
    }
  } catch (error) {
    throw asDomainError(error);
  }
  return { files, pickup };
};

export type StoredFile = { key: string; sha256: string; size: number };

/** Puts the files in the store, runs `commit` with them, and deletes them again when the commit fails. */
export const withStoredFiles = async <T>(
  blobs: BlobStore,
  files: Buffer[],
  commit: (stored: StoredFile[]) => Promise<T>,
): Promise<T> => {
  const stored: StoredFile[] = [];
  try {
    for (const file of files) stored.push(await blobs.put(file));
    return await commit(stored);
  } catch (error) {
    await Promise.all(stored.map((s) => blobs.delete(s.key).catch(() => undefined)));
    throw error;
  }
};

export const insertResultBlobs = async (
  tx: Tx,
  officeId: string,
  stored: StoredFile[],
): Promise<string[]> => {
  const ids: string[] = [];
  for (const s of stored) {
    ids.push(
      await insertBlob(tx, {
        officeId,
        storageKey: s.key,
        sizeBytes: s.size,
        sha256: s.sha256,
        mimeType: "application/pdf",
      }),
    );
  }
  return ids;
};
