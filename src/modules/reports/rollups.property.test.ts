/**
 * Property: after any sequence of events — applications submitted, revised, completed or rejected; citizens
 * writing; the bot and operators answering; statuses arriving in any order; documents viewed and NIKs revealed;
 * new contacts — the rollups maintained live equal a rebuild from the raw rows.
 */

import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { templateMessage, textMessage } from "../../platform/whatsapp/builders.ts";
import { createDraft, resubmit, submitApplication } from "../applications/applications.service.ts";
import { claim, complete, reject, requestRevision, startProcessing } from "../applications/review.service.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { queueMessages } from "../broadcasts/outbox-batch.ts";
import { insertStoredFile } from "../documents/stored-file.repo.ts";
import { insertContactIfAbsent, lockOutboundByOutboxId, touchInbound } from "../messaging/messaging.repo.ts";
import { applyOutboundStatus, queueMessage } from "../messaging/outbound.service.ts";
import { DomainError } from "../shared/domain-error.ts";
import {
  addCitizen,
  CALENDAR,
  CATALOGUE,
  citizenActor,
  KEYS,
  operatorActor,
  type Seeded,
  seedOffice,
  wita,
} from "../shared/test-fixtures.ts";
import {
  BY_OPERATOR,
  METRIC,
  OPERATOR_SCOPED,
  RECOMPUTABLE,
  type RollupRow,
  SERVICE_SCOPED,
} from "./rollup-metrics.ts";
import { recomputeRollups } from "./rollups.recompute.ts";
import { allRollups, foldRollupDeltas } from "./rollups.repo.ts";
import { type RollupQuery, sumRollups } from "./summaries.repo.ts";

/** mulberry32: a small seeded generator, so a failing sequence can be replayed from its seed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const sorted = (rows: RollupRow[]) =>
  rows
    .map((r) => ({ ...r, total: Math.round(r.total * 1e6) / 1e6 }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The rows that differ, as "live" / "rebuilt" pairs, so a failure names the metric and day at once. */
const differences = (live: RollupRow[], rebuilt: RollupRow[]) => {
  const key = (r: RollupRow) => JSON.stringify({ ...r, count: 0, total: 0 });
  const a = new Map(live.map((r) => [key(r), r]));
  const b = new Map(rebuilt.map((r) => [key(r), r]));
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k)))
    .map((k) => ({ live: a.get(k), rebuilt: b.get(k) }));
};

type Sum = { metric: string; detail: string; operator: string; bucket: number; count: number; total: number };

/** Sums keyed the way the report uses them: per operator only for the per-operator metrics. */
const normalised = (sums: Sum[]) => {
  const byKey = new Map<string, Sum>();
  for (const r of sums) {
    const operator = BY_OPERATOR.includes(r.metric) ? r.operator : "";
    const row = { metric: r.metric, detail: r.detail, operator, bucket: r.bucket, count: 0, total: 0 };
    const key = JSON.stringify(row);
    const sum = byKey.get(key) ?? row;
    sum.count += Number(r.count);
    sum.total += Number(r.total);
    byKey.set(key, sum);
  }
  return [...byKey.values()]
    .filter((r) => r.count !== 0 || Math.abs(r.total) > 1e-6)
    .map((r) => ({ ...r, total: Math.round(r.total * 1e3) / 1e3 }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
};

/** What a report over `q` must see: the plain sum of the daily rows with the report's filters. */
const expectedSums = (daily: RollupRow[], q: RollupQuery) =>
  normalised(
    daily
      .filter(
        (r) =>
          r.day >= q.from &&
          r.day <= q.to &&
          (!q.serviceCode || !SERVICE_SCOPED.includes(r.metric) || r.serviceCode === q.serviceCode) &&
          (!q.operatorId || !OPERATOR_SCOPED.includes(r.metric) || r.operatorId === q.operatorId),
      )
      .map((r) => ({ ...r, operator: r.operatorId })),
  );

/** Whole months, parts of months, one day, a year: every way a period splits into monthly and daily rows. */
const PERIODS = [
  ["2026-10-29", "2026-11-06"],
  ["2026-10-01", "2026-10-31"],
  ["2026-11-01", "2026-11-30"],
  ["2026-10-30", "2026-11-02"],
  ["2026-11-03", "2026-11-03"],
  ["2026-01-01", "2026-12-31"],
  ["2026-10-31", "2026-12-01"],
] as const;

/** The report's reads (summaries and pending deltas) against the plain sums, for every period and filter. */
const checkReads = async (db: Db, s: Seeded, stage: string) => {
  const daily = await allRollups(db, s.officeId, Object.values(METRIC));
  const filters = [
    {},
    { serviceCode: "kk" },
    { operatorId: s.operatorId },
    { serviceCode: "kk", operatorId: s.otherOperatorId },
  ];
  for (const [from, to] of PERIODS)
    for (const filter of filters) {
      const q = { officeId: s.officeId, from, to, ...filter };
      const read = (await sumRollups(db, q)).map((r) => ({ ...r, operator: r.operator_id }));
      assert.deepEqual(normalised(read), expectedSums(daily, q), `${stage}: ${JSON.stringify(q)}`);
    }
};

type World = {
  s: Seeded;
  people: Array<{ contactId: string; conversationId: string }>;
  apps: Array<{ id: string; contactId: string }>;
  outbox: number[];
};

const STATUSES = ["accepted", "sent", "delivered", "read", "failed"];
/** Campaign messages need no campaign row: the rollups only ask whether a message has one. */
const CAMPAIGN = "00000000-0000-4000-8000-00000000ca00";

const step = async (db: Db, w: World, pick: () => number, now: Date) => {
  const one = <T>(xs: T[]) => xs[Math.floor(pick() * xs.length)]!;
  const ids = (id: string) => ({ officeId: w.s.officeId, applicationId: id });
  const staff = operatorActor(one([w.s.operatorId, w.s.otherOperatorId]));
  const app = w.apps.length ? one(w.apps) : undefined;
  const person = one(w.people);
  const roll = pick();
  // The background fold runs at any moment: readers must see the same sums before and after it.
  if (roll > 0.97) await foldRollupDeltas(db, 1 + (Math.floor(roll * 1000) % 20));
  if (roll < 0.1) {
    const draft = await createDraft(db, {
      officeId: w.s.officeId,
      contactId: person.contactId,
      conversationId: person.conversationId,
      catalogue: CATALOGUE,
      ...one([
        { serviceCode: "kk", variantCode: "baru" },
        { serviceCode: "akta_kematian" },
        { serviceCode: "legalisir" },
      ]),
      keys: KEYS,
      now: new Date(now.getTime() - Math.floor(pick() * 7_200_000)),
    });
    w.apps.push({ id: draft.id, contactId: person.contactId });
  } else if (roll < 0.55 && app) {
    const actions = [
      () =>
        submitApplication(db, {
          ...ids(app.id),
          actor: citizenActor(app.contactId),
          catalogue: CATALOGUE,
          calendar: CALENDAR,
          now,
        }),
      () => claim(db, { ...ids(app.id), actor: staff, now }),
      () =>
        requestRevision(db, {
          ...ids(app.id),
          actor: staff,
          now,
          items: [{ requirementId: "ktp", reason: "blur" }],
        }),
      () => resubmit(db, { ...ids(app.id), actor: citizenActor(app.contactId), calendar: CALENDAR, now }),
      () => startProcessing(db, { ...ids(app.id), actor: staff, now }),
      () => complete(db, { ...ids(app.id), actor: staff, now, pickup: pick() < 0.3 }),
      () => reject(db, { ...ids(app.id), actor: staff, now, reason: "tidak lengkap" }),
    ];
    // Most actions are not allowed in the application's status: refused, nothing changes. Try them in a
    // random order until one is allowed, so applications move on.
    // Revisions and rejections are rarer than progress, as in an office.
    const tried = actions.filter((_, i) => i < 2 || (i === 2 ? pick() < 0.3 : i === 6 ? pick() < 0.4 : true));
    for (const action of tried.sort(() => pick() - 0.5)) {
      const done = await action().then(
        () => true,
        (e) => {
          if (e instanceof DomainError) return false;
          throw e;
        },
      );
      if (done) break;
    }
  } else if (roll < 0.65) {
    await touchInbound(db, person.conversationId, now);
  } else if (roll < 0.73) {
    const { outboxId } = await queueMessage(db, KEYS, {
      conversation: { id: person.conversationId, officeId: w.s.officeId, channelId: w.s.channelId },
      recipient: "6281200000000",
      body: textMessage({ to: "6281200000000", body: "Halo" }),
      ...(pick() < 0.4 ? { sentBy: one([w.s.operatorId, w.s.otherOperatorId]) } : {}),
    });
    w.outbox.push(outboxId);
  } else if (roll < 0.77) {
    const body = templateMessage({ to: "6281200000001", name: "info_layanan", language: "id" });
    const queued = await queueMessages(
      db,
      KEYS,
      [{ key: "x", conversation: { ...w.s, id: person.conversationId }, recipient: "6281200000001", body }],
      { id: CAMPAIGN, officeId: w.s.officeId },
    );
    w.outbox.push(queued.get("x")!.outboxId);
  } else if (roll < 0.8) {
    const id = await insertStoredFile(db, {
      officeId: w.s.officeId,
      stored: { key: `k/${now.getTime()}`, size: 10, sha256: "0", backend: "fs", keyId: "k1" },
      mimeType: "image/jpeg",
      at: now,
    });
    // A file from before key ids: the report counts it as stored, not as encrypted.
    if (pick() >= 0.8) await db.execute(sql`UPDATE blobs SET key_id = NULL WHERE id = ${id}`);
  } else if (roll < 0.9 && w.outbox.length) {
    await db.transaction(async (tx) => {
      const message = await lockOutboundByOutboxId(tx, one(w.outbox));
      if (!message) return;
      const status = one(STATUSES);
      const error =
        status === "failed"
          ? { code: one([131026, 131049, 131047]), title: "x", needsTemplate: false }
          : undefined;
      await applyOutboundStatus(tx, message, status, now, error ? { error } : {});
    });
  } else if (roll < 0.95) {
    await recordAudit(db, {
      officeId: w.s.officeId,
      actorId: one([w.s.operatorId, w.s.otherOperatorId]),
      action: one(["file.view", "nik.reveal", "login"]),
      at: now,
    });
  } else {
    await insertContactIfAbsent(db, KEYS, w.s.officeId, { waId: `62813${Math.floor(pick() * 1e9)}` });
  }
};

describeEachDatabase("daily rollups", (database) => {
  for (const seed of [1, 2, 3]) {
    test(`live rollups equal a rebuild from raw rows (seed ${seed})`, async () => {
      const db = database().db;
      const pick = random(seed);
      const s = await seedOffice(db, `RP${seed}`);
      const people = [
        { contactId: s.contactId, conversationId: s.conversationId },
        await addCitizen(db, s.officeId, s.channelId),
        await addCitizen(db, s.officeId, s.channelId),
      ];
      const w: World = { s, people, apps: [], outbox: [] };
      // About a week around midnights WITA and the end of October, so events fall on either side of day and
      // month boundaries.
      let now = wita("2026-10-29 22:00");
      for (let i = 0; i < 240; i++) {
        now = new Date(now.getTime() + Math.floor(pick() * 90 * 60_000));
        await step(db, w, pick, now);
      }
      const live = await allRollups(db, s.officeId, RECOMPUTABLE);
      await checkReads(db, s, "deltas pending");
      await foldRollupDeltas(db);
      await checkReads(db, s, "all folded");
      assert.deepEqual(
        sorted(await allRollups(db, s.officeId, RECOMPUTABLE)),
        sorted(live),
        "a fold changes no sum",
      );
      const rebuilt = await recomputeRollups(db, s.officeId);
      assert.ok(live.length > 10, `only ${live.length} rollup rows: the sequence exercised too little`);
      const metrics = new Set(live.map((r) => r.metric));
      for (const m of [
        "app.submitted",
        "app.completed",
        "msg.delivered",
        "resp.bot_s",
        "audit.file_view",
        "doc.stored",
        "broadcast.queued",
        "broadcast.delivered",
      ])
        assert.ok(metrics.has(m), `${m} never happened in this sequence`);
      assert.deepEqual(differences(sorted(live), sorted(rebuilt)), []);
    });
  }
});
