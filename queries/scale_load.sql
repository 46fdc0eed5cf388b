-- Bulk load of the synthetic national-scale dataset made by berakhlak/scale.py (benchmarks only;
-- a user's file always goes through the importer). Runs inside the caller's transaction, over
-- the frames registered as scale_entities and scale_scores. The dataset is replaced as a whole.
INSERT INTO dataset (name, kind, description)
SELECT $dataset, 'synthetic', $description
WHERE NOT EXISTS (SELECT 1 FROM dataset WHERE name = $dataset);

INSERT INTO source (source_id, url, title, publisher, kind)
SELECT (SELECT coalesce(max(source_id), 0) FROM source) + 1, $source_url, $title, NULL, 'synthetic'
WHERE NOT EXISTS (SELECT 1 FROM source WHERE url = $source_url);

INSERT INTO entity (code, name, level, parent_code, region_code)
SELECT e.code, e.name, e.level, e.parent_code, e.region_code
FROM scale_entities e
WHERE NOT EXISTS (SELECT 1 FROM entity x WHERE x.code = e.code);

INSERT INTO import_log (dataset, who, file_name, checksum, rows_added, rows_replaced, rows_unchanged, errors)
VALUES ($dataset, 'scale', $file_name, $checksum, $rows, 0, 0, 0);

DELETE FROM score WHERE dataset = $dataset;

INSERT INTO score (dataset, entity_code, year, measure, value_code, score, respondents, method, source_id, note, import_id)
SELECT $dataset, s.entity_code, s.year, s.measure, s.value_code, s.score, s.respondents, s.method,
       (SELECT source_id FROM source WHERE url = $source_url), nullif(s.note, ''),
       (SELECT max(import_id) FROM import_log)
FROM scale_scores s;
