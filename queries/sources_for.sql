-- The sources behind the scores of some entities over a span of years (a slide's footnote).
SELECT DISTINCT src.url, src.title, src.publisher, src.kind
FROM score s
JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset
  AND list_contains($entities, s.entity_code)
  AND s.year BETWEEN $first_year AND $last_year
  AND s.measure = 'implementasi'
ORDER BY src.kind, src.url;
