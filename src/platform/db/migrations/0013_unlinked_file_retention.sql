ALTER TABLE "blobs" ADD COLUMN "referenced" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "complaints_photos_idx" ON "complaints" USING gin ("photo_blob_ids") WITH (fastupdate=false);--> statement-breakpoint
-- blobs.referenced is true while blob_references holds a row for the file, i.e. while some application uses
-- it; the retention rule for files no application uses (retention/unlinked.repo.ts) reads blobs_unlinked_idx,
-- which holds only the others. The triggers below keep it from blob_references, so from every writer.
-- They lock the files' rows in id order before they look, and blob_references_sync now locks every file an
-- application takes or lets go in that same order (it share-locked the ones it took): two transactions
-- changing one file's references then run one after the other, and the later one sees the earlier one's rows.
-- Lookups are by key (an array of ids), never joins, as in 0012: PL/pgSQL keeps its plans for the session.
CREATE FUNCTION blob_references_flag_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  files uuid[] := ARRAY(SELECT DISTINCT blob_id FROM added ORDER BY 1);
BEGIN
  PERFORM 1 FROM blobs WHERE id = ANY (files) ORDER BY id FOR NO KEY UPDATE;
  UPDATE blobs SET referenced = true WHERE id = ANY (files) AND NOT referenced;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION blob_references_flag_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  files uuid[] := ARRAY(SELECT DISTINCT blob_id FROM removed ORDER BY 1);
BEGIN
  PERFORM 1 FROM blobs WHERE id = ANY (files) ORDER BY id FOR NO KEY UPDATE;
  -- A new statement after the lock: it sees what whoever held a file's row before us committed.
  UPDATE blobs b SET referenced = false
   WHERE b.id = ANY (files) AND b.referenced
     AND NOT EXISTS (SELECT 1 FROM blob_references r WHERE r.blob_id = b.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER blob_references_flag_insert AFTER INSERT ON blob_references
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION blob_references_flag_added();
--> statement-breakpoint
CREATE TRIGGER blob_references_flag_delete AFTER DELETE ON blob_references
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION blob_references_flag_removed();
--> statement-breakpoint
-- As in 0012, but the files' rows are locked for update (the flag triggers write them), and the ones the
-- application lets go are locked too, all in one id order.
CREATE OR REPLACE FUNCTION blob_references_sync(app uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  wanted uuid[];
BEGIN
  PERFORM 1 FROM applications WHERE id = app FOR NO KEY UPDATE;
  wanted := ARRAY(SELECT w.blob_id FROM blob_references_wanted(app) AS w ORDER BY 1);
  PERFORM 1 FROM blobs
   WHERE id = ANY (wanted || ARRAY(SELECT r.blob_id FROM blob_references r WHERE r.application_id = app))
   ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM blob_references WHERE application_id = app AND blob_id <> ALL (wanted);
  INSERT INTO blob_references (blob_id, application_id, office_id, service_code, closed_at)
  SELECT w.id, a.id, a.office_id, a.service_code, a.closed_at
    FROM applications a, unnest(wanted) AS w(id)
   WHERE a.id = app AND COALESCE((SELECT b.purged_at IS NULL FROM blobs b WHERE b.id = w.id), true)
  ON CONFLICT (application_id, blob_id) DO NOTHING;
END
$$;
--> statement-breakpoint
-- As in 0012, then the flag set from the result: a load that ran with triggers off
-- (session_replication_role = replica) did not keep it either.
CREATE OR REPLACE FUNCTION blob_references_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM blob_references;
  INSERT INTO blob_references (blob_id, application_id, office_id, service_code, closed_at)
  SELECT w.blob_id, a.id, a.office_id, a.service_code, a.closed_at
    FROM (SELECT i.application_id, x.id FROM application_items i, unnest(i.blob_ids) AS x(id)
          UNION
          SELECT a.id, x.id FROM applications a, unnest(a.result_blob_ids || a.receipt_blob_id) AS x(id)
         ) AS w(application_id, blob_id)
    JOIN applications a ON a.id = w.application_id
    LEFT JOIN blobs b ON b.id = w.blob_id
   WHERE w.blob_id IS NOT NULL AND b.purged_at IS NULL;
  UPDATE blobs b SET referenced = NOT b.referenced
   WHERE b.referenced <> EXISTS (SELECT 1 FROM blob_references r WHERE r.blob_id = b.id);
END
$$;
--> statement-breakpoint
UPDATE blobs SET referenced = true WHERE id IN (SELECT blob_id FROM blob_references);
--> statement-breakpoint
CREATE INDEX "blobs_unlinked_idx" ON "blobs" USING btree ("office_id",COALESCE(kind, ''),"created_at") WHERE purged_at IS NULL AND NOT referenced;
