-- Roll back one import, inside the writer's transaction: log the rollback, take out the rows the
-- import wrote, put back the rows it replaced, and mark the import as rolled back. The caller
-- then refreshes entity_year. A user dataset left with no score is removed from the list.
INSERT INTO import_log (dataset, who, file_name, checksum, rows_added, rows_replaced, rows_unchanged,
                        errors, kind, rolls_back, rows_removed)
SELECT l.dataset, $who, l.file_name, l.checksum, $restored, 0, 0, 0, 'rollback', l.import_id, $removed
FROM import_log l WHERE l.import_id = $import_id;

DELETE FROM score WHERE dataset = $dataset AND import_id = $import_id;

INSERT INTO score (dataset, entity_code, year, measure, value_code, score, respondents, method,
                   source_id, note, import_id, confidence)
SELECT dataset, entity_code, year, measure, value_code, score, respondents, method, source_id, note,
       import_id, confidence
FROM score_replaced WHERE replaced_by = $import_id;

DELETE FROM score_replaced WHERE replaced_by = $import_id;

-- The same for recognitions (migrations/0006).
DELETE FROM recognition WHERE dataset = $dataset AND import_id = $import_id;

INSERT INTO recognition
SELECT dataset, entity_code, survey_year, awarded_by, award, value_code, scope, rank, top_n, of_total, source_id,
       confidence, import_id
FROM recognition_replaced WHERE replaced_by = $import_id;

DELETE FROM recognition_replaced WHERE replaced_by = $import_id;

UPDATE import_log SET rolled_back_by = (SELECT max(import_id) FROM import_log)
WHERE import_id = $import_id;

DELETE FROM dataset
WHERE name = $dataset AND kind = 'user'
  AND NOT EXISTS (SELECT 1 FROM score WHERE dataset = $dataset)
  AND NOT EXISTS (SELECT 1 FROM recognition WHERE dataset = $dataset);
