-- The 7 value scores of one entity-year (only those present and shown: suppressed scores are
-- left out, see score_shown in migrations/0002), in the official order.
SELECT v.code AS value_code, v.ord, v.name_id, v.name_en, s.score, s.respondents, s.method,
       src.url AS source_url
FROM score_shown($min_respondents) s
JOIN value v ON v.code = s.value_code
LEFT JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset AND s.entity_code = $entity AND s.year = $year
  AND s.measure = 'implementasi'
ORDER BY v.ord;
