-- The years in which at least one entity of the chosen levels has data in the dataset.
SELECT DISTINCT ey.year
FROM entity_year ey
JOIN entity e ON e.code = ey.entity_code
WHERE ey.dataset = $dataset AND list_contains($levels, e.level)
ORDER BY ey.year;
