-- The survey's aggregation, over the validated frame `survey_raw`: per unit, year and behaviour,
-- the number of answers and the sum of the 1..5 ratings (a missing answer is skipped, never
-- counted as 0). One pass over the respondents, one count and one sum per behaviour, then the
-- small per-unit result is turned into one row per behaviour. Scores follow in the views of
-- migration 0003: behaviour score = (rating_sum / answers - 1) / 4 * 100.
-- (Validated cells are '1'..'5', possibly written '4.0' or '4,0': the first character is the rating.)
-- (Cells arrive trimmed of spaces: berakhlak.evaluation.internal._survey_frame.)
WITH ratings AS (
    SELECT unit_code AS unit_code, CAST(year AS INTEGER) AS year,
           CASE WHEN BP1 <> '' THEN CAST(left(BP1, 1) AS INTEGER) END AS BP1,
           CASE WHEN BP2 <> '' THEN CAST(left(BP2, 1) AS INTEGER) END AS BP2,
           CASE WHEN BP3 <> '' THEN CAST(left(BP3, 1) AS INTEGER) END AS BP3,
           CASE WHEN AK1 <> '' THEN CAST(left(AK1, 1) AS INTEGER) END AS AK1,
           CASE WHEN AK2 <> '' THEN CAST(left(AK2, 1) AS INTEGER) END AS AK2,
           CASE WHEN AK3 <> '' THEN CAST(left(AK3, 1) AS INTEGER) END AS AK3,
           CASE WHEN KO1 <> '' THEN CAST(left(KO1, 1) AS INTEGER) END AS KO1,
           CASE WHEN KO2 <> '' THEN CAST(left(KO2, 1) AS INTEGER) END AS KO2,
           CASE WHEN KO3 <> '' THEN CAST(left(KO3, 1) AS INTEGER) END AS KO3,
           CASE WHEN HA1 <> '' THEN CAST(left(HA1, 1) AS INTEGER) END AS HA1,
           CASE WHEN HA2 <> '' THEN CAST(left(HA2, 1) AS INTEGER) END AS HA2,
           CASE WHEN HA3 <> '' THEN CAST(left(HA3, 1) AS INTEGER) END AS HA3,
           CASE WHEN LO1 <> '' THEN CAST(left(LO1, 1) AS INTEGER) END AS LO1,
           CASE WHEN LO2 <> '' THEN CAST(left(LO2, 1) AS INTEGER) END AS LO2,
           CASE WHEN LO3 <> '' THEN CAST(left(LO3, 1) AS INTEGER) END AS LO3,
           CASE WHEN AD1 <> '' THEN CAST(left(AD1, 1) AS INTEGER) END AS AD1,
           CASE WHEN AD2 <> '' THEN CAST(left(AD2, 1) AS INTEGER) END AS AD2,
           CASE WHEN AD3 <> '' THEN CAST(left(AD3, 1) AS INTEGER) END AS AD3,
           CASE WHEN KL1 <> '' THEN CAST(left(KL1, 1) AS INTEGER) END AS KL1,
           CASE WHEN KL2 <> '' THEN CAST(left(KL2, 1) AS INTEGER) END AS KL2,
           CASE WHEN KL3 <> '' THEN CAST(left(KL3, 1) AS INTEGER) END AS KL3
    FROM survey_raw
), wide AS (
    SELECT unit_code, year,
       count(BP1) AS BP1_n, sum(BP1) AS BP1_s,
       count(BP2) AS BP2_n, sum(BP2) AS BP2_s,
       count(BP3) AS BP3_n, sum(BP3) AS BP3_s,
       count(AK1) AS AK1_n, sum(AK1) AS AK1_s,
       count(AK2) AS AK2_n, sum(AK2) AS AK2_s,
       count(AK3) AS AK3_n, sum(AK3) AS AK3_s,
       count(KO1) AS KO1_n, sum(KO1) AS KO1_s,
       count(KO2) AS KO2_n, sum(KO2) AS KO2_s,
       count(KO3) AS KO3_n, sum(KO3) AS KO3_s,
       count(HA1) AS HA1_n, sum(HA1) AS HA1_s,
       count(HA2) AS HA2_n, sum(HA2) AS HA2_s,
       count(HA3) AS HA3_n, sum(HA3) AS HA3_s,
       count(LO1) AS LO1_n, sum(LO1) AS LO1_s,
       count(LO2) AS LO2_n, sum(LO2) AS LO2_s,
       count(LO3) AS LO3_n, sum(LO3) AS LO3_s,
       count(AD1) AS AD1_n, sum(AD1) AS AD1_s,
       count(AD2) AS AD2_n, sum(AD2) AS AD2_s,
       count(AD3) AS AD3_n, sum(AD3) AS AD3_s,
       count(KL1) AS KL1_n, sum(KL1) AS KL1_s,
       count(KL2) AS KL2_n, sum(KL2) AS KL2_s,
       count(KL3) AS KL3_n, sum(KL3) AS KL3_s
    FROM ratings
    GROUP BY unit_code, year
)
SELECT unit_code, year, left(item, 2) AS value_code, CAST(right(item, 1) AS INTEGER) AS ord,
       answers, coalesce(rating_sum, 0) AS rating_sum
FROM (
    UNPIVOT wide ON
   (BP1_n, BP1_s) AS BP1,
   (BP2_n, BP2_s) AS BP2,
   (BP3_n, BP3_s) AS BP3,
   (AK1_n, AK1_s) AS AK1,
   (AK2_n, AK2_s) AS AK2,
   (AK3_n, AK3_s) AS AK3,
   (KO1_n, KO1_s) AS KO1,
   (KO2_n, KO2_s) AS KO2,
   (KO3_n, KO3_s) AS KO3,
   (HA1_n, HA1_s) AS HA1,
   (HA2_n, HA2_s) AS HA2,
   (HA3_n, HA3_s) AS HA3,
   (LO1_n, LO1_s) AS LO1,
   (LO2_n, LO2_s) AS LO2,
   (LO3_n, LO3_s) AS LO3,
   (AD1_n, AD1_s) AS AD1,
   (AD2_n, AD2_s) AS AD2,
   (AD3_n, AD3_s) AS AD3,
   (KL1_n, KL1_s) AS KL1,
   (KL2_n, KL2_s) AS KL2,
   (KL3_n, KL3_s) AS KL3
    INTO NAME item VALUE answers, rating_sum
)
WHERE answers > 0
ORDER BY unit_code, year, value_code, ord;
