-- The sources behind the scores of the chosen entities in the chosen years (an empty list of
-- years = every year), the national figure included when it is in the list. `pos` is the
-- entity's place in the list given (its first place). From the scores grouped by source and note
-- (entity_year_source, migrations/0004); the list is joined, not searched row by row (a page may
-- pass every kabupaten/kota).
WITH wanted AS (
    SELECT $entities[i] AS entity_code, CAST(min(i) AS INTEGER) AS pos
    FROM range(1, len($entities) + 1) r(i)
    GROUP BY ALL
)
SELECT DISTINCT src.url, src.title, src.publisher, src.kind, s.note, w.pos
FROM entity_year_source s
JOIN wanted w ON w.entity_code = s.entity_code
JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset
  AND (len($years) = 0 OR list_contains($years, s.year))
ORDER BY pos, src.url;
