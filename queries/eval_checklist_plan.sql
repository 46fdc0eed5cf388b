-- Each incoming entity-year of a checklist import (frame incoming_checklist) against what the
-- dataset holds: added, replaced (any criterion differs, or the count) or unchanged.
WITH inc AS (
    SELECT entity_code, year, count(*) AS items FROM incoming_checklist GROUP BY entity_code, year
), stored AS (
    SELECT c.*
    FROM eval_checklist c
    WHERE c.dataset = $dataset
      AND EXISTS (SELECT 1 FROM inc WHERE inc.entity_code = c.entity_code AND inc.year = c.year)
), diff AS (
    SELECT coalesce(i.entity_code, s.entity_code) AS entity_code, coalesce(i.year, s.year) AS year,
           count(*) AS n_diff
    FROM incoming_checklist i
    FULL OUTER JOIN stored s
           ON s.entity_code = i.entity_code AND s.year = i.year AND s.item_no = i.item_no
    WHERE i.entity_code IS NULL OR s.entity_code IS NULL
       OR s.criterion <> i.criterion OR s.weight <> i.weight OR s.status <> i.status
       OR s.evidence IS DISTINCT FROM i.evidence
       OR s.reviewer_note IS DISTINCT FROM i.reviewer_note
    GROUP BY ALL
), old AS (
    SELECT entity_code, year, count(*) AS old_items
    FROM stored GROUP BY entity_code, year
)
SELECT inc.entity_code, e.name AS entity_name, e.level, inc.year, inc.items, old.old_items,
       CASE WHEN old.entity_code IS NULL THEN 'added'
            WHEN d.n_diff IS NULL THEN 'unchanged'
            ELSE 'replaced' END AS status
FROM inc
LEFT JOIN old ON old.entity_code = inc.entity_code AND old.year = inc.year
LEFT JOIN diff d ON d.entity_code = inc.entity_code AND d.year = inc.year
LEFT JOIN entity e ON e.code = inc.entity_code
ORDER BY inc.year, length(inc.entity_code), inc.entity_code;
