import { PassThrough, type Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { BlobNotFoundError, type ObjectBackend } from "./blob-store.ts";
import type { S3Config } from "./storage-config.ts";

/** Parts of a multipart upload: memory per upload is about PART_BYTES × QUEUE_SIZE, whatever the file. */
const PART_BYTES = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

const notFound = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404)
    ? new BlobNotFoundError()
    : error;

/**
 * Sealed objects in an S3-compatible bucket, at <first two hex digits>/<key>. Only ciphertext ever leaves
 * the process. S3 replaces an object atomically, so a reader sees the old or the new one, never a part.
 */
export const createS3Backend = (config: S3Config): ObjectBackend => {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    // S3-compatible servers often reject the SDK's default streaming checksums; GCM already proves integrity.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = config.bucket;
  const objectKey = (key: string) => `${key.slice(0, 2)}/${key}`;
  const getObject = async (key: string, range?: string) => {
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key), Range: range }));
      return answer.Body as Readable;
    } catch (error) {
      throw notFound(error);
    }
  };
  return {
    name: "s3",
    async write(key, body) {
      const upload = new Upload({
        client,
        params: { Bucket, Key: objectKey(key), Body: body, ContentType: "application/octet-stream" },
        partSize: PART_BYTES,
        queueSize: QUEUE_SIZE,
      });
      await upload.done(); // a failed multipart upload is aborted by lib-storage
    },
    read(key) {
      const out = new PassThrough();
      getObject(key).then(
        (body) => {
          body.once("error", (error) => out.destroy(error));
          out.once("close", () => body.destroy());
          body.pipe(out);
        },
        (error) => out.destroy(error),
      );
      return out;
    },
    async readStart(key, bytes) {
      const chunks: Buffer[] = [];
      for await (const chunk of await getObject(key, `bytes=0-${bytes - 1}`)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).subarray(0, bytes);
    },
    remove: async (key) => {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },
  };
};
