-- The instansi that have units with data in the dataset, with how many units (the entities with
-- scores are kept in dataset_entity, migrations/0004, one row per dataset and entity).
SELECT p.code, p.name, p.level, count(*) AS n_units
FROM dataset_entity u
JOIN entity p ON p.code = u.parent_code
WHERE u.dataset = $dataset AND u.level = 'unit'
GROUP BY p.code, p.name, p.level
ORDER BY p.name;
