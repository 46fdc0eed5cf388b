-- The rank of one entity among the entities of its level, dataset and year that have an index
-- shown (hidden entity-years, entity_year_shown in migrations/0005, are neither shown nor
-- ranked). Ties share a rank, on the index as shown (half-up to one decimal: idx_shown): the
-- position is 1 + the number of peers shown higher. Only peers measured by the same method are
-- ranked together (a 2024 figure from the ACT survey is not ranked among the BRIN figures of
-- 2024; migrations/0006). `in_level`: how many entities of the level there are, with data or not
-- (whether the rank means anything: berakhlak.domain.ranks). No row when the entity is not among
-- them.
WITH peers AS (
    SELECT entity_code, idx_shown, method
    FROM entity_year_shown($min_respondents)
    WHERE dataset = $dataset AND year = $year AND level = $level AND idx IS NOT NULL
), me AS (
    SELECT idx_shown, method FROM peers WHERE entity_code = $entity
)
SELECT count(*) FILTER (WHERE p.idx_shown > me.idx_shown) + 1 AS position, count(*) AS of,
       (SELECT count(*) FROM entity x WHERE x.level = $level) AS in_level
FROM peers p, me
WHERE p.method IS NOT DISTINCT FROM me.method
GROUP BY me.idx_shown;
