-- The published ranks and awards of a dataset (migrations/0006), with the entity's name and level
-- and the source: for the lists of winners (Perbandingan, Nilai, Studi banding) and the export.
-- $value: one value's awards ('' = all); $levels: the entity levels wanted (empty list = all).
SELECT r.entity_code, e.name AS entity_name, e.level AS entity_level, r.survey_year AS year, r.awarded_by,
       r.award, r.value_code, r.scope, r.rank, r.top_n, r.of_total, src.url AS source_url, src.publisher,
       r.confidence
FROM recognition r
JOIN entity e ON e.code = r.entity_code
LEFT JOIN source src ON src.source_id = r.source_id
LEFT JOIN value v ON v.code = r.value_code
WHERE r.dataset = $dataset
  AND ($value = '' OR r.value_code = $value)
  AND (len($levels) = 0 OR list_contains($levels, e.level))
ORDER BY r.survey_year DESC, coalesce(v.ord, 0), r.rank NULLS LAST, r.top_n NULLS LAST, e.name, r.award;
