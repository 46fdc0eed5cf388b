-- Whether this very file (by checksum) was already imported into the dataset.
SELECT count(*) > 0 AS seen FROM import_log WHERE dataset = $dataset AND checksum = $checksum;
