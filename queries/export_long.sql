-- A dataset in the canonical long format (docs/data-formats.md), one score per row. Scores hidden by
-- minimum-respondent suppression (score_shown, migrations/0002) are left out.
-- @arrow (many rows of text: the result comes through Arrow, see berakhlak/db.py)
SELECT s.entity_code, e.name AS entity_name, e.level AS entity_level, e.parent_code, s.year,
       s.measure, s.value_code, s.score, s.respondents, s.method, src.url AS source_url, s.note, s.confidence
FROM score_shown($min_respondents) s
JOIN entity e ON e.code = s.entity_code
LEFT JOIN source src ON src.source_id = s.source_id
LEFT JOIN value v ON v.code = s.value_code
WHERE s.dataset = $dataset
ORDER BY s.entity_code, s.year, s.measure, coalesce(v.ord, 0);
