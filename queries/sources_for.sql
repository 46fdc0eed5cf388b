-- The sources behind the scores of some entities over a span of years (a slide's footnote), from
-- the scores grouped by source and note (entity_year_source, migrations/0004).
SELECT DISTINCT src.url, src.title, src.publisher, src.kind
FROM entity_year_source s
JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset
  AND list_contains($entities, s.entity_code)
  AND s.year BETWEEN $first_year AND $last_year
  AND s.implementasi
ORDER BY src.kind, src.url;
