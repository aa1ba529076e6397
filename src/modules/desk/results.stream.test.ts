/** Result PDFs stream from the upload into the blob store and back out to the desk, on fs and on S3. */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { startS3 } from "../../platform/storage/s3.testing.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { PNG, pdfBytes, submitWithPages } from "./application.testing.ts";
import { createStaff, type DeskClient, signIn } from "./testing.ts";

for (const backend of ["fs", "s3"] as const) {
  describeEachDatabase(`desk result upload streamed into ${backend}`, (database) => {
    let lontar: RunningLontar;
    let s3: Awaited<ReturnType<typeof startS3>> | undefined;
    let maria: DeskClient;
    before(async () => {
      s3 = backend === "s3" ? await startS3() : undefined;
      lontar = await startLontar(database(), {
        citizen: true,
        workers: false,
        env: { LONTAR_LOGIN_RATE_PER_MINUTE: "1000", ...(s3?.env ?? {}) },
      });
      await createStaff(database(), {
        officeId: lontar.officeId,
        username: "maria",
        role: "operator",
        services: ["kia"],
      });
      maria = await signIn(lontar.baseUrl, "maria");
    });
    after(async () => {
      await lontar?.stop();
      await s3?.stop();
    });

    const objectCount = async () =>
      s3
        ? s3.objectCount()
        : (await readdir(path.join(lontar.config.dataDir, "blobs"), { recursive: true })).filter((f) =>
            /[0-9a-f-]{36}$/.test(f),
          ).length;
    const processing = async (waId: string) => {
      const app = await submitWithPages(database(), {
        officeId: lontar.officeId,
        channelId: lontar.channelId,
        blobs: lontar.blobs,
        citizens: lontar.citizens!,
        waId,
      });
      await maria.post(`/desk/applications/${app.id}/claim`, {}, { htmx: true });
      await maria.post(`/desk/applications/${app.id}/start-processing`, {}, { htmx: true });
      return app;
    };
    const completeWith = (id: string, files: Buffer[]) => {
      const body = new FormData();
      for (const [i, f] of files.entries())
        body.append("result", new Blob([new Uint8Array(f)], { type: "application/pdf" }), `hasil-${i}.pdf`);
      return fetch(`${lontar.baseUrl}/desk/applications/${id}/complete`, {
        method: "POST",
        headers: { cookie: maria.cookie, "x-csrf-token": maria.csrf, "hx-request": "true" },
        body,
      });
    };

    test("a 12 MB PDF is stored encrypted with backend and key id, and served back whole with its length", async () => {
      const app = await processing("6281239900001");
      const result = Buffer.concat([pdfBytes("hasil besar"), randomBytes(12 * 1024 * 1024)]);
      const done = await completeWith(app.id, [result]);
      assert.equal(done.status, 200);
      const [row] = await rows<{
        id: string;
        sha256: string;
        size_bytes: string;
        backend: string;
        key_id: string;
        kind: string;
      }>(
        database().db,
        sql`SELECT b.id, b.sha256, b.size_bytes, b.backend, b.key_id, b.kind FROM applications a JOIN blobs b ON b.id = a.result_blob_ids[1] WHERE a.id = ${app.id}`,
      );
      assert.deepEqual(
        { ...row, id: undefined, size_bytes: Number(row!.size_bytes) },
        {
          id: undefined,
          sha256: createHash("sha256").update(result).digest("hex"),
          size_bytes: result.length,
          backend,
          key_id: "test",
          kind: "result",
        },
      );
      const served = await fetch(`${lontar.baseUrl}/desk/files/${row!.id}`, {
        headers: { cookie: maria.cookie },
      });
      assert.equal(served.status, 200);
      assert.equal(served.headers.get("content-length"), String(result.length));
      assert.ok(Buffer.from(await served.arrayBuffer()).equals(result));
    });

    test("a PDF then a PNG in one upload: 422, and nothing of either stays stored", async () => {
      const app = await processing("6281239900002");
      const before = await objectCount();
      const refused = await completeWith(app.id, [pdfBytes("hasil"), PNG]);
      assert.equal(refused.status, 422);
      assert.match(await refused.text(), /harus PDF/);
      assert.equal(await objectCount(), before);
    });

    test("a stored file altered at rest is refused with an error before any byte, and no view is audited", async () => {
      const app = await processing("6281239900003");
      const [page] = await rows<{ id: string; storage_key: string }>(
        database().db,
        sql`SELECT id, storage_key FROM blobs WHERE id = ${app.pages.akta_kelahiran!}`,
      );
      const key = page!.storage_key;
      const file = path.join(lontar.config.dataDir, "blobs", key.slice(0, 2), key);
      const raw = s3 ? await s3.rawGet(key) : await readFile(file);
      raw[raw.length - 20]! ^= 1;
      await (s3 ? s3.rawPut(key, raw) : writeFile(file, raw));
      const served = await fetch(`${lontar.baseUrl}/desk/files/${page!.id}`, {
        headers: { cookie: maria.cookie },
      });
      assert.equal(served.status, 500);
      assert.doesNotMatch(await served.text(), /akta_kelahiran/);
      const audits = await rows(
        database().db,
        sql`SELECT 1 FROM audit_log WHERE action = 'file.view' AND subject_id = ${page!.id}`,
      );
      assert.equal(audits.length, 0);
    });
  });
}
