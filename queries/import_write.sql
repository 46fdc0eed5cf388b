-- One import's writes, run inside the importer's transaction. Frames registered by the importer:
-- incoming (the added and replaced rows), incoming_entities, incoming_sources.
INSERT INTO dataset (name, kind)
SELECT $dataset, $dataset_kind
WHERE NOT EXISTS (SELECT 1 FROM dataset WHERE name = $dataset);

INSERT INTO entity (code, name, level, parent_code, region_code)
SELECT e.code, e.name, e.level, e.parent_code, e.region_code
FROM incoming_entities e
WHERE NOT EXISTS (SELECT 1 FROM entity x WHERE x.code = e.code);

INSERT INTO source (source_id, url, title, publisher, kind)
SELECT (SELECT coalesce(max(source_id), 0) FROM source) + row_number() OVER (ORDER BY s.url),
       s.url, s.title, s.publisher, s.kind
FROM incoming_sources s
WHERE NOT EXISTS (SELECT 1 FROM source x WHERE x.url = s.url);

INSERT INTO import_log (dataset, who, file_name, checksum, rows_added, rows_replaced, rows_unchanged, errors,
                        kind, file_size)
VALUES ($dataset, $who, $file_name, $checksum, $added, $replaced, $unchanged, 0, 'import', $file_size);

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
