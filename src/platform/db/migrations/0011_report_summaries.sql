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
