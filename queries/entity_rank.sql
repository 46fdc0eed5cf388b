-- The rank of one entity among the entities of its level, dataset and year that have an index
-- shown (suppressed entity-years, migrations/0002, are neither shown nor ranked). Ties share a
-- rank, on the index as shown (half-up to one decimal).
WITH peers AS (
    SELECT ey.entity_code,
           rank() OVER (ORDER BY half_up(ey.idx) DESC) AS position,
           count(*) OVER () AS of
    FROM entity_year_shown($min_respondents) ey
    JOIN entity e ON e.code = ey.entity_code
    WHERE ey.dataset = $dataset AND ey.year = $year AND e.level = $level
      AND ey.idx IS NOT NULL
)
SELECT position, of FROM peers WHERE entity_code = $entity;
