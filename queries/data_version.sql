-- A number that changes with every import (cache key for query results).
SELECT coalesce(max(import_id), 0) AS version FROM import_log;
