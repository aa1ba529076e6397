import { sql } from "drizzle-orm";
import {
  boolean,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** An office is the tenant: every business row carries its office_id. */
export const offices = pgTable("offices", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  /** Short code used in tracking numbers, e.g. KPG. */
  code: text("code").notNull(),
  timeZone: text("time_zone").notNull().default("Asia/Makassar"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A WhatsApp business number. Kupang today has one per service; one number for everything also works. */
export const channels = pgTable(
  "channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    phoneNumberId: text("phone_number_id").notNull(),
    wabaId: text("waba_id"),
    displayPhoneNumber: text("display_phone_number"),
    label: text("label").notNull(),
    /** Catalogue service codes this number serves; empty means all. */
    serviceCodes: text("service_codes").array().notNull().default(sql`'{}'::text[]`),
    /** Messages per second Meta allows this number (80 by default); null uses the configured default. */
    ratePerSecond: integer("rate_per_second"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("channels_phone_number_id_key").on(t.phoneNumberId)],
);

export const operators = pgTable(
  "operators",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    role: text("role").notNull(),
    passwordHash: text("password_hash").notNull(),
    mustChangePassword: boolean("must_change_password").notNull().default(true),
    /** Desk language: id | en. */
    locale: text("locale").notNull().default("id"),
    active: boolean("active").notNull().default(true),
    /** Consecutive wrong passwords; reset by a successful login. */
    failedLogins: integer("failed_logins").notNull().default(0),
    /** Locked out until then (too many wrong passwords); an admin can unlock earlier. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** The TOTP secret, encrypted with the field key; null when the second factor is off. */
    totpSecretEncrypted: text("totp_secret_encrypted"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("operators_office_username_key").on(t.officeId, t.username)],
);

/** The services an operator works on (and so the queues, conversations and files they see). */
export const operatorServices = pgTable(
  "operator_services",
  {
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id, { onDelete: "cascade" }),
    serviceCode: text("service_code").notNull(),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.serviceCode] })],
);
