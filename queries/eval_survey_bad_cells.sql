-- Every problem of the survey frame `survey_raw` (registered by evaluation.check_survey) as
-- (row_no, col, key, value, other). Per key and column the first $cap are returned (rn), and n
-- counts them all, so that a broken million-row file still gets a complete, short report.
WITH cells AS (
    UNPIVOT (SELECT _row, BP1, BP2, BP3, AK1, AK2, AK3, KO1, KO2, KO3, HA1, HA2, HA3, LO1, LO2, LO3, AD1, AD2, AD3, KL1, KL2, KL3 FROM survey_raw)
    ON BP1, BP2, BP3, AK1, AK2, AK3, KO1, KO2, KO3, HA1, HA2, HA3, LO1, LO2, LO3, AD1, AD2, AD3, KL1, KL2, KL3
    INTO NAME col VALUE cell
), r AS (
    SELECT _row, trim(respondent_id) AS rid, trim(unit_code) AS unit_code, trim(year) AS year
    FROM survey_raw
), problems AS (
    SELECT _row AS row_no, col, 'eval.bad_rating' AS key, cell AS value, NULL::BIGINT AS other
    FROM cells
    WHERE CASE WHEN trim(cell) IN ('', '1', '2', '3', '4', '5') THEN false
               ELSE NOT regexp_full_match(trim(cell), '[1-5]([.,]0+)?') END
    UNION ALL
    SELECT _row, 'respondent_id', 'import.required', NULL, NULL FROM r WHERE rid = ''
    UNION ALL
    SELECT _row, 'unit_code', 'import.required', NULL, NULL FROM r WHERE unit_code = ''
    UNION ALL
    SELECT _row, 'year', 'import.required', NULL, NULL FROM r WHERE year = ''
    UNION ALL
    SELECT _row, 'year', 'import.bad_year', year, NULL
    FROM r WHERE year <> '' AND NOT regexp_full_match(year, '[0-9]{4}')
    UNION ALL
    SELECT _row, 'year', 'import.year_range', year, NULL
    FROM r WHERE regexp_full_match(year, '[0-9]{4}') AND TRY_CAST(year AS INTEGER) NOT BETWEEN $year_low AND $year_high
    UNION ALL
    SELECT _row, 'respondent_id', 'eval.duplicate_respondent', rid, first_row
    FROM (SELECT _row, rid, min(_row) OVER (PARTITION BY year, rid) AS first_row FROM r WHERE rid <> '')
    WHERE _row <> first_row
)
SELECT row_no, col, key, value, other, n, rn
FROM (
    SELECT *, count(*) OVER (PARTITION BY key, col) AS n,
           row_number() OVER (PARTITION BY key, col ORDER BY row_no) AS rn
    FROM problems
)
WHERE rn <= $cap
ORDER BY row_no, col;
