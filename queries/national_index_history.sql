-- The national index over the years, for reference lines (as shown: see entity_year_shown).
SELECT year, idx, method FROM entity_year_shown($min_respondents)
WHERE dataset = $dataset AND entity_code = 'ID' AND idx IS NOT NULL ORDER BY year;
