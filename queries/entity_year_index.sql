-- One entity-year: who it is and its derived index, with the method of that year. Suppressed
-- (entity_year_shown, migrations/0002): idx and index_basis are NULL, `suppressed` is true and
-- `suppression` says why ('respondents' or 'complementary'). The method is the row's own
-- (ey.method), else the year's default method (migrations/0006).
SELECT e.code AS entity_code, e.name AS entity_name, e.level, e.parent_code, e.region_code,
       ey.year, ey.idx, ey.index_basis, ey.n_values, ey.respondents,
       coalesce(ey.method, m.code) AS method,
       coalesce(ey.suppressed, false) AS suppressed, ey.suppression
FROM entity e
LEFT JOIN entity_year_shown($min_respondents) ey
       ON ey.entity_code = e.code AND ey.dataset = $dataset AND ey.year = $year
LEFT JOIN method m
       ON $year BETWEEN m.first_year AND coalesce(m.last_year, 9999) AND m.year_default
WHERE e.code = $entity;
