-- The sources behind the numbers a view shows: the scores of the entity-years given as pairs
-- ($entities[i] in $years[i]), each source with the entity-year it backs and its note, from the
-- scores grouped by source and note (entity_year_source, migrations/0004). $all_measures: false =
-- the index and the 7 values only (measure implementasi); true = every measure. `pos` is the
-- pair's first place in the lists given. The pairs are joined, not searched row by row (a page may
-- pass every kabupaten/kota).
WITH wanted AS (
    SELECT $entities[i] AS entity_code, CAST($years[i] AS INTEGER) AS year, CAST(min(i) AS INTEGER) AS pos
    FROM range(1, len($entities) + 1) r(i)
    GROUP BY ALL
)
SELECT src.url, src.title, src.publisher, src.kind, s.note, s.entity_code, e.name AS entity_name, s.year,
       min(w.pos) AS pos
FROM entity_year_source s
JOIN wanted w ON w.entity_code = s.entity_code AND w.year = s.year
JOIN source src ON src.source_id = s.source_id
LEFT JOIN entity e ON e.code = s.entity_code
WHERE s.dataset = $dataset AND (s.implementasi OR $all_measures)
GROUP BY ALL
ORDER BY pos, src.url, s.note NULLS FIRST;
