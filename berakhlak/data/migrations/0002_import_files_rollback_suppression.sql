-- Schema version 2: safe imports from the browser, and minimum-respondent suppression in SQL.
--
-- 1. The import log keeps the original file (with its checksum) and what each import replaced,
--    so that a past import can be rolled back from its log entry.
-- 2. Suppression macros: every query that shows a score reads through them, so that no page,
--    export, deck or CLI output reveals a score of a group below the minimum of respondents.

-- An entry is an import, or the rollback of one (rolls_back = the import undone; the import then
-- has rolled_back_by = this entry). rows_removed: rows a rollback took out.
ALTER TABLE import_log ADD COLUMN kind VARCHAR DEFAULT 'import';
ALTER TABLE import_log ADD COLUMN file_size BIGINT;
ALTER TABLE import_log ADD COLUMN rolls_back INTEGER;
ALTER TABLE import_log ADD COLUMN rolled_back_by INTEGER;
ALTER TABLE import_log ADD COLUMN rows_removed INTEGER DEFAULT 0;

-- The file as uploaded, byte for byte (checksum = sha256 of content).
CREATE TABLE import_file (
    import_id INTEGER PRIMARY KEY,
    file_name VARCHAR,
    checksum  VARCHAR NOT NULL,
    size      BIGINT NOT NULL,
    content   BLOB NOT NULL
);

-- The score rows an import replaced, as they were, so that rolling the import back restores
-- them: score's own columns (and NOT NULLs), after replaced_by = the import that replaced them.
CREATE TABLE score_replaced AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM score LIMIT 0;
ALTER TABLE score_replaced ALTER COLUMN replaced_by SET NOT NULL;
ALTER TABLE score_replaced ALTER COLUMN dataset SET NOT NULL;
ALTER TABLE score_replaced ALTER COLUMN entity_code SET NOT NULL;
ALTER TABLE score_replaced ALTER COLUMN year SET NOT NULL;
ALTER TABLE score_replaced ALTER COLUMN measure SET NOT NULL;
ALTER TABLE score_replaced ALTER COLUMN score SET NOT NULL;
ALTER TABLE score_replaced ALTER COLUMN method SET NOT NULL;

-- Minimum-respondent suppression (docs/method.md, "Suppression (minimum
-- respondents)"). min_n is the minimum (queries pass $min_respondents, which berakhlak.data.db binds
-- to rules.DEFAULT_MIN_RESPONDENTS = 5 when the caller does not give it).
--
-- An entity-year is suppressed when
--   * 'respondents': its number of respondents is known and below min_n (primary suppression); or
--   * 'complementary': it is a unit, exactly one other unit of the same parent instansi is
--     suppressed in that year, and it is the smallest of the parent's remaining units (fewest
--     respondents; ties by code). Otherwise the parent's total (its index and respondents) and
--     the shown units would give away the one hidden unit. With two or more units hidden, only
--     their combination could be derived, which is what survey platforms accept.
-- An entity-year with no respondent count is shown (published figures rarely give one).
CREATE MACRO entity_year_suppression(min_n) AS TABLE
WITH base AS (
    SELECT ey.dataset, ey.entity_code, ey.year, ey.respondents, e.level, e.parent_code,
           coalesce(ey.respondents < min_n, false) AS primary_hidden
    FROM entity_year ey
    JOIN entity e ON e.code = ey.entity_code
), unit_groups AS (
    SELECT dataset, parent_code, year, count(*) FILTER (WHERE primary_hidden) AS n_hidden
    FROM base
    WHERE level = 'unit'
    GROUP BY dataset, parent_code, year
), complementary AS (
    SELECT b.dataset, b.entity_code, b.year,
           row_number() OVER (PARTITION BY b.dataset, b.parent_code, b.year
                              ORDER BY b.respondents NULLS LAST, b.entity_code) AS pick
    FROM base b
    JOIN unit_groups g
      ON g.dataset = b.dataset AND g.parent_code = b.parent_code AND g.year = b.year
    WHERE b.level = 'unit' AND NOT b.primary_hidden AND g.n_hidden = 1
)
SELECT b.dataset, b.entity_code, b.year, b.respondents,
       b.primary_hidden OR c.entity_code IS NOT NULL AS suppressed,
       CASE WHEN b.primary_hidden THEN 'respondents'
            WHEN c.entity_code IS NOT NULL THEN 'complementary' END AS suppression
FROM base b
LEFT JOIN complementary c
       ON c.dataset = b.dataset AND c.entity_code = b.entity_code AND c.year = b.year
      AND c.pick = 1;

-- entity_year as it may be shown: idx and index_basis are NULL where suppressed, with the flag
-- and the reason beside them.
CREATE MACRO entity_year_shown(min_n) AS TABLE
SELECT ey.dataset, ey.entity_code, ey.year,
       CASE WHEN x.suppressed THEN NULL ELSE ey.idx END AS idx,
       CASE WHEN x.suppressed THEN NULL ELSE ey.index_basis END AS index_basis,
       ey.n_values, ey.respondents, ey.method, ey.source_id,
       x.suppressed, x.suppression
FROM entity_year ey
JOIN entity_year_suppression(min_n) x
  ON x.dataset = ey.dataset AND x.entity_code = ey.entity_code AND x.year = ey.year;

-- The score rows that may be shown: not those of a suppressed entity-year, nor a row whose own
-- respondent count is below min_n.
CREATE MACRO score_shown(min_n) AS TABLE
SELECT s.*
FROM score s
LEFT JOIN entity_year_suppression(min_n) x
       ON x.dataset = s.dataset AND x.entity_code = s.entity_code AND x.year = s.year
WHERE NOT coalesce(x.suppressed, false)
  AND coalesce(s.respondents >= min_n, true);
