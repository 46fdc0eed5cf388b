-- Each incoming recognition (the frame registered as `incoming_recognitions`, in its order)
-- against what the dataset holds, by (entity, survey year, award, value): added, replaced (same
-- key, other content) or unchanged.
SELECT CASE
           WHEN r.entity_code IS NULL THEN 'added'
           WHEN r.awarded_by IS NOT DISTINCT FROM i.awarded_by
                AND r.scope IS NOT DISTINCT FROM i.scope
                AND r.rank IS NOT DISTINCT FROM i.rank
                AND r.top_n IS NOT DISTINCT FROM i.top_n
                AND r.of_total IS NOT DISTINCT FROM i.of_total
                AND src.url IS NOT DISTINCT FROM i.source_url
                AND r.confidence IS NOT DISTINCT FROM i.confidence THEN 'unchanged'
           ELSE 'replaced'
       END AS status
FROM incoming_recognitions i
LEFT JOIN recognition r
       ON r.dataset = $dataset
      AND r.entity_code = i.entity_code
      AND r.survey_year = i.survey_year
      AND r.award = i.award
      AND r.value_code IS NOT DISTINCT FROM i.value_code
LEFT JOIN source src ON src.source_id = r.source_id
ORDER BY i._row;
