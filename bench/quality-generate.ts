/**
 * A year of one office in SQL (generate_series in batches, never row by row from JS), on PostgreSQL or PGlite.
 * Ids are deterministic (md5 of office code, kind and number) so tables link without lookups; the random
 * parts come from random() after setseed. Secondary indexes are dropped during the load and rebuilt after
 * (same definitions), and foreign-key triggers are off for the loading session (the rows are consistent by
 * construction): what a bulk import would do. The per-application timeline lives in a temporary plan table.
 */
import type { Catalogue } from "../src/modules/catalogue/schema.ts";
import type { RetentionPolicy } from "../src/modules/retention/retention.repo.ts";
import type { Database, Session } from "../src/platform/db/client.ts";
import {
  auditRows,
  campaignRows,
  contactRows,
  healthRows,
  messageRows,
  smallTables,
  surveyRows,
} from "./quality-generate-messages.ts";
import { type Gen, inBatches, q, type Step, step } from "./quality-sql.ts";
import {
  type BenchOffice,
  NOW,
  serviceMix,
  TIME_ZONE,
  type Volume,
  YEAR,
  YEAR_SECONDS,
} from "./quality-volume.ts";

const LOADED = [
  "contacts",
  "conversations",
  "applications",
  "application_events",
  "application_items",
  "blobs",
  "messages",
  "audit_log",
  "campaign_recipients",
  "survey_responses",
];

const svcTable = async (s: Session, catalogue: Catalogue, policy: RetentionPolicy) => {
  const mix = serviceMix(catalogue);
  const lit = (v: string | number | null) => (v === null ? "NULL" : typeof v === "number" ? v : `'${v}'`);
  const values = mix.map((m, i) =>
    [
      lit(m.code),
      lit(m.variant),
      m.lo,
      i === mix.length - 1 ? 2 : m.hi,
      lit(m.requirements[0] ?? null),
      lit(m.requirements[1] ?? null),
      lit(m.slaValue),
      lit(m.slaUnit),
      m.dueSeconds,
      policy.days[m.code] ?? policy.defaultDays,
    ].join(", "),
  );
  await s.query("DROP TABLE IF EXISTS svc");
  await s.query(`CREATE TEMP TABLE svc (code text, variant text, lo float8, hi float8, req1 text, req2 text,
    sla_value float8, sla_unit text, due_s int, keep_days int)`);
  await s.query(`INSERT INTO svc VALUES (${values.join("), (")})`);
};

/**
 * One row per application: service, contact, holder, first submission `s`, revisions `rev` (each cycle takes
 * `g` seconds out and `g` back), the last claim, the decision `d` seconds later, and the final status (a
 * decision after NOW is still open).
 */
const planBatch = (o: BenchOffice, v: Volume, from: number, to: number) => `
INSERT INTO plan
WITH r AS (
  SELECT i, random() AS r_s, random() AS r_c, random() AS r_o, random() AS r_r, random() AS r_g, random() AS r_d,
         random() AS r_p, random() AS r_op, random() AS r_sub, random() AS r_t
    FROM generate_series(${from}, ${to}) i),
b AS (
  SELECT r.i, svc.code, svc.variant, svc.req1, svc.req2, svc.sla_value, svc.sla_unit, svc.due_s, svc.keep_days,
         1 + floor(r.r_c * least(${v.contacts}, floor((r.i - 1)::float8 / ${v.applications} * ${v.contacts}) + 1))::int AS contact_n,
         1 + floor(power(r.r_op, 1.5) * ${o.operatorIds.length})::int AS operator_n,
         ${YEAR.startSql} + make_interval(secs => floor((r.i - 1)::float8 / ${v.applications} * ${YEAR_SECONDS * 0.985} + r.r_t * 600)) AS created_at,
         floor(exp(r.r_sub * ln(7200)))::int AS to_submit,
         CASE WHEN r.r_o < 0.02 THEN 'expired_draft' WHEN r.r_o < 0.03 THEN 'cancelled'
              WHEN r.r_o < 0.90 THEN 'completed' WHEN r.r_o < 0.95 THEN 'rejected'
              WHEN r.r_o < 0.97 THEN 'needs_revision' WHEN r.r_o < 0.985 THEN 'expired_revision'
              WHEN r.r_p < 0.5 THEN 'processing' ELSE 'in_review' END AS outcome,
         CASE WHEN r.r_r < 0.85 THEN 0 WHEN r.r_r < 0.97 THEN 1 ELSE 2 END AS rev0,
         3600 + floor(r.r_g * 82800)::int AS g,
         floor(exp(ln(600) + r.r_d * ln(720)))::int AS d,
         r.r_p < 0.2 AS pickup
    FROM r JOIN svc ON r.r_s >= svc.lo AND r.r_s < svc.hi),
c AS (
  SELECT b.*,
         CASE WHEN outcome IN ('expired_draft', 'cancelled') THEN NULL
              ELSE created_at + make_interval(secs => to_submit) END AS s,
         CASE WHEN outcome IN ('expired_draft', 'cancelled') THEN 0
              WHEN outcome IN ('needs_revision', 'expired_revision') THEN greatest(rev0, 1) ELSE rev0 END AS rev
    FROM b),
e AS (
  SELECT c.*, s + make_interval(secs => 2 * rev * g + 300) AS claim_final,
         s + make_interval(secs => 2 * rev * g + 300 + d) AS decided,
         s + make_interval(secs => 2 * (rev - 1) * g + 900) AS asked
    FROM c),
f AS (
  SELECT e.*,
         CASE WHEN outcome = 'expired_draft' THEN 'expired' WHEN outcome = 'cancelled' THEN 'cancelled'
              WHEN outcome IN ('completed', 'rejected') AND decided > '${NOW.toISOString()}'::timestamptz
                THEN CASE WHEN outcome = 'completed' THEN 'processing' ELSE 'in_review' END
              WHEN outcome = 'expired_revision' AND asked + interval '14 days' > '${NOW.toISOString()}'::timestamptz
                THEN 'needs_revision'
              WHEN outcome = 'expired_revision' THEN 'expired'
              ELSE outcome END AS status
    FROM e)
SELECT i, code, variant, req1, req2, sla_value, sla_unit, keep_days, contact_n, operator_n, created_at, s, rev, g, d,
       claim_final, CASE WHEN status IN ('completed', 'rejected') THEN decided END AS decided, status, pickup,
       s + make_interval(secs => 2 * rev * g + due_s) AS due_at,
       CASE WHEN status = 'needs_revision' OR (status = 'expired' AND s IS NOT NULL) THEN asked END AS paused_at,
       CASE WHEN status IN ('completed', 'rejected') THEN decided
            WHEN status = 'expired' AND s IS NULL THEN created_at + interval '3 days'
            WHEN status = 'expired' THEN asked + interval '14 days'
            WHEN status = 'cancelled' THEN created_at + interval '1 hour' END AS closed_at
  FROM f`;

const PLAN_COLUMNS = `i int PRIMARY KEY, code text, variant text, req1 text, req2 text, sla_value float8,
  sla_unit text, keep_days int, contact_n int, operator_n int, created_at timestamptz, s timestamptz, rev int,
  g int, d int, claim_final timestamptz, decided timestamptz, status text, pickup bool, due_at timestamptz,
  paused_at timestamptz, closed_at timestamptz`;

const applicationsBatch = (o: BenchOffice, catalogue: Catalogue, from: number, to: number) => {
  const x = q(o);
  return `
INSERT INTO applications (id, office_id, tracking_number, service_code, variant_code, catalogue_version,
  catalogue_digest, contact_id, conversation_id, applicant_name, subject_nik_encrypted, subject_nik_index, status,
  assigned_to, sla_value, sla_unit, submitted_at, due_at, paused_at, result_blob_ids, pickup, completed_at,
  closed_at, created_at, updated_at)
SELECT ${x.app("i")}, ${x.office},
       CASE WHEN s IS NOT NULL THEN '${o.code}-A-' || to_char(s AT TIME ZONE '${TIME_ZONE}', 'YYMM') || '-' || lpad(i::text, 7, '0') END,
       code, variant, '${catalogue.version}', '${catalogue.digest}', ${x.contact("contact_n")}, ${x.conversation("contact_n")},
       'Pemohon ' || i, 'v1.bench.' || md5('nik' || i) || md5('nik2' || i), md5('${o.code}:nik:' || i), status,
       CASE WHEN s IS NOT NULL THEN ${x.operator("operator_n")} END, sla_value, sla_unit, s,
       CASE WHEN s IS NOT NULL THEN due_at END, paused_at,
       CASE WHEN status = 'completed' AND NOT pickup THEN ARRAY[${x.blob("'r' || i")}] ELSE '{}'::uuid[] END,
       pickup, CASE WHEN status = 'completed' THEN decided END, closed_at, created_at,
       coalesce(closed_at, paused_at, claim_final, created_at)
  FROM plan WHERE i BETWEEN ${from} AND ${to}`;
};

/** Every transition of the plan: submit, the revision cycles, the last claim, processing, the decision. */
const eventsBatch = (o: BenchOffice, from: number, to: number) => {
  const x = q(o);
  const cols = `office_id, application_id, action, from_status, to_status, actor_kind, actor_id, reason, at`;
  const select = `SELECT ${x.office}, ${x.app("p.i")}, v.action, v.f, v.t, v.kind,
       CASE WHEN v.kind = 'operator' THEN ${x.operator("p.operator_n")} END,
       CASE WHEN v.action = 'reject' THEN 'Dokumen tidak sesuai' END, v.at`;
  return `
INSERT INTO application_events (${cols})
${select}
  FROM plan p CROSS JOIN LATERAL (VALUES
    ('submit', 'draft', 'submitted', 'citizen', p.s, p.s IS NOT NULL),
    ('claim', 'submitted', 'in_review', 'operator', p.claim_final, p.status IN ('completed', 'rejected', 'processing', 'in_review')),
    ('start_processing', 'in_review', 'processing', 'operator', p.claim_final + make_interval(secs => p.d / 2), p.status IN ('completed', 'processing')),
    ('complete', 'processing', 'completed', 'operator', p.decided, p.status = 'completed'),
    ('reject', 'in_review', 'rejected', 'operator', p.decided, p.status = 'rejected'),
    ('expire', CASE WHEN p.s IS NULL THEN 'draft' ELSE 'needs_revision' END, 'expired', 'system', p.closed_at, p.status = 'expired'),
    ('cancel', 'draft', 'cancelled', 'citizen', p.closed_at, p.status = 'cancelled')
  ) v(action, f, t, kind, at, keep)
 WHERE v.keep AND p.i BETWEEN ${from} AND ${to}
UNION ALL
${select}
  FROM plan p CROSS JOIN LATERAL generate_series(0, p.rev - 1) k CROSS JOIN LATERAL (VALUES
    ('claim', 'submitted', 'in_review', 'operator', p.s + make_interval(secs => 2 * k * p.g + 300), true),
    ('request_revision', 'in_review', 'needs_revision', 'operator', p.s + make_interval(secs => 2 * k * p.g + 900), true),
    ('resubmit', 'needs_revision', 'submitted', 'citizen', p.s + make_interval(secs => (2 * k + 1) * p.g),
      k < p.rev - 1 OR p.status NOT IN ('needs_revision', 'expired'))
  ) v(action, f, t, kind, at, keep)
 WHERE v.keep AND p.i BETWEEN ${from} AND ${to}`;
};

const itemsBatch = (o: BenchOffice, from: number, to: number) => {
  const x = q(o);
  return `
INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids, verification, created_at, updated_at)
SELECT ${x.office}, ${x.app("i")}, CASE WHEN k = 1 THEN req1 ELSE req2 END, ARRAY[${x.blob("i || ':' || k")}],
       CASE WHEN status = 'completed' THEN 'accepted' ELSE 'pending' END, s - interval '2 minutes', s - interval '2 minutes'
  FROM plan CROSS JOIN LATERAL generate_series(1, CASE WHEN req2 IS NULL THEN 1 ELSE 2 END) k
 WHERE s IS NOT NULL AND i BETWEEN ${from} AND ${to}`;
};

/** The pages of each item and the result files; the daily purge has deleted those past retention. */
const blobsBatch = (o: BenchOffice, from: number, to: number) => {
  const x = q(o);
  const purged = `CASE WHEN closed_at + make_interval(days => keep_days + 1) < '${NOW.toISOString()}'::timestamptz
    THEN closed_at + make_interval(days => keep_days, hours => 2) END`;
  const cols = `id, office_id, storage_key, size_bytes, sha256, mime_type, key_id, kind, purged_at, created_at`;
  return `
INSERT INTO blobs (${cols})
SELECT ${x.blob("i || ':' || k")}, ${x.office}, 'bench/${o.code}/' || i || '-' || k, 150000 + (i::bigint * 7919 + k * 104729) % 2850000,
       md5('sha' || i || ':' || k) || md5('sha2' || i || ':' || k), 'image/jpeg', 'bench-key', 'citizen_document', ${purged},
       s - interval '2 minutes'
  FROM plan CROSS JOIN LATERAL generate_series(1, CASE WHEN req2 IS NULL THEN 1 ELSE 2 END) k
 WHERE s IS NOT NULL AND i BETWEEN ${from} AND ${to}
UNION ALL
SELECT ${x.blob("'r' || i")}, ${x.office}, 'bench/${o.code}/r' || i, 80000 + (i::bigint * 7919) % 420000,
       md5('shar' || i) || md5('shar2' || i), 'application/pdf', 'bench-key', 'result', ${purged}, decided
  FROM plan WHERE status = 'completed' AND NOT pickup AND i BETWEEN ${from} AND ${to}`;
};

type IndexDef = { name: string; def: string };

/** Drops the tables' secondary indexes (not those behind constraints) and returns how to rebuild them. */
const dropSecondaryIndexes = async (s: Session, tables: string[]): Promise<IndexDef[]> => {
  const defs = await s.query<IndexDef>(
    `SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relname IN (${tables.map((t) => `'${t}'`).join(", ")}) AND c.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
  );
  for (const d of defs) await s.query(`DROP INDEX "${d.name}"`);
  return defs;
};

/** Generates the office's year; returns what each table took. Health samples (global) only when asked. */
export const generateYear = async (
  database: Database,
  o: { office: BenchOffice; volume: Volume; catalogue: Catalogue; policy: RetentionPolicy; batch: number },
  log: (line: string) => void,
  withHealth: boolean,
): Promise<Step[]> =>
  database.withSession(async (session) => {
    const g: Gen = { session, office: o.office, volume: o.volume, batch: o.batch, log };
    const pg = database.kind === "postgres";
    await session.query(`SET work_mem = '${pg ? "256MB" : "64MB"}'`);
    await session.query(`SET maintenance_work_mem = '${pg ? "512MB" : "128MB"}'`);
    await session.query("SET session_replication_role = replica");
    // Compiling these long statements with JIT took longer than running them (12 s vs 0.5 s a batch).
    if (pg) await session.query("SET jit = off");
    await session.query("SELECT setseed(0.42)");
    await svcTable(session, o.catalogue, o.policy);
    await session.query("DROP TABLE IF EXISTS plan");
    await session.query(`CREATE TEMP TABLE plan (${PLAN_COLUMNS})`);
    const indexes = await dropSecondaryIndexes(session, LOADED);
    const steps: Step[] = [];
    const apps = o.volume.applications;
    const batched =
      (sqlFor: (from: number, to: number) => string, n = apps) =>
      () =>
        inBatches(n, g.batch, async (from, to) => void (await session.query(sqlFor(from, to))));
    steps.push(await step(g, "operators", async () => {}));
    steps.push(...(await contactRows(g)));
    const plan = async () => {
      await batched((f, t) => planBatch(o.office, o.volume, f, t))();
      await session.query("ANALYZE plan");
    };
    steps.push(await step(g, "plan (temporary)", plan, { table: "plan", global: true }));
    steps.push(
      await step(
        g,
        "applications",
        batched((f, t) => applicationsBatch(o.office, o.catalogue, f, t)),
      ),
    );
    steps.push(
      await step(
        g,
        "application_events",
        batched((f, t) => eventsBatch(o.office, f, t)),
      ),
    );
    steps.push(
      await step(
        g,
        "application_items",
        batched((f, t) => itemsBatch(o.office, f, t)),
      ),
    );
    steps.push(
      await step(
        g,
        "blobs",
        batched((f, t) => blobsBatch(o.office, f, t)),
      ),
    );
    steps.push(...(await messageRows(g)));
    steps.push(...(await campaignRows(g)));
    steps.push(...(await auditRows(g)));
    steps.push(...(await surveyRows(g)));
    steps.push(...(await smallTables(g, o.catalogue)));
    if (withHealth) steps.push(...(await healthRows(g)));
    const started = performance.now();
    for (const index of indexes) await session.query(index.def);
    const seconds = (performance.now() - started) / 1000;
    log(
      `  ${"secondary indexes".padEnd(24)} ${String(indexes.length).padStart(12)} built ${seconds.toFixed(1).padStart(7)} s`,
    );
    steps.push({ table: "secondary indexes rebuilt", rows: indexes.length, seconds });
    await session.query("SET session_replication_role = DEFAULT");
    // The load ran with triggers off, so the ones that keep blob_references did not fire (retention.repo.ts).
    const references = async () => void (await session.query("SELECT blob_references_rebuild()"));
    steps.push(await step(g, "blob_references", references));
    await session.query("DROP TABLE plan");
    await session.query("DROP TABLE svc");
    return steps;
  });
