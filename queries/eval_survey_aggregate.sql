-- The survey's aggregation, over the validated frame `survey_raw`: per unit, year and behaviour,
-- the number of answers and the sum of the 1..5 ratings (a missing answer is skipped, never
-- counted as 0). Scores follow from these in the views of migration 0003:
-- behaviour score = (rating_sum / answers - 1) / 4 * 100.
WITH cells AS (
    UNPIVOT (
        SELECT trim(unit_code) AS unit_code, CAST(trim(year) AS INTEGER) AS year, BP1, BP2, BP3, AK1, AK2, AK3, KO1, KO2, KO3, HA1, HA2, HA3, LO1, LO2, LO3, AD1, AD2, AD3, KL1, KL2, KL3
        FROM survey_raw
    )
    ON BP1, BP2, BP3, AK1, AK2, AK3, KO1, KO2, KO3, HA1, HA2, HA3, LO1, LO2, LO3, AD1, AD2, AD3, KL1, KL2, KL3
    INTO NAME item VALUE cell
)
SELECT unit_code, year,
       left(item, 2) AS value_code,
       CAST(right(item, 1) AS INTEGER) AS ord,
       count(*) AS answers,
       sum(CAST(CAST(replace(trim(cell), ',', '.') AS DOUBLE) AS BIGINT)) AS rating_sum
FROM cells
WHERE trim(cell) <> ''
GROUP BY unit_code, year, item
ORDER BY unit_code, year, item;
