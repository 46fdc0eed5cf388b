-- The published ranks and awards of one entity (all survey years, or one when $year is given),
-- with their sources (migrations/0006). Whole-index ranks first, then by value order.
SELECT r.entity_code, r.survey_year AS year, r.awarded_by, r.award, r.value_code, r.scope, r.rank, r.top_n,
       r.of_total, src.url AS source_url, src.publisher, r.confidence
FROM recognition r
LEFT JOIN source src ON src.source_id = r.source_id
LEFT JOIN value v ON v.code = r.value_code
WHERE r.dataset = $dataset AND r.entity_code = $entity AND ($year IS NULL OR r.survey_year = $year)
ORDER BY r.survey_year DESC, coalesce(v.ord, 0), r.rank NULLS LAST, r.top_n NULLS LAST, r.award;
