-- One score import's own writes, run inside the importer's transaction after entity_write,
-- source_write and import_log_write (berakhlak.ingest.importer.writing). Frame: incoming (the added
-- and replaced rows).

-- What this import replaces is kept, so that the import can be rolled back.
INSERT INTO score_replaced (replaced_by, dataset, entity_code, year, measure, value_code, score,
                            respondents, method, source_id, note, import_id, confidence)
SELECT (SELECT max(import_id) FROM import_log), s.dataset, s.entity_code, s.year, s.measure,
       s.value_code, s.score, s.respondents, s.method, s.source_id, s.note, s.import_id, s.confidence
FROM score s
JOIN incoming i
  ON i.status = 'replaced'
 AND s.dataset = $dataset
 AND s.entity_code = i.entity_code
 AND s.year = i.year
 AND s.measure = i.measure
 AND s.value_code IS NOT DISTINCT FROM i.value_code;

DELETE FROM score
USING incoming i
WHERE score.dataset = $dataset
  AND i.status = 'replaced'
  AND score.entity_code = i.entity_code
  AND score.year = i.year
  AND score.measure = i.measure
  AND score.value_code IS NOT DISTINCT FROM i.value_code;

INSERT INTO score (dataset, entity_code, year, measure, value_code, score, respondents, method, source_id, note, import_id,
                   confidence)
SELECT $dataset, i.entity_code, i.year, i.measure, i.value_code, i.score, i.respondents, i.method,
       src.source_id, nullif(i.note, ''), (SELECT max(import_id) FROM import_log), i.confidence
FROM incoming i
JOIN source src ON src.url = i.source_url;
