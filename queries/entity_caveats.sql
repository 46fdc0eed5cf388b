-- The figures of some entities (all years, or one) that carry a caveat: medium confidence (the
-- source leaves something open, its note says what) or a measure the source does not name
-- (migrations/0006). Suppressed scores are left out (score_shown).
SELECT s.entity_code, e.name AS entity_name, s.year, s.measure, s.value_code, s.score, s.method,
       s.confidence, s.note, src.url AS source_url
FROM score_shown($min_respondents) s
JOIN entity e ON e.code = s.entity_code
LEFT JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset AND list_contains($entities, s.entity_code)
  AND ($year IS NULL OR s.year = $year)
  AND (s.confidence = 'medium' OR s.measure = 'tidak_disebut')
ORDER BY s.entity_code, s.year, s.measure, s.value_code NULLS FIRST;
