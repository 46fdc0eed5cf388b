-- One checklist import's writes, inside the caller's transaction. Frame: incoming_checklist (the
-- rows of the added and replaced entity-years; each replaces that entity-year's whole list).
INSERT INTO dataset (name, kind)
SELECT $dataset, $dataset_kind
WHERE NOT EXISTS (SELECT 1 FROM dataset WHERE name = $dataset);

INSERT INTO import_log (dataset, who, file_name, checksum, rows_added, rows_replaced, rows_unchanged, errors)
VALUES ($dataset, $who, $file_name, $checksum, $added, $replaced, $unchanged, 0);

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
