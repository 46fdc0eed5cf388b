-- Each incoming row (the frame registered as `incoming`, `_pos` its position in it) against what
-- the dataset holds: added (new key), replaced (same key, different content) or unchanged. Only
-- the position and the new columns come back: the importer has the rest. The old score comes as
-- it may be shown (score_shown, migrations/0005): NULL, with old_hidden true, where suppression
-- hides it, so that the preview of an import never shows a hidden score.
SELECT i._pos,
       shown.score   AS old_score,
       s.respondents AS old_respondents,
       s.entity_code IS NOT NULL AND shown.entity_code IS NULL AS old_hidden,
       CASE
           WHEN s.entity_code IS NULL THEN 'added'
           WHEN abs(s.score - i.score) < 1e-9
                AND s.respondents IS NOT DISTINCT FROM i.respondents
                AND s.method = i.method
                AND src.url IS NOT DISTINCT FROM i.source_url
                AND coalesce(s.note, '') = coalesce(i.note, '')
                AND s.confidence IS NOT DISTINCT FROM i.confidence THEN 'unchanged'
           ELSE 'replaced'
       END AS status
FROM incoming i
LEFT JOIN score s
       ON s.dataset = $dataset
      AND s.entity_code = i.entity_code
      AND s.year = i.year
      AND s.measure = i.measure
      AND s.value_code IS NOT DISTINCT FROM i.value_code
LEFT JOIN score_shown($min_respondents) shown
       ON shown.dataset = $dataset
      AND shown.entity_code = s.entity_code
      AND shown.year = s.year
      AND shown.measure = s.measure
      AND shown.value_code IS NOT DISTINCT FROM s.value_code
LEFT JOIN source src ON src.source_id = s.source_id
ORDER BY i._row, i._pos;
