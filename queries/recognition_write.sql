-- One recognitions import's own writes, inside the importer's transaction after source_write and
-- import_log_write (berakhlak.ingest.importer.writing). Frame: incoming_recognitions (the added and
-- replaced rows).

-- What this import replaces is kept, so that the import can be rolled back. A recognition's key:
-- (dataset, entity_code, survey_year, award, value_code); value_code may be NULL (the whole index),
-- and the row comparison takes two NULLs there as equal.
INSERT INTO recognition_replaced
SELECT (SELECT max(import_id) FROM import_log), r.*
FROM recognition r
WHERE r.dataset = $dataset
  AND (r.entity_code, r.survey_year, r.award, r.value_code)
      IN (SELECT (entity_code, survey_year, award, value_code) FROM incoming_recognitions);

DELETE FROM recognition
WHERE dataset = $dataset
  AND (entity_code, survey_year, award, value_code)
      IN (SELECT (entity_code, survey_year, award, value_code) FROM incoming_recognitions);

INSERT INTO recognition (dataset, entity_code, survey_year, awarded_by, award, value_code, scope, rank, top_n,
                         of_total, source_id, confidence, import_id)
SELECT $dataset, i.entity_code, i.survey_year, i.awarded_by, i.award, i.value_code, i.scope, i.rank, i.top_n,
       i.of_total, src.source_id, i.confidence, (SELECT max(import_id) FROM import_log)
FROM incoming_recognitions i
JOIN source src ON src.url = i.source_url
ORDER BY i._row;
