-- The import log, newest first: imports and rollbacks, with whether the original file is kept.
SELECT l.import_id, l.kind, l.dataset, l.who, l.imported_at, l.file_name, l.checksum, l.file_size,
       l.rows_added, l.rows_replaced, l.rows_unchanged, l.rows_removed, l.rolls_back, l.rolled_back_by,
       f.import_id IS NOT NULL AS has_file,
       d.kind AS dataset_kind
FROM import_log l
LEFT JOIN import_file f ON f.import_id = l.import_id
LEFT JOIN dataset d ON d.name = l.dataset
ORDER BY l.import_id DESC;
