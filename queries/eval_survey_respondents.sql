-- Respondents per unit-year of the frame `survey_raw`: rows with at least one answer. Rows with
-- none are counted apart (blank_rows) and not counted as respondents.
SELECT unit_code, year,
       count(*) FILTER (WHERE answered) AS respondents,
       count(*) FILTER (WHERE NOT answered) AS blank_rows,
       min(_row) FILTER (WHERE NOT answered) AS first_blank_row
FROM (
    SELECT trim(unit_code) AS unit_code, CAST(trim(year) AS INTEGER) AS year, _row,
           (trim(BP1) || trim(BP2) || trim(BP3) || trim(AK1) || trim(AK2) || trim(AK3) || trim(KO1) || trim(KO2) || trim(KO3) || trim(HA1) || trim(HA2) || trim(HA3) || trim(LO1) || trim(LO2) || trim(LO3) || trim(AD1) || trim(AD2) || trim(AD3) || trim(KL1) || trim(KL2) || trim(KL3)) <> '' AS answered
    FROM survey_raw
)
GROUP BY unit_code, year
ORDER BY unit_code, year;
