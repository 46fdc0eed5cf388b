-- The national index over the years, for reference lines.
SELECT year, idx, method FROM entity_year
WHERE dataset = $dataset AND entity_code = 'ID' AND idx IS NOT NULL ORDER BY year;
