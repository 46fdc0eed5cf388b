-- An action-plan import in the import log (its item changes are in action_change).
INSERT INTO dataset (name, kind)
SELECT $dataset, 'user'
WHERE NOT EXISTS (SELECT 1 FROM dataset WHERE name = $dataset);

INSERT INTO import_log (dataset, who, file_name, checksum, rows_added, rows_replaced, rows_unchanged, errors)
VALUES ($dataset, $who, $file_name, $checksum, $added, $replaced, $unchanged, 0);
