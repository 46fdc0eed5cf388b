-- Schema version 5: one suppression rule, decided here and read by every query that shows a
-- score (issue 11). Until now the query layer (0002/0004) hid, in a family of units with exactly
-- one unit under the minimum, one more unit; the Unit page ran a stricter rule of its own in
-- pandas. This is the stricter rule, for every output.
--
-- THE RULE, for a minimum min_n of respondents (README, "Method"):
-- 1. Primary: an entity-year with fewer than min_n respondents shows no score.
-- 2. Complementary: the units of one instansi (a family: same dataset, parent and year) are
--    ordered smallest first (fewest respondents; an unknown count last; ties by code). When any
--    unit of the family is hidden, the next units in that order are hidden too, until at least
--    two are hidden and the hidden units together have at least min_n respondents (or the whole
--    family is hidden). Whatever a reader works out from the instansi's total and the units shown
--    is then the mixed score of at least two units and at least min_n people: never one unit's,
--    never a small group's. An unknown count counts as 0. The rule applies whether or not the
--    total is shown in this dataset: an instansi's total is often published elsewhere.
-- 3. The respondents of an entity-year are the smallest count its implementasi scores give (in
--    consistent data they all give the same), so that no shown number rests on fewer people.
--
-- Stored as shown_up_to (migration 0004): the largest minimum under which the entity-year is
-- shown (NULL: under any). The rule is monotone in min_n (a larger minimum never shows what a
-- smaller one hides), so one number per entity-year answers it for every minimum:
--   position p of its family, n_p its respondents, n_1 the first one's, before_p the sum of the
--   respondents before it: hidden under min_n exactly when n_p < min_n (primary) or when
--   n_1 < min_n and before_p < min_n (the hidden units before it are still too few or too
--   small). So shown_up_to = least(n_p, greatest(n_1, before_p)); an entity that is not a unit
--   is a family of its own (n_1 = n_p, before_p = 0: shown_up_to = n_p).
-- family_shown_up_to is that formula; queries/refresh_entity_year.sql (every write of a dataset)
-- and queries/eval_scores.sql (the internal evaluation's units) compute its inputs.
CREATE MACRO family_shown_up_to(n, first_n, n_before) AS
    least(n, CASE WHEN first_n IS NOT NULL THEN greatest(first_n, n_before) END);

-- The data already there, under the rule: the same derivation as queries/refresh_entity_year.sql
-- (tests/test_derived_facts.py checks that an upgraded database equals a refreshed one).
UPDATE entity_year
SET respondents = r.respondents, shown_up_to = r.shown_up_to
FROM (
    WITH counts AS (
        SELECT dataset, entity_code, year, min(respondents) AS respondents
        FROM score
        WHERE measure = 'implementasi'
        GROUP BY dataset, entity_code, year
    ), base AS (
        SELECT ey.dataset, ey.entity_code, ey.year, c.respondents,
               CASE WHEN ey.level = 'unit' AND ey.parent_code IS NOT NULL THEN ey.parent_code END AS family
        FROM entity_year ey
        LEFT JOIN counts c
               ON c.dataset = ey.dataset AND c.entity_code = ey.entity_code AND c.year = ey.year
    )
    SELECT dataset, entity_code, year, respondents,
           CASE WHEN family IS NULL THEN respondents
                ELSE family_shown_up_to(respondents, first_value(respondents) OVER fam,
                                        coalesce(sum(coalesce(respondents, 0)) OVER (
                                            fam ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))
           END AS shown_up_to
    FROM base
    WINDOW fam AS (PARTITION BY dataset, family, year ORDER BY respondents NULLS LAST, entity_code)
) r
WHERE entity_year.dataset = r.dataset AND entity_year.entity_code = r.entity_code
  AND entity_year.year = r.year;

-- entity_year as it may be shown: every score column (the index, the index as ranked, the 7
-- values) is NULL where the entity-year is hidden, with the flag and the reason beside them.
-- The columns of 0004 first, in their order, then the parent and the 7 values.
CREATE OR REPLACE MACRO entity_year_shown(min_n) AS TABLE
SELECT dataset, entity_code, year,
       CASE WHEN shown_up_to < min_n THEN NULL ELSE idx END AS idx,
       CASE WHEN shown_up_to < min_n THEN NULL ELSE index_basis END AS index_basis,
       n_values, respondents, method, source_id,
       coalesce(shown_up_to < min_n, false) AS suppressed,
       CASE WHEN respondents < min_n THEN 'respondents'
            WHEN shown_up_to < min_n THEN 'complementary' END AS suppression,
       level,
       CASE WHEN shown_up_to < min_n THEN NULL ELSE idx_shown END AS idx_shown,
       parent_code,
       CASE WHEN shown_up_to < min_n THEN NULL ELSE BP END AS BP,
       CASE WHEN shown_up_to < min_n THEN NULL ELSE AK END AS AK,
       CASE WHEN shown_up_to < min_n THEN NULL ELSE KO END AS KO,
       CASE WHEN shown_up_to < min_n THEN NULL ELSE HA END AS HA,
       CASE WHEN shown_up_to < min_n THEN NULL ELSE LO END AS LO,
       CASE WHEN shown_up_to < min_n THEN NULL ELSE AD END AS AD,
       CASE WHEN shown_up_to < min_n THEN NULL ELSE KL END AS KL
FROM entity_year
WHERE level IS NOT NULL;
