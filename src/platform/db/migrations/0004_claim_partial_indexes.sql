DROP INDEX "webhook_deliveries_pending_idx";--> statement-breakpoint
DROP INDEX "outbox_claim_idx";--> statement-breakpoint
DROP INDEX "outbox_locked_idx";--> statement-breakpoint
CREATE INDEX "webhook_deliveries_unprocessed_idx" ON "webhook_deliveries" USING btree ("id") WHERE processed_at IS NULL;--> statement-breakpoint
CREATE INDEX "outbox_unfinished_idx" ON "outbox" USING btree ("run_at","id") WHERE status IN ('pending', 'sending');