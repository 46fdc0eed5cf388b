-- Every entity of one level with an index shown in a dataset-year, ranked by that index as
-- shown (half-up to one decimal, idx_shown); ties share a rank. Hidden entity-years
-- (entity_year_shown, migrations/0005) are neither shown nor ranked. The same rule as
-- entity_rank.sql, whose position for any one entity this reproduces; `in_level` is how many
-- entities of the level there are, with data or not (berakhlak.domain.ranks). A unit is named
-- with its instansi ("Biro Hukum — Aceh"): 38 provinces each have a "Biro Hukum".
-- @arrow (all 18,000 units of a level: the result comes through Arrow, see berakhlak/data/db.py)
SELECT ey.entity_code,
       CASE WHEN e.level = 'unit' AND p.name IS NOT NULL THEN e.name || ' — ' || p.name ELSE e.name END AS entity_name,
       ey.idx_shown AS idx,
       rank() OVER (ORDER BY ey.idx_shown DESC) AS position,
       count(*) OVER () AS of,
       (SELECT count(*) FROM entity x WHERE x.level = $level) AS in_level
FROM entity_year_shown($min_respondents) ey
JOIN entity e ON e.code = ey.entity_code
LEFT JOIN entity p ON p.code = e.parent_code
WHERE ey.dataset = $dataset AND ey.year = $year AND ey.level = $level
  AND ey.idx IS NOT NULL
ORDER BY position, entity_name;
