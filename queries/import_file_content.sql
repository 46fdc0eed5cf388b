-- The original file of one import.
SELECT file_name, checksum, size, content FROM import_file WHERE import_id = $import_id;
