-- Each incoming recognition (the frame registered as `incoming_recognitions`, in its order)
-- against what the dataset holds, by (entity, survey year, award, value): added, replaced (same
-- key, other content) or unchanged. Keys and contents compare as rows, two NULLs as equal (as in
-- queries/recognition_write.sql).
SELECT CASE
           WHEN r.entity_code IS NULL THEN 'added'
           WHEN (r.awarded_by, r.scope, r.rank, r.top_n, r.of_total, src.url, r.confidence)
                IS NOT DISTINCT FROM (i.awarded_by, i.scope, i.rank, i.top_n, i.of_total, i.source_url, i.confidence)
                THEN 'unchanged'
           ELSE 'replaced'
       END AS status
FROM incoming_recognitions i
LEFT JOIN recognition r
       ON r.dataset = $dataset
      AND (r.entity_code, r.survey_year, r.award, r.value_code)
          IS NOT DISTINCT FROM (i.entity_code, i.survey_year, i.award, i.value_code)
LEFT JOIN source src ON src.source_id = r.source_id
ORDER BY i._row;
