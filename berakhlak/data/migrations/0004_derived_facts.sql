-- Schema version 4: derived facts, so that pages never scan every score at national scale
-- (issue 6: 1.34 million scores, 20,000 units). Everything here is derived from `score` and
-- `entity` by queries/refresh_entity_year.sql after every write of a dataset (import, rollback,
-- the benchmarks' bulk load); this migration fills it once for the data already there.
--
-- 1. entity_year gets, per entity-year:
--    * level, parent_code: the entity's (entity rows never change once written), so that ranks
--      and families need no join;
--    * idx_shown: half_up(idx), the index as shown and ranked (no decimal cast per row per query);
--    * shown_up_to: the largest minimum of respondents under which the entity-year is shown
--      (NULL: shown under any minimum). Primary and complementary suppression of migration 0002
--      for any minimum min_n reduce to "shown_up_to < min_n" (see entity_year_suppression below);
--    * BP, AK, KO, HA, LO, AD, KL: the 7 value scores (measure implementasi) side by side.
-- 2. entity_year_source: the scores of every entity-year grouped by source, note, import and
--    respondents (and whether they are implementasi scores), with their number: which years have
--    any score, how many scores an import has and how many an export withholds, and the sources
--    behind them, without reading `score`.
--    dataset_entity: the entities with any score in a dataset, in the order the pickers list them,
--    with their names and number of scores.
-- 3. The suppression macro entity_year_suppression of migration 0002, with the same results,
--    reads shown_up_to instead of recomputing every family of units on every call.

-- entity_year as in 0001, with the new columns after the old ones. Rebuilt rather than altered
-- and updated: an UPDATE of every row is much slower in DuckDB than writing the table anew.
CREATE TABLE entity_year_v4 (
    dataset          VARCHAR NOT NULL,
    entity_code      VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    idx              DOUBLE,
    index_basis      VARCHAR,
    n_values         INTEGER NOT NULL,
    respondents      INTEGER,
    method           VARCHAR,
    source_id        INTEGER,
    level            VARCHAR,          -- entity.level (NULL: no such entity)
    parent_code      VARCHAR,          -- entity.parent_code
    idx_shown        DOUBLE,           -- half_up(idx)
    shown_up_to      INTEGER,          -- suppressed when the minimum of respondents is above it
    -- the 7 value scores (measure implementasi), side by side
    BP DOUBLE, AK DOUBLE, KO DOUBLE, HA DOUBLE, LO DOUBLE, AD DOUBLE, KL DOUBLE
);

CREATE TABLE entity_year_source (
    dataset      VARCHAR NOT NULL,
    entity_code  VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    implementasi BOOLEAN NOT NULL,     -- measure = 'implementasi' (the index and the 7 values)
    source_id    INTEGER,
    note         VARCHAR,
    import_id    INTEGER,              -- the import that wrote them
    respondents  INTEGER,              -- their own respondents (suppression of a single score)
    n_scores     BIGINT NOT NULL
);

CREATE TABLE dataset_entity (
    dataset      VARCHAR NOT NULL,
    entity_code  VARCHAR NOT NULL,
    ord          INTEGER NOT NULL,     -- the order of the entity pickers (queries/entities_with_data.sql)
    n_scores     BIGINT NOT NULL,
    name         VARCHAR NOT NULL,     -- the entity's, and its parent's name (entity rows never change)
    level        VARCHAR NOT NULL,
    parent_code  VARCHAR,
    region_code  VARCHAR,
    parent_name  VARCHAR
);

-- Fill both for the data already there: the same derivation as queries/refresh_entity_year.sql,
-- over every dataset (tests/test_derived_facts.py checks that an upgraded database equals a
-- refreshed one).
INSERT INTO entity_year_v4
WITH vals AS (
    SELECT dataset, entity_code, year,
           max(score) FILTER (WHERE value_code = 'BP') AS BP,
           max(score) FILTER (WHERE value_code = 'AK') AS AK,
           max(score) FILTER (WHERE value_code = 'KO') AS KO,
           max(score) FILTER (WHERE value_code = 'HA') AS HA,
           max(score) FILTER (WHERE value_code = 'LO') AS LO,
           max(score) FILTER (WHERE value_code = 'AD') AS AD,
           max(score) FILTER (WHERE value_code = 'KL') AS KL
    FROM score
    WHERE measure = 'implementasi' AND value_code IS NOT NULL
    GROUP BY dataset, entity_code, year
), base AS (
    SELECT ey.*, e.level, e.parent_code, e.level = 'unit' AND e.parent_code IS NOT NULL AS in_family
    FROM entity_year ey
    LEFT JOIN entity e ON e.code = ey.entity_code
)
SELECT b.dataset, b.entity_code, b.year, b.idx, b.index_basis, b.n_values, b.respondents, b.method,
       b.source_id, b.level, b.parent_code, half_up(b.idx),
       least(b.respondents, CASE WHEN b.in_family AND row_number() OVER family = 2
                                 THEN first_value(b.respondents) OVER family END),
       v.BP, v.AK, v.KO, v.HA, v.LO, v.AD, v.KL
FROM base b
LEFT JOIN vals v ON v.dataset = b.dataset AND v.entity_code = b.entity_code AND v.year = b.year
WINDOW family AS (PARTITION BY b.dataset, b.in_family, b.parent_code, b.year
                  ORDER BY b.respondents NULLS LAST, b.entity_code)
ORDER BY b.dataset, b.entity_code, b.year;

DROP TABLE entity_year;

ALTER TABLE entity_year_v4 RENAME TO entity_year;

INSERT INTO entity_year_source (dataset, entity_code, year, implementasi, source_id, note, import_id, respondents,
                                n_scores)
SELECT dataset, entity_code, year, measure = 'implementasi', source_id, note, import_id, respondents, count(*)
FROM score
GROUP BY ALL
ORDER BY dataset, entity_code, year;

INSERT INTO dataset_entity (dataset, entity_code, ord, n_scores, name, level, parent_code, region_code, parent_name)
SELECT s.dataset, e.code,
       row_number() OVER (PARTITION BY s.dataset
                          ORDER BY CASE e.level WHEN 'nasional' THEN 0 WHEN 'provinsi' THEN 1 WHEN 'kabupaten' THEN 2
                                                WHEN 'kota' THEN 2 WHEN 'kementerian' THEN 3 WHEN 'lembaga' THEN 3
                                                ELSE 4 END,
                                   coalesce(p.name, ''), e.name, e.code),
       s.n_scores, e.name, e.level, e.parent_code, e.region_code, p.name
FROM (SELECT dataset, entity_code, CAST(sum(n_scores) AS BIGINT) AS n_scores
      FROM entity_year_source GROUP BY dataset, entity_code) s
JOIN entity e ON e.code = s.entity_code
LEFT JOIN entity p ON p.code = e.parent_code
ORDER BY s.dataset, 3;

-- Minimum-respondent suppression, as migration 0002 defines it, from shown_up_to. For a
-- minimum min_n:
--   * 'respondents': the respondents are known and below min_n;
--   * 'complementary': 0002 hides, in a family of units (same parent, dataset and year) with
--     exactly one unit below min_n, the smallest of the others (fewest respondents, unknown
--     last, then code). Order the family that way: the units below min_n come first, so exactly
--     one is below min_n when the first is and the second is not, and the second is then the one
--     hidden. So the second of a family is hidden (when it is not below min_n itself) exactly
--     when the first one's respondents are below min_n.
-- shown_up_to = the least of the respondents and, for the second of a family, the first one's
-- respondents: the entity-year is suppressed exactly when shown_up_to < min_n.
-- Only entity-years of a known entity (level set at refresh) are covered, as 0002's join did.
CREATE OR REPLACE MACRO entity_year_suppression(min_n) AS TABLE
SELECT dataset, entity_code, year, respondents,
       coalesce(shown_up_to < min_n, false) AS suppressed,
       CASE WHEN respondents < min_n THEN 'respondents'
            WHEN shown_up_to < min_n THEN 'complementary' END AS suppression
FROM entity_year
WHERE level IS NOT NULL;

-- entity_year_shown is redefined over the new columns by migration 0005 (which always follows this
-- one), and score_shown of 0002 reads entity_year_suppression, so it follows the new definition
-- above: neither is repeated here.
