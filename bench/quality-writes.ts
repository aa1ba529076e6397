/**
 * What keeping the rollups costs each event: an application's lifecycle (submit → claim → start_processing →
 * complete) through the real services, and a message's (queueMessage answering a waiting citizen, then the
 * accepted, delivered and read statuses), each in its own transaction as production runs them. Baseline in
 * the same run: the same operations with rollup maintenance switched off (setRollupsEnabled, bench only);
 * rounds alternate so drift hits both alike.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { createDraft, submitApplication } from "../src/modules/applications/applications.service.ts";
import { claim, complete, startProcessing } from "../src/modules/applications/review.service.ts";
import type { Catalogue } from "../src/modules/catalogue/schema.ts";
import { lockOutboundByOutboxId, touchInbound } from "../src/modules/messaging/messaging.repo.ts";
import { applyOutboundStatus, queueMessage } from "../src/modules/messaging/outbound.service.ts";
import { FOLD_BATCH, foldRollupDeltas, setRollupsEnabled } from "../src/modules/reports/rollups.repo.ts";
import type { Actor } from "../src/modules/shared/actor.ts";
import { deriveFieldKeys } from "../src/modules/shared/field-crypto.ts";
import { createCalendar } from "../src/modules/sla/calendar.ts";
import { type Database, rows } from "../src/platform/db/client.ts";
import { textMessage } from "../src/platform/whatsapp/builders.ts";
import { q } from "./quality-sql.ts";
import { type BenchOffice, createBenchOffice, TIME_ZONE } from "./quality-volume.ts";

export type WritesSettings = { perRound: number; rounds: number };
export type WriteCost = {
  kind: string;
  /** What the event adds to the rollups. */
  rollups: string;
  events: number;
  withMs: number;
  withoutMs: number;
  ratio: number;
};
export type WritesResult = WritesSettings & {
  kinds: WriteCost[];
  /** Background work the events leave: folding their deltas into daily rollups and summaries, per application
   * lifecycle plus message lifecycle (ms, mean over the rounds with rollups). */
  foldMs: number;
  application: Omit<WriteCost, "kind" | "rollups" | "events">;
  message: Omit<WriteCost, "kind" | "rollups" | "events">;
};

const KINDS: Array<[string, string]> = [
  ["submit", "app.submitted, app.to_submit_s"],
  ["claim", "—"],
  ["start_processing", "—"],
  ["complete", "6 rows; reads revisions and the office calendar"],
  ["queueMessage (answers)", "resp.bot_s / resp.person_s"],
  ["status accepted", "msg.lag_s"],
  ["status delivered", "msg.delivered"],
  ["status read", "— (no class change)"],
];

type Ctx = {
  database: Database;
  office: BenchOffice;
  catalogue: Catalogue;
  conversations: string[];
  times: Map<string, number[]>;
};

const KEYS = deriveFieldKeys(randomBytes(32));
const CALENDAR = createCalendar({ timeZone: TIME_ZONE });

const timed = async <T>(ctx: Ctx, kind: string, fn: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await fn();
  ctx.times.set(kind, [...(ctx.times.get(kind) ?? []), performance.now() - started]);
  return result;
};

const applications = async (ctx: Ctx, n: number) => {
  const { db } = ctx.database;
  const { officeId } = ctx.office;
  const staff: Actor = { kind: "operator", operatorId: ctx.office.operatorIds[0]!, role: "operator" };
  for (let i = 0; i < n; i++) {
    const conversation = ctx.conversations[i % ctx.conversations.length]!;
    const [row] = await rows<{ contact_id: string }>(
      db,
      sql`SELECT contact_id FROM conversations WHERE id = ${conversation}`,
    );
    const draft = await createDraft(db, {
      officeId,
      contactId: row!.contact_id,
      conversationId: conversation,
      catalogue: ctx.catalogue,
      serviceCode: "kk",
      variantCode: "baru",
      keys: KEYS,
    });
    const ids = { officeId, applicationId: draft.id };
    const citizen: Actor = { kind: "citizen", contactId: row!.contact_id };
    await timed(ctx, "submit", () =>
      submitApplication(db, { ...ids, actor: citizen, catalogue: ctx.catalogue, calendar: CALENDAR }),
    );
    await timed(ctx, "claim", () => claim(db, { ...ids, actor: staff }));
    await timed(ctx, "start_processing", () => startProcessing(db, { ...ids, actor: staff }));
    await timed(ctx, "complete", () => complete(db, { ...ids, actor: staff, pickup: i % 5 === 0 }));
  }
};

const messages = async (ctx: Ctx, n: number) => {
  const { db } = ctx.database;
  const { officeId, channelId } = ctx.office;
  for (let i = 0; i < n; i++) {
    const id = ctx.conversations[i % ctx.conversations.length]!;
    await touchInbound(db, id, new Date(Date.now() - 30_000)); // a citizen is waiting (not timed)
    const to = "6281300000000";
    const { outboxId } = await timed(ctx, "queueMessage (answers)", () =>
      db.transaction((tx) =>
        queueMessage(tx, KEYS, {
          conversation: { id, officeId, channelId },
          recipient: to,
          body: textMessage({ to, body: "Permohonan Anda sedang kami proses." }),
          ...(i % 2 === 0 ? { sentBy: ctx.office.operatorIds[0]! } : {}),
        }),
      ),
    );
    for (const status of ["accepted", "delivered", "read"])
      await timed(ctx, `status ${status}`, () =>
        db.transaction(async (tx) => {
          const message = await lockOutboundByOutboxId(tx, outboxId);
          await applyOutboundStatus(tx, message!, status, new Date());
        }),
      );
  }
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** An office of its own in the bench database (its tables already hold the year, as production's would). */
export const benchWrites = async (
  database: Database,
  catalogue: Catalogue,
  s: WritesSettings,
): Promise<WritesResult> => {
  const office = await createBenchOffice(database.db, `W${randomBytes(3).toString("hex")}`);
  const x = q(office);
  await database.db.execute(
    sql.raw(`INSERT INTO contacts (id, office_id, wa_id) SELECT ${x.contact("n")}, ${x.office}, '62813' || n
               FROM generate_series(1, 20) n`),
  );
  await database.db.execute(
    sql.raw(`INSERT INTO conversations (id, office_id, contact_id, channel_id)
             SELECT ${x.conversation("n")}, ${x.office}, ${x.contact("n")}, ${x.channel} FROM generate_series(1, 20) n`),
  );
  const found = await rows<{ id: string }>(
    database.db,
    sql.raw(`SELECT id::text AS id FROM conversations WHERE office_id = ${x.office} ORDER BY id`),
  );
  const conversations = found.map((r) => r.id);
  const on: Ctx = { database, office, catalogue, conversations, times: new Map() };
  const off: Ctx = { ...on, times: new Map() };
  const warm: Ctx = { ...on, times: new Map() };
  const foldAll = async () => {
    while ((await foldRollupDeltas(database.db)) === FOLD_BATCH);
  };
  try {
    await applications(warm, Math.ceil(s.perRound / 4));
    await messages(warm, Math.ceil(s.perRound / 4));
    await foldAll();
    for (let round = 0; round < s.rounds; round++) {
      const order = round % 2 === 0 ? [on, off] : [off, on];
      for (const ctx of order) {
        setRollupsEnabled(ctx === on);
        await applications(ctx, s.perRound);
        await messages(ctx, s.perRound);
        if (ctx === on) await timed(ctx, "fold", async () => foldAll());
      }
    }
  } finally {
    setRollupsEnabled(true);
  }
  const kinds = KINDS.map(([kind, rollups]) => {
    const [withMs, withoutMs] = [mean(on.times.get(kind) ?? []), mean(off.times.get(kind) ?? [])];
    return {
      kind,
      rollups,
      events: on.times.get(kind)?.length ?? 0,
      withMs,
      withoutMs,
      ratio: withMs / withoutMs,
    };
  });
  const sum = (names: string[]) => {
    const pick = kinds.filter((k) => names.includes(k.kind));
    const withMs = pick.reduce((a, k) => a + k.withMs, 0);
    const withoutMs = pick.reduce((a, k) => a + k.withoutMs, 0);
    return { withMs, withoutMs, ratio: withMs / withoutMs };
  };
  return {
    ...s,
    kinds,
    foldMs: (on.times.get("fold") ?? []).reduce((a, b) => a + b, 0) / (s.rounds * s.perRound),
    application: sum(["submit", "claim", "start_processing", "complete"]),
    message: sum(["queueMessage (answers)", "status accepted", "status delivered", "status read"]),
  };
};
