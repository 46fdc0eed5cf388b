-- Every year of one entity that has an index shown, with the method it was measured by. Years
-- hidden by suppression (migrations/0002) are left out.
SELECT year, idx, index_basis, method, respondents
FROM entity_year_shown($min_respondents)
WHERE dataset = $dataset AND entity_code = $entity AND idx IS NOT NULL
ORDER BY year;
