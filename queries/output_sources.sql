-- The sources behind the scores of a dataset, for a file's "Sumber" (berakhlak/present/output.py):
-- only those of some entities and years when the lists are not empty. From the scores grouped by
-- source (entity_year_source, migrations/0004); the list of entities is joined, not searched row
-- by row (a table may hold every kabupaten/kota).
WITH wanted AS (
    SELECT DISTINCT unnest($entities) AS entity_code
)
SELECT DISTINCT src.url, src.title, src.publisher, src.kind
FROM entity_year_source s
JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset
  AND (len($entities) = 0 OR s.entity_code IN (SELECT entity_code FROM wanted))
  AND (len($years) = 0 OR list_contains($years, s.year))
ORDER BY src.kind, src.url;
