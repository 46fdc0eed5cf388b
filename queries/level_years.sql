-- The years in which at least one entity of the chosen levels has data in the dataset (read
-- through entity_year_shown, migrations/0005, like every query over the entity-years).
SELECT DISTINCT year
FROM entity_year_shown($min_respondents)
WHERE dataset = $dataset AND list_contains($levels, level)
ORDER BY year;
