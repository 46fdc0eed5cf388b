-- One recognitions import's writes, inside the importer's transaction. Frames registered:
-- incoming_recognitions (the added and replaced rows), incoming_sources.
INSERT INTO dataset (name, kind)
SELECT $dataset, $dataset_kind
WHERE NOT EXISTS (SELECT 1 FROM dataset WHERE name = $dataset);

INSERT INTO source (source_id, url, title, publisher, kind)
SELECT (SELECT coalesce(max(source_id), 0) FROM source) + row_number() OVER (ORDER BY s.url),
       s.url, s.title, s.publisher, s.kind
FROM incoming_sources s
WHERE NOT EXISTS (SELECT 1 FROM source x WHERE x.url = s.url);

INSERT INTO import_log (dataset, who, file_name, checksum, rows_added, rows_replaced, rows_unchanged, errors,
                        kind, file_size)
VALUES ($dataset, $who, $file_name, $checksum, $added, $replaced, $unchanged, 0, 'import', $file_size);

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
