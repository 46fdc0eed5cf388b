-- A number that changes with every import and every action-plan edit (the cache key of query
-- results, berakhlak/ui/common.py).
SELECT (SELECT coalesce(max(import_id), 0) FROM import_log) * 1000000
       + (SELECT coalesce(max(change_id), 0) FROM action_change) AS version;
