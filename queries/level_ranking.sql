-- Every entity of one level with an index shown in a dataset-year, ranked by that index as
-- shown (half-up to one decimal, idx_shown of migrations/0004); ties share a rank. The same rule
-- as entity_rank.sql, whose position for any one entity this reproduces.
SELECT ey.entity_code,
       e.name AS entity_name,
       ey.idx_shown AS idx,
       rank() OVER (ORDER BY ey.idx_shown DESC) AS position,
       count(*) OVER () AS of
FROM entity_year ey
JOIN entity e ON e.code = ey.entity_code
WHERE ey.dataset = $dataset AND ey.year = $year AND ey.level = $level
  AND ey.idx IS NOT NULL
  AND coalesce(ey.respondents, $min_respondents) >= $min_respondents
ORDER BY position, e.name;
