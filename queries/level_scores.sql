-- Every entity of the chosen levels with data in one year: its province and survey batch, the
-- index, the 7 values side by side, its respondents and method, and `score`, the chosen indicator
-- ($indicator = 'IDX' for the index, or a value code). Filters: $batch and $province ('' = all).
-- `rank` is among the entities the filters keep whose indicator is shown (groups under the minimum
-- of respondents are not ranked; ties share a rank, on the score as shown). The page masks the
-- scores of suppressed groups (berakhlak.domain.suppression) before showing anything. The 7 values are
-- those of entity_year (migrations/0004), derived from the scores at every import.
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
                           WHEN 'KL' THEN ey.KL END AS score
    FROM ent
    JOIN entity_year ey ON ey.entity_code = ent.entity_code AND ey.dataset = $dataset AND ey.year = $year
), flagged AS (
    SELECT *, (score IS NOT NULL AND coalesce(respondents, $min_respondents) >= $min_respondents) AS ranked
    FROM base
)
SELECT *,
       CASE WHEN ranked THEN rank() OVER (PARTITION BY ranked ORDER BY half_up(score) DESC) END AS rank,
       count(*) FILTER (WHERE ranked) OVER () AS of
FROM flagged
ORDER BY rank NULLS LAST, entity_name;
