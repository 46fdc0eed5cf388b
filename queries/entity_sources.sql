-- The sources behind every score of one entity-year (and of the national figure beside it), from
-- the scores grouped by source and note (entity_year_source, migrations/0004).
SELECT DISTINCT src.url, src.title, src.publisher, src.kind, s.entity_code, s.note
FROM entity_year_source s
JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset AND s.year = $year AND s.entity_code IN ($entity, 'ID')
ORDER BY s.entity_code DESC, src.url;
