/**
 * `countOverdueBlobs` (the quality report's "documents past retention not yet purged") against the query it
 * replaced, on PostgreSQL: `npx tsx bench/overdue-blobs.ts [--apps=200000] [--keep]`.
 *
 * Builds `lontar_bench_overdue` (dropped at the end unless --keep) with the project's migrations, then in SQL
 * (generate_series, with the triggers on, as live writes run): a large office with `apps` applications closed
 * over the last year (~2.4 files each: pages, results, a few receipts; 1 in 50 shares a page with the
 * application before it, across services), 1 in 200 of the last 2 % still open, chat media no application
 * uses, and a second office a quarter the size. Files are purged as a daily job would have left them 3 days
 * ago: everything due before then is purged, which leaves a few thousand overdue and the files still inside
 * their retention (about 30 days' worth) stored. Both queries must give the same count; each runs 5 times,
 * median. Also right after that last purge, when nothing is overdue (the steady state the report expects).
 */
import { sql } from "drizzle-orm";
import pg from "pg";
import { countOverdueBlobs, type RetentionPolicy } from "../src/modules/retention/retention.repo.ts";
import { type Database, openPostgres, rows, type Tx } from "../src/platform/db/client.ts";
import { migrate } from "../src/platform/db/migrate.ts";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const NAME = "lontar_bench_overdue";
const NOW = new Date("2026-12-31T16:00:00Z");
const POLICY: RetentionPolicy = { defaultDays: 30, days: { kia: 10, akta: 60 } };
const DAY_MS = 86_400_000;
const PURGE_LAG_DAYS = 3;
const RUNS = 5;

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const APPS = Number(arg("apps") ?? 200_000);
const KEEP = process.argv.includes("--keep");

const admin = async (text: string) => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
};

/** The query `countOverdueBlobs` ran before (retention.repo.ts at 0f01d78), kept as the baseline. */
const oldReferences = (p: RetentionPolicy) => sql`
  SELECT a.office_id, a.service_code, x.blob_id,
    a.closed_at + make_interval(days => COALESCE((${JSON.stringify(p.days)}::jsonb ->> a.service_code)::int,
      ${p.defaultDays})) AS due_at
  FROM applications a
  CROSS JOIN LATERAL (
    SELECT unnest(i.blob_ids) FROM application_items i WHERE i.application_id = a.id
    UNION ALL SELECT unnest(a.result_blob_ids)
    UNION ALL SELECT a.receipt_blob_id WHERE a.receipt_blob_id IS NOT NULL
  ) AS x(blob_id)`;
const oldDueBlobs = (p: RetentionPolicy) => sql`
  SELECT blob_id, max(due_at) AS due_at FROM (${oldReferences(p)}) r
  GROUP BY blob_id HAVING bool_and(due_at IS NOT NULL)`;
const oldCountOverdueBlobs = async (tx: Tx, o: { policy: RetentionPolicy; now: Date; officeId: string }) =>
  Number(
    (
      await rows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n
            FROM (${oldDueBlobs(o.policy)}) d JOIN blobs b ON b.id = d.blob_id
            WHERE b.purged_at IS NULL AND d.due_at <= ${o.now} AND b.office_id = ${o.officeId}`,
      )
    )[0]?.n ?? 0,
  );

const id = (office: string, kind: string, n: string) => `md5('${office}:${kind}:' || ${n})::uuid`;

/** One office: applications, their items and files, chat media; every file stored for now. */
const generateOffice = async (database: Database, code: string, apps: number) => {
  const office = id(code, "office", "''");
  const contact = id(code, "contact", "''");
  const page = (i: string, k: number, p: string) => id(code, "b", `${i} || ':${k}:' || ${p}`);
  // i = 1 is the most recently closed; the span is a year.
  const closedAt = `'${NOW.toISOString()}'::timestamptz - make_interval(secs => i * ${(365 * 86400) / apps})`;
  const open = `(i <= ${Math.ceil(apps / 50)} AND i % 200 = 1)`;
  const statements = [
    `INSERT INTO offices (id, slug, name, code) VALUES (${office}, 'bench-${code}', 'Bench ${code}', '${code}')`,
    `INSERT INTO contacts (id, office_id, wa_id) VALUES (${contact}, ${office}, '62812${code.charCodeAt(0)}')`,
    `INSERT INTO applications (id, office_id, tracking_number, service_code, catalogue_version, catalogue_digest,
       contact_id, status, submitted_at, closed_at, result_blob_ids, receipt_blob_id)
     SELECT ${id(code, "a", "i")}, ${office}, '${code}-A-' || i,
       CASE WHEN i % 10 < 2 THEN 'kia' WHEN i % 10 < 4 THEN 'akta' WHEN i % 10 < 7 THEN 'kk' ELSE 'ktp' END,
       'bench', 'bench', ${contact},
       CASE WHEN ${open} THEN 'in_review' WHEN i % 10 = 9 THEN 'rejected' ELSE 'completed' END,
       ${closedAt} - interval '5 days',
       CASE WHEN ${open} THEN NULL ELSE ${closedAt} END,
       CASE WHEN NOT ${open} AND i % 10 <> 9 AND i % 2 = 0 THEN ARRAY[${id(code, "r", "i")}] ELSE '{}'::uuid[] END,
       CASE WHEN i % 20 = 0 THEN ${id(code, "c", "i")} END
     FROM generate_series(1, ${apps}) i`,
    // Page 1 of requirement 1; 1 in 5 has a second page; 1 in 50 also carries the previous (older)
    // application's first page (a family card used twice), so that file is due only after both.
    `INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
     SELECT ${office}, ${id(code, "a", "i")}, 'req1',
       ARRAY[${page("i", 1, "1")}]
       || CASE WHEN i % 5 = 0 THEN ARRAY[${page("i", 1, "2")}] ELSE '{}'::uuid[] END
       || CASE WHEN i % 50 = 1 AND i < ${apps} THEN ARRAY[${page("(i + 1)", 1, "1")}] ELSE '{}'::uuid[] END
     FROM generate_series(1, ${apps}) i`,
    `INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
     SELECT ${office}, ${id(code, "a", "i")}, 'req2', ARRAY[${page("i", 2, "1")}]
     FROM generate_series(1, ${apps}) i WHERE i % 3 <> 0`,
    `INSERT INTO blobs (id, office_id, storage_key, size_bytes, sha256, mime_type, kind)
     SELECT x.blob_id, ${office}, 'bench/' || x.blob_id, 200000, md5(x.blob_id::text), 'image/jpeg', 'citizen_document'
     FROM application_items i, unnest(i.blob_ids) x(blob_id)
     WHERE i.office_id = ${office}
     UNION
     SELECT x.blob_id, ${office}, 'bench/' || x.blob_id, 90000, md5(x.blob_id::text), 'application/pdf', 'result'
     FROM applications a, unnest(a.result_blob_ids || a.receipt_blob_id) x(blob_id)
     WHERE a.office_id = ${office} AND x.blob_id IS NOT NULL`,
    // Photos sent in chat that no application uses: stored, never due under the current rules.
    `INSERT INTO blobs (id, office_id, storage_key, size_bytes, sha256, mime_type, kind)
     SELECT ${id(code, "m", "i")}, ${office}, 'bench/m' || i, 120000, md5('m' || i), 'image/jpeg', 'chat_media'
     FROM generate_series(1, ${Math.ceil(apps / 10)}) i`,
  ];
  await database.withSession(async (s) => {
    for (const text of statements) await s.query(text);
  });
};

/** What the daily purge would have done by `at`, decided with the baseline's due times. */
const purgeAsOf = async (database: Database, at: Date) => {
  await database.db.execute(
    sql`UPDATE blobs b SET purged_at = d.due_at FROM (${oldDueBlobs(POLICY)}) d
        WHERE b.id = d.blob_id AND d.due_at <= ${at}`,
  );
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const time = async (fn: () => Promise<number>) => {
  const ms: number[] = [];
  let n = 0;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    n = await fn();
    ms.push(performance.now() - t);
  }
  return { n, ms, median: median(ms) };
};

const compare = async (
  database: Database,
  office: { id: string; code: string },
  now: Date,
  label: string,
) => {
  const o = { policy: POLICY, now, officeId: office.id };
  const before = await time(() => oldCountOverdueBlobs(database.db, o));
  const after = await time(() => countOverdueBlobs(database.db, o));
  if (before.n !== after.n)
    throw new Error(`office ${office.code}, ${label}: old ${before.n} ≠ new ${after.n}`);
  const fmt = (ms: number[]) => ms.map((m) => m.toFixed(1)).join(", ");
  console.log(
    `office ${office.code}, ${label}: ${after.n} overdue\n` +
      `  old median ${before.median.toFixed(1)} ms [${fmt(before.ms)}]\n` +
      `  new median ${after.median.toFixed(1)} ms [${fmt(after.ms)}]\n` +
      `  old / new = ${(before.median / after.median).toFixed(0)}`,
  );
};

const main = async () => {
  await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${NAME}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${NAME}`;
  const database = await openPostgres(url.toString(), 2);
  try {
    await migrate(database);
    const t = performance.now();
    await generateOffice(database, "A", APPS);
    await generateOffice(database, "B", Math.ceil(APPS / 4));
    const lastPurge = new Date(NOW.getTime() - PURGE_LAG_DAYS * DAY_MS);
    await purgeAsOf(database, lastPurge);
    await database.withSession((s) => s.query("VACUUM ANALYZE"));
    const [sizes] = await rows<Record<string, number>>(
      database.db,
      sql`SELECT (SELECT count(*) FROM applications)::int AS applications,
            (SELECT count(*) FROM application_items)::int AS items,
            (SELECT count(*) FROM blobs)::int AS blobs,
            (SELECT count(*) FROM blobs WHERE purged_at IS NULL)::int AS stored,
            (SELECT count(*) FROM blob_references)::int AS blob_references`,
    );
    console.log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s:`, sizes);
    const offices = await rows<{ id: string; code: string }>(
      database.db,
      sql`SELECT id, code FROM offices ORDER BY code`,
    );
    for (const office of offices) await compare(database, office, NOW, "3 days after the last purge");
    await compare(database, offices[0]!, lastPurge, "right after the last purge");
  } finally {
    await database.close();
    if (!KEEP) await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  }
};

await main();
