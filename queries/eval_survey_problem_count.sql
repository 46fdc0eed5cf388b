-- How many problems the survey frame `survey_raw` has, in one pass (the common case, a clean
-- file, then needs no per-cell listing): bad ratings, missing or malformed ids, units and years,
-- and respondent ids used twice in a year.
-- (Cells arrive trimmed of spaces: berakhlak.evaluation.internal._survey_frame.)
SELECT
    (count(*) FILTER (WHERE CASE WHEN BP1 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(BP1, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN BP2 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(BP2, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN BP3 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(BP3, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN AK1 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(AK1, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN AK2 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(AK2, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN AK3 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(AK3, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN KO1 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(KO1, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN KO2 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(KO2, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN KO3 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(KO3, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN HA1 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(HA1, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN HA2 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(HA2, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN HA3 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(HA3, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN LO1 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(LO1, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN LO2 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(LO2, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN LO3 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(LO3, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN AD1 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(AD1, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN AD2 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(AD2, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN AD3 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(AD3, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN KL1 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(KL1, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN KL2 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(KL2, '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN KL3 IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(KL3, '[1-5]([.,]0+)?') END)) AS bad_ratings,
    count(*) FILTER (WHERE respondent_id = '' OR unit_code = ''
                     OR NOT regexp_full_match(year, '[0-9]{4}')
                     OR TRY_CAST(year AS INTEGER) NOT BETWEEN $year_low AND $year_high) AS bad_rows,
    count(*) FILTER (WHERE respondent_id <> '')
        - count(DISTINCT (year, respondent_id)) FILTER (WHERE respondent_id <> '') AS duplicate_ids
FROM survey_raw;
