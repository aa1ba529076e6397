import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { applications } from "./applications.ts";
import { contacts } from "./messaging.ts";
import { offices, operators } from "./tenancy.ts";

/**
 * Daily rollups the quality reports read instead of raw messages and applications (a year of a large office
 * is 20,000,000 messages). Maintained in the transaction of the event that changes them, and rebuildable from
 * the raw rows (modules/reports/rollups.recompute.ts). `bucket` is -1 for a plain count; a duration metric
 * keeps a histogram of geometric buckets (reports/histogram.ts) so medians and p90 need no raw rows.
 * Empty dimensions are '' (not null) so the key is a plain primary key.
 */
export const dailyRollups = pgTable(
  "daily_rollups",
  {
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** The day in the office's time zone. */
    day: date("day", { mode: "string" }).notNull(),
    metric: text("metric").notNull(),
    serviceCode: text("service_code").notNull().default(""),
    operatorId: text("operator_id").notNull().default(""),
    /** A further dimension some metrics need: the Graph error code of a failed send, the channel, … */
    detail: text("detail").notNull().default(""),
    bucket: integer("bucket").notNull().default(-1),
    count: bigint("count", { mode: "number" }).notNull().default(0),
    /** Sum of the values counted (seconds, hours, revisions), for exact means. */
    total: doublePrecision("total").notNull().default(0),
  },
  (t) => [
    primaryKey({
      columns: [t.officeId, t.day, t.metric, t.serviceCode, t.operatorId, t.detail, t.bucket],
    }),
    index("daily_rollups_metric_idx").on(t.officeId, t.metric, t.day),
  ],
);

/**
 * A satisfaction survey answered by a citizen: the SKM (IKM, PermenPAN-RB 14/2017, 9 elements scored 1–4) or
 * the optional adapted E-S-QUAL instrument (5-point). Never merged: `instrument` says which. Paper surveys
 * imported from a CSV have no contact and carry their import's id.
 */
export const surveyResponses = pgTable(
  "survey_responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** skm | esqual */
    instrument: text("instrument").notNull(),
    /** whatsapp | paper */
    channel: text("channel").notNull(),
    applicationId: uuid("application_id").references(() => applications.id),
    contactId: uuid("contact_id").references(() => contacts.id),
    importId: uuid("import_id"),
    serviceCode: text("service_code"),
    /** invited | answering | completed | expired */
    status: text("status").notNull(),
    /** Element or item code → score, e.g. { "U1": 4, "U3": 2 }; unanswered ones absent. */
    answers: jsonb("answers").$type<Record<string, number>>().notNull().default({}),
    /** Optional respondent profile codes: sex, age, education, occupation. */
    profile: jsonb("profile").$type<Record<string, string>>().notNull().default({}),
    /** Free-text suggestion, sealed like chat contents (modules/shared/sealed.ts). */
    suggestion: jsonb("suggestion").$type<{ sealed: string }>(),
    /** The day the answers count for (the office's day): completion day, or the paper survey's day. */
    answeredOn: date("answered_on", { mode: "string" }),
    invitedAt: timestamp("invited_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("survey_responses_period_idx").on(t.officeId, t.instrument, t.answeredOn),
    uniqueIndex("survey_responses_application_key").on(t.applicationId, t.instrument),
    index("survey_responses_contact_idx").on(t.contactId),
  ],
);

/** A paper SKM survey imported from a CSV into a period. */
export const surveyImports = pgTable("survey_imports", {
  id: uuid("id").primaryKey().defaultRandom(),
  officeId: uuid("office_id")
    .notNull()
    .references(() => offices.id),
  fileName: text("file_name").notNull(),
  serviceCode: text("service_code"),
  answeredOn: date("answered_on", { mode: "string" }).notNull(),
  respondents: integer("respondents").notNull(),
  importedBy: uuid("imported_by").references(() => operators.id),
  importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Applications handled at the counter, entered monthly by an admin, so reach compares channels. */
export const counterFigures = pgTable(
  "counter_figures",
  {
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** YYYY-MM */
    month: text("month").notNull(),
    serviceCode: text("service_code").notNull().default(""),
    applications: integer("applications").notNull(),
    enteredBy: uuid("entered_by").references(() => operators.id),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.month, t.serviceCode] })],
);

/**
 * Lontar's own health record: one row per instance per minute it was up, with its webhook answers in that
 * minute. System availability is read from here (minutes with a healthy instance ÷ minutes in the period).
 */
export const healthSamples = pgTable(
  "health_samples",
  {
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    instance: text("instance").notNull(),
    databaseOk: boolean("database_ok").notNull(),
    webhookOk: integer("webhook_ok").notNull().default(0),
    webhookFailed: integer("webhook_failed").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.minute, t.instance] })],
);

/**
 * Increments waiting to be folded into daily_rollups. Events only ever INSERT here (no shared row is locked,
 * so concurrent transactions never wait on each other or deadlock over a hot counter); a periodic fold moves
 * them into daily_rollups in one sorted statement. Readers add both tables.
 */
export const rollupDeltas = pgTable(
  "rollup_deltas",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    officeId: uuid("office_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    metric: text("metric").notNull(),
    serviceCode: text("service_code").notNull().default(""),
    operatorId: text("operator_id").notNull().default(""),
    detail: text("detail").notNull().default(""),
    bucket: integer("bucket").notNull().default(-1),
    count: bigint("count", { mode: "number" }).notNull().default(0),
    total: doublePrecision("total").notNull().default(0),
  },
  (t) => [index("rollup_deltas_office_idx").on(t.officeId, t.metric, t.day)],
);

/**
 * The daily rollups summed to the levels and periods a report asks for, so a year's report reads a few
 * thousand rows instead of the daily cross product of day × service × operator × bucket. Written by the fold
 * (rollups.repo.ts) together with daily_rollups, and rebuilt from them. `level`: 0 the whole office, 1 per
 * service, 2 per operator, 3 per service and operator; a dimension summed over is '*'. `grain`: 'day' or
 * 'month' (`period` is the day, or the month's first day).
 */
export const rollupSummaries = pgTable(
  "rollup_summaries",
  {
    officeId: uuid("office_id").notNull(),
    level: smallint("level").notNull(),
    grain: text("grain").notNull(),
    metric: text("metric").notNull(),
    period: date("period", { mode: "string" }).notNull(),
    serviceCode: text("service_code").notNull(),
    operatorId: text("operator_id").notNull(),
    detail: text("detail").notNull(),
    bucket: integer("bucket").notNull(),
    count: bigint("count", { mode: "number" }).notNull().default(0),
    total: doublePrecision("total").notNull().default(0),
  },
  (t) => [
    primaryKey({
      name: "rollup_summaries_pkey",
      columns: [
        t.officeId,
        t.level,
        t.grain,
        t.metric,
        t.period,
        t.serviceCode,
        t.operatorId,
        t.detail,
        t.bucket,
      ],
    }),
  ],
);

/**
 * Healthy minutes per closed hour, summed from health_samples once the hour is over, so a year's availability
 * reads 8,760 rows instead of 525,600 samples. Hours are summarised in order; `hour` is the hour's start.
 */
export const healthHours = pgTable("health_hours", {
  hour: timestamp("hour", { withTimezone: true }).primaryKey(),
  healthyMinutes: integer("healthy_minutes").notNull(),
});
