-- The health sub-indices of one entity-year (measures other than implementasi), as shown:
-- suppressed scores are left out (score_shown, migrations/0002).
SELECT measure, score, src.url AS source_url
FROM score_shown($min_respondents) s
LEFT JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset AND s.entity_code = $entity AND s.year = $year
  AND s.measure <> 'implementasi' AND s.value_code IS NULL
ORDER BY measure;
