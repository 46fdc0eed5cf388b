-- One checklist import's own writes, inside the importer's transaction after import_log_write
-- (berakhlak.ingest.importer.writing). Frame: incoming_checklist (the rows of the added and
-- replaced entity-years; each replaces that entity-year's whole list).
DELETE FROM eval_checklist
USING (SELECT DISTINCT entity_code, year FROM incoming_checklist) i
WHERE eval_checklist.dataset = $dataset
  AND eval_checklist.entity_code = i.entity_code
  AND eval_checklist.year = i.year;

INSERT INTO eval_checklist (dataset, entity_code, year, item_no, criterion, weight, status, evidence,
                            reviewer_note, import_id)
SELECT $dataset, entity_code, year, item_no, criterion, weight, status, CAST(evidence AS VARCHAR),
       CAST(reviewer_note AS VARCHAR), (SELECT max(import_id) FROM import_log)
FROM incoming_checklist;
