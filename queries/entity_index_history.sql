-- Every year of one entity that has an index, with the method it was measured by.
SELECT year, idx, index_basis, method, respondents
FROM entity_year
WHERE dataset = $dataset AND entity_code = $entity AND idx IS NOT NULL
ORDER BY year;
