import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

/**
 * A real S3-compatible server (s3rver, from npm) on a random loopback port, with one bucket, for tests.
 * `env` configures Lontar for it; `rawGet`/`rawPut` read and write objects past Lontar, as an attacker
 * with bucket access would.
 */
export const startS3 = async (bucket = "lontar-test") => {
  const directory = await mkdtemp(path.join(tmpdir(), "lontar-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    LONTAR_STORAGE: "s3",
    S3_ENDPOINT: endpoint,
    S3_REGION: "us-east-1",
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "true",
  };
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  const objectKey = (key: string) => `${key.slice(0, 2)}/${key}`;
  return {
    env,
    rawGet: async (key: string) => {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      return Buffer.from(await answer.Body!.transformToByteArray());
    },
    rawPut: async (key: string, body: Buffer) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey(key), Body: body }));
    },
    /** Objects the server holds (s3rver keeps each as a file). */
    objectCount: async () =>
      (await readdir(directory, { recursive: true })).filter((f) => f.endsWith("._S3rver_object")).length,
    stop: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};
