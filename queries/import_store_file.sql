-- The original file of an import, byte for byte, inside the import's transaction.
INSERT INTO import_file (import_id, file_name, checksum, size, content)
VALUES ($import_id, $file_name, $checksum, $size, $content);
