-- The instansi that have units with data in the dataset, with how many units.
SELECT p.code, p.name, p.level, count(DISTINCT u.code) AS n_units
FROM entity u
JOIN entity p ON p.code = u.parent_code
WHERE u.level = 'unit'
  AND EXISTS (SELECT 1 FROM score s WHERE s.dataset = $dataset AND s.entity_code = u.code)
GROUP BY p.code, p.name, p.level
ORDER BY p.name;
