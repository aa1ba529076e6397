/**
 * The shape of a large office's year for the quality benchmark: how many rows of each kind, the year they fall
 * in, the services' mix, and the office rows every generated row hangs off. Generation itself is SQL
 * (quality-generate.ts); this file holds what both the generator and the measurements need to agree on.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Catalogue } from "../src/modules/catalogue/schema.ts";
import { seedOfficeCalendar } from "../src/modules/offices/calendar.service.ts";
import { type Db, rows } from "../src/platform/db/client.ts";

export type Volume = {
  applications: number;
  messages: number;
  contacts: number;
  surveys: number;
  fileViews: number;
  nikReveals: number;
  /** Broadcasts in the year, and recipients of each (their messages count in `messages`). */
  campaigns: number;
  campaignRecipients: number;
  dataSubjectRequests: number;
  /** Health samples (one a minute, not per office) cover the last this many days. */
  healthDays: number;
};

/** The issue's large office: 1,000,000 applications and 20,000,000 messages a year. */
export const volumeAt = (scale: number): Volume => {
  const n = (full: number, min = 1) => Math.max(min, Math.round(full * scale));
  return {
    applications: n(1_000_000, 100),
    messages: n(20_000_000, 2000),
    contacts: n(300_000, 30),
    surveys: n(5_000, 10),
    fileViews: n(500_000, 10),
    nikReveals: n(50_000, 5),
    campaigns: 12,
    campaignRecipients: n(10_000, 2),
    dataSubjectRequests: n(60, 3),
    healthDays: 366,
  };
};

/** The year generated, in the office's time zone (WITA, no DST), and the instant reports are asked at. */
export const YEAR = {
  from: "2026-01-01",
  to: "2026-12-31",
  startSql: "timestamptz '2026-01-01 00:00:00+08'",
};
export const YEAR_SECONDS = 365 * 86_400;
export const NOW = new Date("2027-01-01T10:00:00+08:00");
export const TIME_ZONE = "Asia/Makassar";
export const OPERATORS = 20;

/** Share of applications per service: a Dukcapil's mix, KK and KTP-el first (the bench's assumption). */
const WEIGHTS: Record<string, number> = {
  kk: 25,
  ktp_el: 15,
  akta_kelahiran: 15,
  validasi_nik: 12,
  kia: 10,
  surat_pindah: 6,
  pindah_datang: 6,
  akta_kematian: 5,
  legalisir: 4,
  akta_perkawinan: 2,
};

export type ServiceMix = {
  code: string;
  variant: string | null;
  lo: number;
  hi: number;
  requirements: string[];
  slaValue: number | null;
  slaUnit: string | null;
  /** Wall-clock seconds from submission to the due instant (an approximation of the working-time SLA). */
  dueSeconds: number;
};

const dueSecondsOf = (value: number | undefined, unit: string | undefined) =>
  unit === "working_hours" ? (value ?? 4) * 3 * 3600 : (value ?? 1) * 2 * 86_400;

/** The catalogue's application services with their cumulative share of [0, 1). */
export const serviceMix = (catalogue: Catalogue): ServiceMix[] => {
  const services = catalogue.services.filter((s) => s.kind === "application");
  const total = services.reduce((a, s) => a + (WEIGHTS[s.code] ?? 1), 0);
  let lo = 0;
  return services.map((s) => {
    const variant = s.variants[0];
    const ids = [...s.requirements, ...(variant?.requirements ?? [])].map((r) => r.id);
    const sla = variant?.sla ?? s.sla;
    const share = (WEIGHTS[s.code] ?? 1) / total;
    const row = {
      code: s.code,
      variant: variant?.code ?? null,
      lo,
      hi: lo + share,
      requirements: (ids.length ? [...new Set(ids)] : ["dokumen"]).slice(0, 2),
      slaValue: sla?.value ?? null,
      slaUnit: sla?.unit ?? null,
      dueSeconds: dueSecondsOf(sla?.value, sla?.unit),
    };
    lo += share;
    return row;
  });
};

export type BenchOffice = {
  officeId: string;
  channelId: string;
  /** Short and unique in the database: it seeds the deterministic ids (md5(code:kind:n)). */
  code: string;
  operatorIds: string[];
};

/** SQL for the deterministic id of the n-th row of a kind (c contact, v conversation, a application, …). */
export const idSql = (code: string, kind: string, n: string) => `md5('${code}:${kind}:' || (${n}))::uuid`;

/** The office, its WhatsApp number, its operators (ids idSql(code, 'op', n)) and its seeded calendar. */
export const createBenchOffice = async (db: Db, code: string): Promise<BenchOffice> => {
  const [office] = await rows<{ id: string }>(
    db,
    sql`INSERT INTO offices (slug, name, code, time_zone)
      VALUES (${`bench-${code.toLowerCase()}-${randomUUID().slice(0, 8)}`}, ${`Dukcapil Bench ${code}`}, ${code}, ${TIME_ZONE})
      RETURNING id`,
  );
  const officeId = office!.id;
  const [channel] = await rows<{ id: string }>(
    db,
    sql`INSERT INTO channels (office_id, phone_number_id, label)
      VALUES (${officeId}, ${`bench-${randomUUID()}`}, ${`Bench ${code}`}) RETURNING id`,
  );
  const roles = sql.raw(`CASE WHEN n <= ${OPERATORS} THEN 'operator' WHEN n <= ${OPERATORS + 2}
    THEN 'supervisor' ELSE 'admin' END`);
  await db.execute(sql`INSERT INTO operators (id, office_id, username, display_name, role, password_hash)
    SELECT ${sql.raw(idSql(code, "op", "n"))}, ${officeId}, ${code.toLowerCase()} || '-petugas-' || n,
           'Petugas ' || n, ${roles}, '-'
      FROM generate_series(1, ${OPERATORS + 3}) n`);
  await seedOfficeCalendar(db, officeId);
  const ids = await rows<{ id: string }>(
    db,
    sql`SELECT ${sql.raw(idSql(code, "op", "n"))}::text AS id FROM generate_series(1, ${OPERATORS}) n ORDER BY n`,
  );
  return { officeId, channelId: channel!.id, code, operatorIds: ids.map((r) => r.id) };
};
