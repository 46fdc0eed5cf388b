-- Each incoming unit-year of a survey import (frames incoming_units, incoming_behaviour) against
-- what the dataset holds: added, replaced (respondents or any behaviour aggregate differ) or
-- unchanged.
WITH stored AS (
    SELECT b.*
    FROM eval_survey_behaviour b
    WHERE b.dataset = $dataset
      AND EXISTS (SELECT 1 FROM incoming_units i WHERE i.unit_code = b.entity_code AND i.year = b.year)
), diff AS (
    SELECT coalesce(i.unit_code, s.entity_code) AS unit_code, coalesce(i.year, s.year) AS year,
           count(*) AS n_diff
    FROM incoming_behaviour i
    FULL OUTER JOIN stored s
           ON s.entity_code = i.unit_code AND s.year = i.year
          AND s.value_code = i.value_code AND s.ord = i.ord
    WHERE i.unit_code IS NULL OR s.entity_code IS NULL
       OR i.answers <> s.answers OR i.rating_sum <> s.rating_sum
    GROUP BY ALL
)
SELECT n.unit_code, e.name AS unit_name, e.parent_code, n.year, n.respondents,
       o.respondents AS old_respondents,
       CASE WHEN o.entity_code IS NULL THEN 'added'
            WHEN o.respondents = n.respondents AND d.n_diff IS NULL THEN 'unchanged'
            ELSE 'replaced' END AS status
FROM incoming_units n
LEFT JOIN eval_survey_unit o
       ON o.dataset = $dataset AND o.entity_code = n.unit_code AND o.year = n.year
LEFT JOIN diff d ON d.unit_code = n.unit_code AND d.year = n.year
LEFT JOIN entity e ON e.code = n.unit_code
ORDER BY n.year, length(n.unit_code), n.unit_code;
