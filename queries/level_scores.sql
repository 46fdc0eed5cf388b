-- Every entity of the chosen levels with data in one year: its province and survey batch, the
-- index, the 7 values side by side, its respondents and method, and `score`, the chosen indicator
-- ($indicator = 'IDX' for the index, or a value code). Filters: $batch and $province ('' = all).
-- `rank` is among the entities the filters keep whose indicator is shown (groups under the minimum
-- of respondents are not ranked; ties share a rank, on the score as shown). The page masks the
-- scores of suppressed groups (berakhlak.suppression) before showing anything.
WITH ent AS (
    SELECT e.code AS entity_code, e.name AS entity_name, e.level, e.region_code AS province_code,
           p.name AS province_name, p.batch
    FROM entity e
    LEFT JOIN province p ON p.code = e.region_code
    WHERE list_contains($levels, e.level)
      AND ($batch = '' OR p.batch = $batch)
      AND ($province = '' OR e.region_code = $province)
), vals AS (
    SELECT entity_code,
           max(score) FILTER (WHERE value_code = 'BP') AS BP,
           max(score) FILTER (WHERE value_code = 'AK') AS AK,
           max(score) FILTER (WHERE value_code = 'KO') AS KO,
           max(score) FILTER (WHERE value_code = 'HA') AS HA,
           max(score) FILTER (WHERE value_code = 'LO') AS LO,
           max(score) FILTER (WHERE value_code = 'AD') AS AD,
           max(score) FILTER (WHERE value_code = 'KL') AS KL
    FROM score
    WHERE dataset = $dataset AND year = $year AND measure = 'implementasi' AND value_code IS NOT NULL
    GROUP BY entity_code
), base AS (
    SELECT ent.*, ey.year, ey.idx, ey.index_basis, ey.respondents, ey.method,
           vals.BP, vals.AK, vals.KO, vals.HA, vals.LO, vals.AD, vals.KL,
           CASE WHEN $indicator = 'IDX' THEN ey.idx ELSE sel.score END AS score
    FROM ent
    JOIN entity_year ey ON ey.entity_code = ent.entity_code AND ey.dataset = $dataset AND ey.year = $year
    LEFT JOIN vals ON vals.entity_code = ent.entity_code
    LEFT JOIN score sel ON sel.dataset = $dataset AND sel.entity_code = ent.entity_code AND sel.year = $year
                       AND sel.measure = 'implementasi' AND sel.value_code = $indicator
), flagged AS (
    SELECT *, (score IS NOT NULL AND coalesce(respondents, $min_respondents) >= $min_respondents) AS ranked
    FROM base
)
SELECT *,
       CASE WHEN ranked THEN rank() OVER (PARTITION BY ranked ORDER BY half_up(score) DESC) END AS rank,
       count(*) FILTER (WHERE ranked) OVER () AS of
FROM flagged
ORDER BY rank NULLS LAST, entity_name;
