ALTER TABLE "conversations" ADD COLUMN "awaiting_reply_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "response_seconds" integer;--> statement-breakpoint
CREATE INDEX "blobs_office_created_idx" ON "blobs" USING btree ("office_id","created_at");