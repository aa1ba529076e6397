CREATE TABLE "health_hours" (
	"hour" timestamp with time zone PRIMARY KEY NOT NULL,
	"healthy_minutes" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_summaries" (
	"office_id" uuid NOT NULL,
	"level" smallint NOT NULL,
	"grain" text NOT NULL,
	"metric" text NOT NULL,
	"period" date NOT NULL,
	"service_code" text NOT NULL,
	"operator_id" text NOT NULL,
	"detail" text NOT NULL,
	"bucket" integer NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"total" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_summaries_pkey" PRIMARY KEY("office_id","level","grain","metric","period","service_code","operator_id","detail","bucket")
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
CREATE INDEX "blobs_unencrypted_idx" ON "blobs" USING btree ("office_id","created_at") WHERE key_id IS NULL;--> statement-breakpoint
UPDATE "messages" m SET "campaign_id" = r."campaign_id" FROM "campaign_recipients" r WHERE r."message_id" = m."id";
--> statement-breakpoint
-- Rollups of what an installation already holds: files stored and campaign messages queued and delivered (the
-- same rules as rollup-metrics.ts: the office's day of blobs.created_at and of messages.created_at).
INSERT INTO "daily_rollups" (office_id, day, metric, service_code, operator_id, detail, bucket, count, total)
SELECT b.office_id, (b.created_at AT TIME ZONE o.time_zone)::date, 'doc.stored', '', '', '', -1, count(*), 0
  FROM "blobs" b JOIN "offices" o ON o.id = b.office_id
 GROUP BY 1, 2
UNION ALL
SELECT m.office_id, (m.created_at AT TIME ZONE o.time_zone)::date, 'broadcast.queued', '', '', '', -1, count(*), 0
  FROM "campaign_recipients" r JOIN "messages" m ON m.id = r.message_id JOIN "offices" o ON o.id = m.office_id
 GROUP BY 1, 2
UNION ALL
SELECT m.office_id, (m.created_at AT TIME ZONE o.time_zone)::date, 'broadcast.delivered', '', '', '', -1, count(*), 0
  FROM "campaign_recipients" r JOIN "messages" m ON m.id = r.message_id JOIN "offices" o ON o.id = m.office_id
 WHERE m.status IN ('delivered', 'read')
 GROUP BY 1, 2;
--> statement-breakpoint
-- The summaries of every daily rollup so far (summaries.repo.ts upsertSummariesFrom writes the same rows).
INSERT INTO "rollup_summaries" (office_id, level, grain, metric, period, service_code, operator_id, detail, bucket, count, total)
SELECT d.office_id, l.level, g.grain, d.metric, g.period,
       CASE WHEN l.level IN (1, 3) THEN d.service_code ELSE '*' END,
       CASE WHEN l.level IN (2, 3) THEN d.operator_id ELSE '*' END,
       d.detail, d.bucket, sum(d.count)::bigint, sum(d.total)
  FROM "daily_rollups" d
 CROSS JOIN (VALUES (0), (1), (2), (3)) AS l(level)
 CROSS JOIN LATERAL (VALUES ('day', d.day), ('month', date_trunc('month', d.day)::date)) AS g(grain, period)
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
