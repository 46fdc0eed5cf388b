-- The sources behind every score of one entity-year (and of the national figure beside it).
SELECT DISTINCT src.url, src.title, src.publisher, src.kind, s.entity_code, s.note
FROM score s
JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset AND s.year = $year AND s.entity_code IN ($entity, 'ID')
ORDER BY s.entity_code DESC, src.url;
