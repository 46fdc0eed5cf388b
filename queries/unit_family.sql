-- One instansi and all its units, every year: the index, the 7 values side by side, the
-- respondents, and the instansi's own respondents beside each unit (the parent total that
-- complementary suppression protects). The instansi's row comes first in each year.
WITH fam AS (
    SELECT code, name, level, parent_code, code = $parent AS is_parent
    FROM entity
    WHERE code = $parent OR (parent_code = $parent AND level = 'unit')
), vals AS (
    SELECT s.entity_code, s.year,
           max(s.score) FILTER (WHERE s.value_code = 'BP') AS BP,
           max(s.score) FILTER (WHERE s.value_code = 'AK') AS AK,
           max(s.score) FILTER (WHERE s.value_code = 'KO') AS KO,
           max(s.score) FILTER (WHERE s.value_code = 'HA') AS HA,
           max(s.score) FILTER (WHERE s.value_code = 'LO') AS LO,
           max(s.score) FILTER (WHERE s.value_code = 'AD') AS AD,
           max(s.score) FILTER (WHERE s.value_code = 'KL') AS KL
    FROM score s JOIN fam ON fam.code = s.entity_code
    WHERE s.dataset = $dataset AND s.measure = 'implementasi' AND s.value_code IS NOT NULL
    GROUP BY s.entity_code, s.year
)
SELECT fam.code AS entity_code, fam.name AS entity_name, fam.is_parent,
       CASE WHEN fam.is_parent THEN NULL ELSE $parent END AS parent_code,
       ey.year, ey.method, ey.respondents, ey.idx, ey.index_basis,
       v.BP, v.AK, v.KO, v.HA, v.LO, v.AD, v.KL,
       p.respondents AS parent_respondents,
       p.idx IS NOT NULL AS parent_shown
FROM fam
JOIN entity_year ey ON ey.entity_code = fam.code AND ey.dataset = $dataset
LEFT JOIN vals v ON v.entity_code = fam.code AND v.year = ey.year
LEFT JOIN entity_year p ON p.entity_code = $parent AND p.dataset = $dataset AND p.year = ey.year
ORDER BY ey.year, fam.is_parent DESC, fam.name;
