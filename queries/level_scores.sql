-- Every entity of the chosen levels with data in one year: its province and survey batch, the
-- index, the 7 values side by side, its respondents and method, and `score`, the chosen indicator
-- ($indicator = 'IDX' for the index, or a value code). Filters: $batch and $province ('' = all).
-- As shown (entity_year_shown, migrations/0005): the scores of a hidden entity-year are NULL,
-- `suppressed`/`suppression` say why and `status` is 'hidden' or 'ok'.
-- `rank` is among the entities the filters keep whose indicator is shown (ties share a rank, on
-- the score as shown), `of` how many those are, and `in_scope` how many entities of these levels
-- the filters keep, with data or not: whether a rank means anything (berakhlak.domain.ranks)
-- depends on both.
WITH ent AS (
    SELECT e.code AS entity_code, e.name AS entity_name, e.level, e.region_code AS province_code,
           p.name AS province_name, p.batch
    FROM entity e
    LEFT JOIN province p ON p.code = e.region_code
    WHERE list_contains($levels, e.level)
      AND ($batch = '' OR p.batch = $batch)
      AND ($province = '' OR e.region_code = $province)
), base AS (
    SELECT ent.*, ey.year, ey.idx, ey.index_basis, ey.respondents, ey.method,
           ey.BP, ey.AK, ey.KO, ey.HA, ey.LO, ey.AD, ey.KL,
           CASE $indicator WHEN 'IDX' THEN ey.idx
                           WHEN 'BP' THEN ey.BP WHEN 'AK' THEN ey.AK WHEN 'KO' THEN ey.KO
                           WHEN 'HA' THEN ey.HA WHEN 'LO' THEN ey.LO WHEN 'AD' THEN ey.AD
                           WHEN 'KL' THEN ey.KL END AS score,
           ey.suppressed, ey.suppression, CASE WHEN ey.suppressed THEN 'hidden' ELSE 'ok' END AS status
    FROM ent
    JOIN entity_year_shown($min_respondents) ey
      ON ey.entity_code = ent.entity_code AND ey.dataset = $dataset AND ey.year = $year
)
SELECT *,
       CASE WHEN score IS NOT NULL THEN rank() OVER (PARTITION BY score IS NOT NULL ORDER BY half_up(score) DESC) END
           AS rank,
       count(score) OVER () AS of,
       (SELECT count(*) FROM ent) AS in_scope
FROM base
ORDER BY rank NULLS LAST, entity_name;
