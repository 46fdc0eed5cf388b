-- The years in which at least one entity of the chosen levels has data in the dataset.
SELECT DISTINCT year
FROM entity_year
WHERE dataset = $dataset AND list_contains($levels, level)
ORDER BY year;
