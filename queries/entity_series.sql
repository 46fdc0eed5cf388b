-- Every year of the chosen entities that has any score: the index, the 7 values side by side,
-- the respondents and the method, in the order of the list given.
WITH vals AS (
    SELECT entity_code, year,
           max(score) FILTER (WHERE value_code = 'BP') AS BP,
           max(score) FILTER (WHERE value_code = 'AK') AS AK,
           max(score) FILTER (WHERE value_code = 'KO') AS KO,
           max(score) FILTER (WHERE value_code = 'HA') AS HA,
           max(score) FILTER (WHERE value_code = 'LO') AS LO,
           max(score) FILTER (WHERE value_code = 'AD') AS AD,
           max(score) FILTER (WHERE value_code = 'KL') AS KL
    FROM score
    WHERE dataset = $dataset AND list_contains($entities, entity_code)
      AND measure = 'implementasi' AND value_code IS NOT NULL
    GROUP BY entity_code, year
)
SELECT e.code AS entity_code, e.name AS entity_name, e.level, e.parent_code, e.region_code AS province_code,
       ey.year, ey.method, ey.respondents, ey.idx, ey.index_basis,
       v.BP, v.AK, v.KO, v.HA, v.LO, v.AD, v.KL
FROM entity_year ey
JOIN entity e ON e.code = ey.entity_code
LEFT JOIN vals v ON v.entity_code = ey.entity_code AND v.year = ey.year
WHERE ey.dataset = $dataset AND list_contains($entities, ey.entity_code)
ORDER BY list_position($entities, e.code), ey.year;
