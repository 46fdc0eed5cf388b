-- The id of the import just written in this transaction (the import log's newest row).
SELECT max(import_id) AS import_id FROM import_log;
