CREATE TABLE "blob_references" (
	"blob_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"service_code" text NOT NULL,
	"closed_at" timestamp with time zone,
	"office_id" uuid NOT NULL,
	CONSTRAINT "blob_references_application_id_blob_id_pk" PRIMARY KEY("application_id","blob_id")
);
--> statement-breakpoint
ALTER TABLE "blob_references" ADD CONSTRAINT "blob_references_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "blob_references_blob_idx" ON "blob_references" USING btree ("blob_id","service_code","closed_at");--> statement-breakpoint
CREATE INDEX "blob_references_closed_idx" ON "blob_references" USING btree ("office_id","service_code","closed_at","blob_id") WHERE closed_at IS NOT NULL;--> statement-breakpoint
-- blob_references holds a row for each (file, application) reference found in application_items.blob_ids,
-- applications.result_blob_ids and applications.receipt_blob_id, unless that file's blobs row is purged, with
-- the application's office, service and closed_at. The triggers below keep it so whoever writes. They lock the
-- application (as the desk already does) and share-lock the files' rows, so a close, a new page and a purge
-- running at once still leave it exact. Lookups are by key and the files' rows are read in subqueries, not
-- joins: PL/pgSQL keeps its plans for the session, and a join planned while the tables were empty (a new PGlite
-- install is never analysed) would scan blobs on every later write.
CREATE FUNCTION blob_references_wanted(app uuid) RETURNS TABLE (blob_id uuid) LANGUAGE sql STABLE AS $$
  SELECT x.id FROM application_items i, unnest(i.blob_ids) AS x(id)
   WHERE i.application_id = app AND x.id IS NOT NULL
  UNION
  SELECT x.id FROM applications a, unnest(a.result_blob_ids || a.receipt_blob_id) AS x(id)
   WHERE a.id = app AND x.id IS NOT NULL
$$;
--> statement-breakpoint
-- Makes one application's rows equal to its references: deletes only what is gone, inserts only what is new.
CREATE FUNCTION blob_references_sync(app uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  wanted uuid[];
BEGIN
  PERFORM 1 FROM applications WHERE id = app FOR NO KEY UPDATE;
  wanted := ARRAY(SELECT w.blob_id FROM blob_references_wanted(app) AS w ORDER BY 1);
  PERFORM 1 FROM blobs WHERE id = ANY (wanted) ORDER BY id FOR SHARE;
  DELETE FROM blob_references WHERE application_id = app AND blob_id <> ALL (wanted);
  INSERT INTO blob_references (blob_id, application_id, office_id, service_code, closed_at)
  SELECT w.id, a.id, a.office_id, a.service_code, a.closed_at
    FROM applications a, unnest(wanted) AS w(id)
   WHERE a.id = app AND COALESCE((SELECT b.purged_at IS NULL FROM blobs b WHERE b.id = w.id), true)
  ON CONFLICT (application_id, blob_id) DO NOTHING;
END
$$;
--> statement-breakpoint
-- One file's rows again, from every application that references it: a full scan, run only when a file stops
-- being purged (its purged row deleted or renamed, or purged_at cleared by hand).
CREATE FUNCTION blob_references_restore(file uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM applications a
   WHERE a.id IN (SELECT i.application_id FROM application_items i WHERE file = ANY (i.blob_ids))
      OR file = ANY (a.result_blob_ids) OR a.receipt_blob_id = file
   ORDER BY a.id FOR SHARE;
  INSERT INTO blob_references (blob_id, application_id, office_id, service_code, closed_at)
  SELECT file, a.id, a.office_id, a.service_code, a.closed_at FROM applications a
   WHERE a.id IN (SELECT i.application_id FROM application_items i WHERE file = ANY (i.blob_ids))
      OR file = ANY (a.result_blob_ids) OR a.receipt_blob_id = file
  ON CONFLICT (application_id, blob_id) DO NOTHING;
END
$$;
--> statement-breakpoint
CREATE FUNCTION blob_references_on_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM blob_references_sync(OLD.application_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND OLD.application_id <> NEW.application_id) THEN
    PERFORM blob_references_sync(NEW.application_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION blob_references_on_application() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR OLD.result_blob_ids IS DISTINCT FROM NEW.result_blob_ids
     OR OLD.receipt_blob_id IS DISTINCT FROM NEW.receipt_blob_id THEN
    PERFORM blob_references_sync(NEW.id);
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.closed_at IS DISTINCT FROM NEW.closed_at
     OR OLD.service_code IS DISTINCT FROM NEW.service_code OR OLD.office_id IS DISTINCT FROM NEW.office_id) THEN
    UPDATE blob_references
       SET office_id = NEW.office_id, service_code = NEW.service_code, closed_at = NEW.closed_at
     WHERE application_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION blob_references_on_blob() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An id that a purged row gives up (deleted or renamed) names no stored file now: its references count again.
  IF (TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.id <> NEW.id)) AND OLD.purged_at IS NOT NULL THEN
    PERFORM blob_references_restore(OLD.id);
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN NULL;
  END IF;
  IF NEW.purged_at IS NOT NULL THEN
    DELETE FROM blob_references WHERE blob_id = NEW.id;
  ELSIF TG_OP = 'UPDATE' AND OLD.id = NEW.id AND OLD.purged_at IS NOT NULL THEN
    PERFORM blob_references_restore(NEW.id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The WHEN clauses skip the writes that cannot change the table (a draft created, a status changed, a file
-- stored), which are most of them.
CREATE TRIGGER blob_references_item_insert AFTER INSERT ON application_items FOR EACH ROW
  WHEN (cardinality(NEW.blob_ids) > 0) EXECUTE FUNCTION blob_references_on_item();
--> statement-breakpoint
CREATE TRIGGER blob_references_item_update AFTER UPDATE OF application_id, blob_ids ON application_items
  FOR EACH ROW WHEN (OLD.application_id <> NEW.application_id OR OLD.blob_ids IS DISTINCT FROM NEW.blob_ids)
  EXECUTE FUNCTION blob_references_on_item();
--> statement-breakpoint
CREATE TRIGGER blob_references_item_delete AFTER DELETE ON application_items FOR EACH ROW
  WHEN (cardinality(OLD.blob_ids) > 0) EXECUTE FUNCTION blob_references_on_item();
--> statement-breakpoint
CREATE TRIGGER blob_references_application_insert AFTER INSERT ON applications FOR EACH ROW
  WHEN (NEW.receipt_blob_id IS NOT NULL OR cardinality(NEW.result_blob_ids) > 0)
  EXECUTE FUNCTION blob_references_on_application();
--> statement-breakpoint
CREATE TRIGGER blob_references_application_update
  AFTER UPDATE OF office_id, service_code, closed_at, result_blob_ids, receipt_blob_id ON applications
  FOR EACH ROW WHEN (OLD.office_id IS DISTINCT FROM NEW.office_id OR OLD.service_code IS DISTINCT FROM NEW.service_code
    OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.result_blob_ids IS DISTINCT FROM NEW.result_blob_ids
    OR OLD.receipt_blob_id IS DISTINCT FROM NEW.receipt_blob_id)
  EXECUTE FUNCTION blob_references_on_application();
--> statement-breakpoint
CREATE TRIGGER blob_references_blob_insert AFTER INSERT ON blobs FOR EACH ROW
  WHEN (NEW.purged_at IS NOT NULL) EXECUTE FUNCTION blob_references_on_blob();
--> statement-breakpoint
CREATE TRIGGER blob_references_blob_update AFTER UPDATE OF id, purged_at ON blobs FOR EACH ROW
  WHEN (OLD.id <> NEW.id OR (OLD.purged_at IS NULL) <> (NEW.purged_at IS NULL))
  EXECUTE FUNCTION blob_references_on_blob();
--> statement-breakpoint
CREATE TRIGGER blob_references_blob_delete AFTER DELETE ON blobs FOR EACH ROW
  WHEN (OLD.purged_at IS NOT NULL) EXECUTE FUNCTION blob_references_on_blob();
--> statement-breakpoint
-- Fills the table from scratch: here for the rows that exist already (the triggers above hold the three
-- tables' write locks until this commits), and after a bulk load that ran with triggers off
-- (session_replication_role = replica; retention.repo.ts rebuildBlobReferences).
CREATE FUNCTION blob_references_rebuild() RETURNS void LANGUAGE plpgsql AS $$
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
END
$$;
--> statement-breakpoint
SELECT blob_references_rebuild();
