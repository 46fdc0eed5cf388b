-- Every entity of one level with an index shown in a dataset-year, ranked by that index as
-- shown (half-up to one decimal, idx_shown); ties share a rank. Hidden entity-years
-- (entity_year_shown, migrations/0005) are neither shown nor ranked. The same rule as
-- entity_rank.sql, whose position for any one entity this reproduces; `in_level` is how many
-- entities of the level there are, with data or not (berakhlak.domain.ranks). A unit is named
-- with its instansi ("Biro Hukum — Aceh"): 38 provinces each have a "Biro Hukum"; the names come
-- from dataset_entity (kept with entity_year at every refresh), one join instead of two.
-- @arrow (all 18,000 units of a level: the result comes through Arrow, see berakhlak/data/db.py)
SELECT ey.entity_code,
       CASE WHEN d.level = 'unit' AND d.parent_name IS NOT NULL THEN d.name || ' — ' || d.parent_name ELSE d.name END
           AS entity_name,
       ey.idx_shown AS idx,
       rank() OVER (ORDER BY ey.idx_shown DESC) AS position,
       count(*) OVER () AS of,
       (SELECT count(*) FROM entity x WHERE x.level = $level) AS in_level
FROM entity_year_shown($min_respondents) ey
JOIN dataset_entity d ON d.dataset = ey.dataset AND d.entity_code = ey.entity_code  -- names, migrations/0004
WHERE ey.dataset = $dataset AND ey.year = $year AND ey.level = $level
  AND ey.idx IS NOT NULL
ORDER BY position, entity_name;
