-- One instansi and all its units, every year: the index, the 7 values side by side, the
-- respondents. The instansi's row comes first in each year. As shown (entity_year_shown,
-- migrations/0005): the scores of a hidden unit (too few respondents, or hidden with another so
-- that the instansi's total cannot give it away) are NULL, `suppression` says why
-- ('respondents' or 'complementary').
WITH fam AS (
    SELECT code, name, level, parent_code, code = $parent AS is_parent
    FROM entity
    WHERE code = $parent OR (parent_code = $parent AND level = 'unit')
)
SELECT fam.code AS entity_code, fam.name AS entity_name, fam.is_parent,
       CASE WHEN fam.is_parent THEN NULL ELSE $parent END AS parent_code,
       ey.year, ey.method, ey.respondents, ey.idx, ey.index_basis,
       ey.BP, ey.AK, ey.KO, ey.HA, ey.LO, ey.AD, ey.KL,
       ey.suppressed, ey.suppression
FROM fam
JOIN entity_year_shown($min_respondents) ey ON ey.entity_code = fam.code AND ey.dataset = $dataset
ORDER BY ey.year, fam.is_parent DESC, fam.name;
