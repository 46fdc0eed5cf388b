-- One recognitions import's own writes, inside the importer's transaction after source_write and
-- import_log_write (berakhlak.ingest.importer.writing). Frame: incoming_recognitions (the added and
-- replaced rows).

-- What this import replaces is kept, so that the import can be rolled back.
INSERT INTO recognition_replaced
SELECT (SELECT max(import_id) FROM import_log), r.*
FROM recognition r
JOIN incoming_recognitions i
  ON r.dataset = $dataset
 AND r.entity_code = i.entity_code
 AND r.survey_year = i.survey_year
 AND r.award = i.award
 AND r.value_code IS NOT DISTINCT FROM i.value_code;

DELETE FROM recognition
USING incoming_recognitions i
WHERE recognition.dataset = $dataset
  AND recognition.entity_code = i.entity_code
  AND recognition.survey_year = i.survey_year
  AND recognition.award = i.award
  AND recognition.value_code IS NOT DISTINCT FROM i.value_code;

INSERT INTO recognition (dataset, entity_code, survey_year, awarded_by, award, value_code, scope, rank, top_n,
                         of_total, source_id, confidence, import_id)
SELECT $dataset, i.entity_code, i.survey_year, i.awarded_by, i.award, i.value_code, i.scope, i.rank, i.top_n,
       i.of_total, src.source_id, i.confidence, (SELECT max(import_id) FROM import_log)
FROM incoming_recognitions i
JOIN source src ON src.url = i.source_url
ORDER BY i._row;
