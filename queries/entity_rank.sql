-- The rank of one entity among the entities of its level, dataset and year that have an index
-- shown (groups under the minimum of respondents are not shown, so not ranked). Ties share a
-- rank, on the index as shown (half-up to one decimal).
WITH peers AS (
    SELECT ey.entity_code,
           rank() OVER (ORDER BY half_up(ey.idx) DESC) AS position,
           count(*) OVER () AS of
    FROM entity_year ey
    JOIN entity e ON e.code = ey.entity_code
    WHERE ey.dataset = $dataset AND ey.year = $year AND e.level = $level
      AND ey.idx IS NOT NULL
      AND coalesce(ey.respondents, $min_respondents) >= $min_respondents
)
SELECT position, of FROM peers WHERE entity_code = $entity;
