-- Every dataset with its kind and size, the latest import first among the users' own. The size
-- is counted in dataset_entity (migrations/0004), not by reading every score.
SELECT d.name, d.kind, d.created_at,
       (SELECT CAST(coalesce(sum(s.n_scores), 0) AS BIGINT)
          FROM dataset_entity s WHERE s.dataset = d.name) AS n_scores,
       (SELECT max(imported_at) FROM import_log l WHERE l.dataset = d.name) AS last_import
FROM dataset d
ORDER BY CASE d.kind WHEN 'user' THEN 0 WHEN 'published' THEN 1 ELSE 2 END, last_import DESC NULLS LAST, d.name;
