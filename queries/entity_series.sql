-- Every year of the chosen entities that has any score: the index, the 7 values side by side,
-- the respondents and the method, in the order of the list given. As shown (entity_year_shown,
-- migrations/0005): the scores of a hidden entity-year are NULL, `suppressed` and `suppression`
-- say why, `status` is 'hidden' or 'ok'.
SELECT e.code AS entity_code, e.name AS entity_name, e.level, e.parent_code, e.region_code AS province_code,
       ey.year, ey.method, ey.respondents, ey.idx, ey.index_basis,
       ey.BP, ey.AK, ey.KO, ey.HA, ey.LO, ey.AD, ey.KL,
       ey.suppressed, ey.suppression, CASE WHEN ey.suppressed THEN 'hidden' ELSE 'ok' END AS status
FROM entity_year_shown($min_respondents) ey
JOIN entity e ON e.code = ey.entity_code
WHERE ey.dataset = $dataset AND list_contains($entities, ey.entity_code)
ORDER BY list_position($entities, e.code), ey.year;
