-- One instansi and all its units, every year: the index, the 7 values side by side, the
-- respondents, and the instansi's own respondents beside each unit (the parent total that
-- complementary suppression protects). The instansi's row comes first in each year. (The 7
-- values are those of entity_year, migrations/0004, derived from the scores at every import.)
WITH fam AS (
    SELECT code, name, level, parent_code, code = $parent AS is_parent
    FROM entity
    WHERE code = $parent OR (parent_code = $parent AND level = 'unit')
)
SELECT fam.code AS entity_code, fam.name AS entity_name, fam.is_parent,
       CASE WHEN fam.is_parent THEN NULL ELSE $parent END AS parent_code,
       ey.year, ey.method, ey.respondents, ey.idx, ey.index_basis,
       ey.BP, ey.AK, ey.KO, ey.HA, ey.LO, ey.AD, ey.KL,
       p.respondents AS parent_respondents,
       p.idx IS NOT NULL AS parent_shown
FROM fam
JOIN entity_year ey ON ey.entity_code = fam.code AND ey.dataset = $dataset
LEFT JOIN entity_year p ON p.entity_code = $parent AND p.dataset = $dataset AND p.year = ey.year
ORDER BY ey.year, fam.is_parent DESC, fam.name;
