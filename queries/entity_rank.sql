-- The rank of one entity among the entities of its level, dataset and year that have an index
-- shown (suppressed entity-years, migrations/0002, are neither shown nor ranked). Ties share a
-- rank, on the index as shown (half-up to one decimal: idx_shown, migrations/0004): the position
-- is 1 + the number of peers shown higher. No row when the entity is not among them.
-- Only peers measured by the same method are ranked together (a 2024 figure from the ACT survey is
-- not ranked among the BRIN figures of 2024; migrations/0006).
WITH peers AS (
    SELECT entity_code, idx_shown, method
    FROM entity_year_shown($min_respondents)
    WHERE dataset = $dataset AND year = $year AND level = $level AND idx IS NOT NULL
), me AS (
    SELECT idx_shown, method FROM peers WHERE entity_code = $entity
)
SELECT count(*) FILTER (WHERE p.idx_shown > me.idx_shown) + 1 AS position, count(*) AS of
FROM peers p, me
WHERE p.method IS NOT DISTINCT FROM me.method
GROUP BY me.idx_shown;
