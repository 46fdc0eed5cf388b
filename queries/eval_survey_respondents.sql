-- Respondents per unit-year of the frame `survey_raw`: rows with at least one answer. Rows with
-- none are counted apart (blank_rows) and not counted as respondents.
-- (Cells arrive trimmed of spaces: berakhlak.evaluation.internal._survey_frame.)
SELECT unit_code, year,
       count(*) FILTER (WHERE answered) AS respondents,
       count(*) FILTER (WHERE NOT answered) AS blank_rows,
       min(_row) FILTER (WHERE NOT answered) AS first_blank_row
FROM (
    SELECT unit_code AS unit_code, CAST(year AS INTEGER) AS year, _row,
           (BP1 || BP2 || BP3 || AK1 || AK2 || AK3 || KO1 || KO2 || KO3 || HA1 || HA2 || HA3 || LO1 || LO2 || LO3 || AD1 || AD2 || AD3 || KL1 || KL2 || KL3) <> '' AS answered
    FROM survey_raw
)
GROUP BY unit_code, year
ORDER BY unit_code, year;
