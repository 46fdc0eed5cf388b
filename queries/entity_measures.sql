-- The health sub-indices of one entity-year (measures other than implementasi).
SELECT measure, score, src.url AS source_url
FROM score s
LEFT JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset AND s.entity_code = $entity AND s.year = $year
  AND s.measure <> 'implementasi' AND s.value_code IS NULL
ORDER BY measure;
