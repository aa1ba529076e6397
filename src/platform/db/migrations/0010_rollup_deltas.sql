CREATE TABLE "rollup_deltas" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rollup_deltas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"office_id" uuid NOT NULL,
	"day" date NOT NULL,
	"metric" text NOT NULL,
	"service_code" text DEFAULT '' NOT NULL,
	"operator_id" text DEFAULT '' NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"bucket" integer DEFAULT -1 NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"total" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rollup_deltas_office_idx" ON "rollup_deltas" USING btree ("office_id","metric","day");