/**
 * The chat side of the generated year (contacts, conversations, 20,000,000 messages, broadcasts) and the
 * small tables (audit, surveys, outages, data-subject requests, counter figures, health samples).
 * Message contents are a sealed placeholder: the report never decrypts them.
 */
import type { Catalogue } from "../src/modules/catalogue/schema.ts";
import { type Gen, inBatches, q, type Step, step } from "./quality-sql.ts";
import { NOW, serviceMix, TIME_ZONE, YEAR, YEAR_SECONDS } from "./quality-volume.ts";

/** About the size of a short sealed chat message (AES-GCM + base64), never opened. */
const SEALED = `'{"sealed": "v1.bench.${"x".repeat(120)}"}'::jsonb`;

/** An instant spread over the year by row number (monotonic, with some jitter), whole seconds. */
const spread = (i: string, n: number, share = 1, jitterS = 600) =>
  `${YEAR.startSql} + make_interval(secs => floor((${i} - 1)::float8 / ${n} * ${YEAR_SECONDS * share} + random() * ${jitterS}))`;

const weightedOperator = (g: Gen, r: string) =>
  q(g.office).operator(`1 + floor(power(${r}, 1.5) * ${g.office.operatorIds.length})::int`);

export const contactRows = async (g: Gen): Promise<Step[]> => {
  const x = q(g.office);
  const n = g.volume.contacts;
  const contacts = await step(g, "contacts", () =>
    inBatches(n, g.batch, async (from, to) => {
      await g.session.query(`
        INSERT INTO contacts (id, office_id, wa_id, profile_name, created_at, updated_at)
        SELECT ${x.contact("n")}, ${x.office}, '628' || lpad(n::text, 10, '0'), 'Warga ' || n, at, at
          FROM (SELECT n, ${spread("n", n, 0.985)} AS at FROM generate_series(${from}, ${to}) n) c`);
    }),
  );
  const conversations = await step(g, "conversations", () =>
    inBatches(n, g.batch, async (from, to) => {
      await g.session.query(`
        INSERT INTO conversations (id, office_id, contact_id, channel_id, last_inbound_at, last_outbound_at, created_at, updated_at)
        SELECT ${x.conversation("s.n")}, ${x.office}, c.id, ${x.channel}, c.created_at + interval '1 minute',
               c.created_at + interval '2 minutes', c.created_at, c.created_at
          FROM (SELECT n, ${x.contact("n")} AS id FROM generate_series(${from}, ${to}) n) s
          JOIN contacts c ON c.id = s.id`);
    }),
  );
  return [contacts, conversations];
};

/**
 * Rows of messages: 45 % inbound; outbound 58 % read, 35 % delivered, 3 % failed (Graph error codes), the rest
 * sent or accepted; Meta accepts after 0.1–30 s; 35 % answer a waiting citizen (the bot in 0–9 s, an operator
 * in 30 s–8 h); operators write 10 % more without a waiting citizen.
 */
const messagesSql = (g: Gen, from: number, to: number, total: number) => {
  const x = q(g.office);
  const c = g.volume.contacts;
  return `
INSERT INTO messages (id, office_id, channel_id, conversation_id, direction, wamid, type, content, status, status_at,
  error_code, error_title, outbox_id, accepted_at, sent_by, response_seconds, occurred_at, created_at)
SELECT gen_random_uuid(), ${x.office}, ${x.channel}, ${x.conversation("conv_n")}, dir,
       CASE WHEN dir = 'in' THEN 'wamid.${g.office.code}.in.' || i WHEN accepted_at IS NOT NULL THEN 'wamid.${g.office.code}.out.' || i END,
       type, ${SEALED}, status, at + interval '3 seconds', error_code,
       CASE WHEN status = 'failed' THEN 'bench failure' END, CASE WHEN dir = 'out' THEN i END, accepted_at,
       CASE WHEN answered AND by_person OR NOT answered AND r_r < 0.45 AND dir = 'out' THEN ${weightedOperator(g, "r_w")} END,
       CASE WHEN answered THEN CASE WHEN by_person THEN floor(exp(ln(30) + r_t * ln(960)))::int ELSE floor(r_t * 10)::int END END,
       at, at
  FROM (
    SELECT m.*,
           CASE WHEN dir = 'out' AND (status <> 'failed' OR r_x < 0.5)
                THEN at + make_interval(secs => round(exp(ln(0.1) + r_l * ln(300)) * 1000) / 1000) END AS accepted_at,
           CASE WHEN status = 'failed' THEN CASE WHEN r_x < 0.4 THEN 131026 WHEN r_x < 0.65 THEN 131049
             WHEN r_x < 0.8 THEN 131047 WHEN r_x < 0.9 THEN 131048 WHEN r_x < 0.95 THEN 130472 END END AS error_code,
           dir = 'out' AND r_r < 0.35 AS answered, r_w < 0.4 AS by_person,
           CASE WHEN dir = 'in' THEN CASE WHEN r_y < 0.85 THEN 'text' WHEN r_y < 0.95 THEN 'image' ELSE 'document' END
                ELSE CASE WHEN r_y < 0.8 THEN 'text' WHEN r_y < 0.88 THEN 'document' WHEN r_y < 0.95 THEN 'interactive'
                ELSE 'template' END END AS type
      FROM (
        SELECT k.*,
               CASE WHEN dir = 'in' THEN 'received' WHEN r_st < 0.58 THEN 'read' WHEN r_st < 0.93 THEN 'delivered'
                    WHEN r_st < 0.96 THEN 'failed' WHEN r_st < 0.985 THEN 'sent' ELSE 'accepted' END AS status
          FROM (
            SELECT i, CASE WHEN random() < 0.45 THEN 'in' ELSE 'out' END AS dir, random() AS r_st, random() AS r_x,
                   random() AS r_l, random() AS r_r, random() AS r_w, random() AS r_t, random() AS r_y,
                   1 + floor(random() * least(${c}, floor((i - 1)::float8 / ${total} * ${c}) + 1))::int AS conv_n,
                   ${spread("i", total, 1, 60)} AS at
              FROM generate_series(${from}, ${to}) i) k) m) o`;
};

const campaignMessages = (g: Gen) => g.volume.campaigns * g.volume.campaignRecipients;

export const messageRows = async (g: Gen): Promise<Step[]> => {
  const total = g.volume.messages - campaignMessages(g);
  return [
    await step(g, "messages", () =>
      inBatches(total, Math.max(g.batch, 100_000), async (from, to) => {
        await g.session.query(messagesSql(g, from, to, total));
      }),
    ),
  ];
};

/** Monthly broadcasts to opted-in citizens: the template message of each recipient, and the recipient row. */
export const campaignRows = async (g: Gen): Promise<Step[]> => {
  const x = q(g.office);
  const { campaigns, campaignRecipients: per, contacts } = g.volume;
  const template = `md5('${g.office.code}:tpl')::uuid`;
  const campaign = (c: string) => `md5('${g.office.code}:cmp:' || ${c})::uuid`;
  const message = `md5('${g.office.code}:cm:' || c || ':' || k)::uuid`;
  const start = `${YEAR.startSql} + make_interval(days => (c - 1) * 30 + 10, hours => 1)`;
  const outboxBase = g.volume.messages;
  const broadcast = async () => {
    await g.session.query(`INSERT INTO message_templates (id, office_id, name, language, category, body, status)
      VALUES (${template}, ${x.office}, 'bench_info', 'id', 'marketing', 'Info layanan {{1}}', 'approved')`);
    await g.session.query(`INSERT INTO campaigns (id, office_id, name, template_id, channel_id, status, started_at,
        finished_at, recipients, created_at)
      SELECT ${campaign("c")}, ${x.office}, 'Siaran ' || c, ${template}, ${x.channel}, 'done', ${start},
             ${start} + interval '3 hours', ${per}, ${start} - interval '1 day'
        FROM generate_series(1, ${campaigns}) c`);
    await g.session.query(`
      INSERT INTO messages (id, office_id, channel_id, conversation_id, direction, wamid, type, content, status,
        status_at, error_code, error_title, outbox_id, accepted_at, occurred_at, created_at, campaign_id)
      SELECT ${message}, ${x.office}, ${x.channel}, ${x.conversation(`(k - 1) % ${contacts} + 1`)}, 'out',
             'wamid.${g.office.code}.cm.' || c || '.' || k, 'template', ${SEALED}, st, at + interval '5 seconds',
             CASE WHEN st = 'failed' THEN 131049 END, CASE WHEN st = 'failed' THEN 'bench failure' END,
             ${outboxBase} + (c - 1) * ${per} + k, at + interval '0.4 seconds', at, at, ${campaign("c")}
        FROM (SELECT c, k, ${start} + make_interval(secs => k / 10) AS at,
                     CASE WHEN random() < 0.5 THEN 'read' WHEN random() < 0.8 THEN 'delivered' ELSE 'failed' END AS st
                FROM generate_series(1, ${campaigns}) c, generate_series(1, ${per}) k) s`);
  };
  const messages = await step(g, "messages (broadcasts)", broadcast, { n: campaigns * per });
  const recipients = await step(g, "campaign_recipients", async () => {
    await g.session.query(`
      INSERT INTO campaign_recipients (campaign_id, contact_id, office_id, status, message_id, outbox_id, queued_at)
      SELECT ${campaign("c")}, ${x.contact(`(k - 1) % ${contacts} + 1`)}, ${x.office}, 'queued', ${message},
             ${outboxBase} + (c - 1) * ${per} + k, ${start} + make_interval(secs => k / 10)
        FROM generate_series(1, ${campaigns}) c, generate_series(1, ${per}) k`);
  });
  return [messages, recipients];
};

export const auditRows = async (g: Gen): Promise<Step[]> => {
  const x = q(g.office);
  const insert = (action: string, subject: string, n: number) =>
    inBatches(n, g.batch, async (from, to) => {
      await g.session.query(`
        INSERT INTO audit_log (office_id, actor_id, action, subject_type, subject_id, at, prev_hash, hash)
        SELECT ${x.office}, ${weightedOperator(g, "random()")}, '${action}', '${subject}', i::text,
               ${spread("i", n, 0.99)}, md5('${action}:p:' || i), md5('${action}:h:' || i)
          FROM generate_series(${from}, ${to}) i`);
    });
  return [
    await step(g, "audit_log", async () => {
      await insert("file.view", "blob", g.volume.fileViews);
      await insert("nik.reveal", "application", g.volume.nikReveals);
    }),
  ];
};

/** SKM answers (9 elements, mostly 3–4) from a sample of completed applications, the day after completion. */
export const surveyRows = async (g: Gen): Promise<Step[]> => {
  const x = q(g.office);
  const every = Math.max(1, Math.floor((g.volume.applications * 0.85) / g.volume.surveys));
  const score = "2 + (random() < 0.9)::int + (random() < 0.45)::int";
  const answers = Array.from({ length: 9 }, (_, i) => `'U${i + 1}', ${score}`).join(", ");
  return [
    await step(g, "survey_responses", async () => {
      await g.session.query(`
        INSERT INTO survey_responses (office_id, instrument, channel, application_id, contact_id, service_code, status,
          answers, answered_on, invited_at, completed_at, created_at, updated_at)
        SELECT ${x.office}, 'skm', 'whatsapp', ${x.app("i")}, ${x.contact("contact_n")}, code, 'completed',
               jsonb_build_object(${answers}), ((decided + interval '1 hour') AT TIME ZONE '${TIME_ZONE}')::date,
               decided + interval '5 minutes', decided + interval '1 hour', decided + interval '5 minutes',
               decided + interval '1 hour'
          FROM plan WHERE status = 'completed' AND i % ${every} = 0 ORDER BY i LIMIT ${g.volume.surveys}`);
    }),
  ];
};

/** SIAK outages (two a month), data-subject requests, and the counter's monthly figures. */
export const smallTables = async (g: Gen, catalogue: Catalogue): Promise<Step[]> => {
  const x = q(g.office);
  const supervisor = x.operator(String(g.office.operatorIds.length + 1));
  const outages = await step(g, "siak_outages", async () => {
    await g.session.query(`
      INSERT INTO siak_outages (office_id, started_at, ended_at, declared_by, ended_by, note)
      SELECT ${x.office}, at, at + make_interval(mins => 30 + floor(random() * 330)::int), ${supervisor}, ${supervisor}, 'SIAK pusat'
        FROM (SELECT ${spread("k", 24, 0.98, 3600)} AS at FROM generate_series(1, 24) k) s`);
  });
  const n = g.volume.dataSubjectRequests;
  const dsr = await step(g, "data_subject_requests", async () => {
    await g.session.query(`
      INSERT INTO data_subject_requests (office_id, contact_id, kind, status, requested_at, confirmed_at, due_at,
        completed_at, handled_by)
      SELECT ${x.office}, ${x.contact(`1 + k % ${g.volume.contacts}`)}, CASE WHEN k % 3 = 0 THEN 'delete_optional' ELSE 'copy' END,
             CASE WHEN k % 10 = 0 THEN 'refused' ELSE 'done' END, at, at + interval '10 minutes',
             at + interval '10 minutes' + interval '72 hours',
             at + make_interval(hours => 1 + floor(random() * 80)::int), ${supervisor}
        FROM (SELECT k, ${spread("k", n, 0.98, 3600)} AS at FROM generate_series(1, ${n}) k) s`);
  });
  const services = serviceMix(catalogue).map((s) => `'${s.code}'`);
  const counter = await step(g, "counter_figures", async () => {
    await g.session.query(`
      INSERT INTO counter_figures (office_id, month, service_code, applications)
      SELECT ${x.office}, '2026-' || lpad(m::text, 2, '0'), s, 100 + floor(random() * 900)::int
        FROM generate_series(1, 12) m, unnest(ARRAY[${services.join(", ")}]) s`);
    await g.session.query(`
      INSERT INTO counter_figures (office_id, month, service_code, applications)
      SELECT office_id, month, '', sum(applications) FROM counter_figures
       WHERE office_id = ${x.office} GROUP BY office_id, month`);
  });
  return [outages, dsr, counter];
};

/** One sample a minute up to NOW (one instance), a few bad minutes: time-based, not per office. */
export const healthRows = async (g: Gen): Promise<Step[]> => [
  await step(
    g,
    "health_samples",
    async () => {
      await g.session.query(`
        INSERT INTO health_samples (minute, instance, database_ok, webhook_ok, webhook_failed)
        SELECT m, 'bench-1', random() > 0.0005, floor(random() * 40)::int, (random() < 0.001)::int
          FROM generate_series(greatest(${YEAR.startSql}, '${NOW.toISOString()}'::timestamptz - interval '${g.volume.healthDays} days'),
                               '${NOW.toISOString()}'::timestamptz - interval '1 minute', interval '1 minute') m
        ON CONFLICT DO NOTHING`);
    },
    { global: true },
  ),
];
