-- The start of every import's writes (scores, recognitions, survey, checklist), inside the
-- importer's transaction (berakhlak.ingest.importer.writing): the dataset when it is new, then
-- the import's line in the log. The rows written after it take (SELECT max(import_id) FROM
-- import_log) as their import.
INSERT INTO dataset (name, kind)
SELECT $dataset, $dataset_kind
WHERE NOT EXISTS (SELECT 1 FROM dataset WHERE name = $dataset);

INSERT INTO import_log (dataset, who, file_name, checksum, rows_added, rows_replaced, rows_unchanged, errors,
                        kind, file_size)
VALUES ($dataset, $who, $file_name, $checksum, $added, $replaced, $unchanged, 0, 'import', $file_size);
