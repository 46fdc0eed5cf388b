-- How many problems the survey frame `survey_raw` has, in one pass (the common case, a clean
-- file, then needs no per-cell listing): bad ratings, missing or malformed ids, units and years,
-- and respondent ids used twice in a year.
SELECT
    (count(*) FILTER (WHERE CASE WHEN trim(BP1) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(BP1), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(BP2) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(BP2), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(BP3) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(BP3), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(AK1) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(AK1), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(AK2) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(AK2), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(AK3) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(AK3), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(KO1) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(KO1), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(KO2) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(KO2), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(KO3) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(KO3), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(HA1) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(HA1), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(HA2) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(HA2), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(HA3) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(HA3), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(LO1) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(LO1), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(LO2) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(LO2), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(LO3) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(LO3), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(AD1) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(AD1), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(AD2) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(AD2), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(AD3) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(AD3), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(KL1) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(KL1), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(KL2) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(KL2), '[1-5]([.,]0+)?') END) + 
           count(*) FILTER (WHERE CASE WHEN trim(KL3) IN ('', '1', '2', '3', '4', '5') THEN false ELSE NOT regexp_full_match(trim(KL3), '[1-5]([.,]0+)?') END)) AS bad_ratings,
    count(*) FILTER (WHERE trim(respondent_id) = '' OR trim(unit_code) = ''
                     OR NOT regexp_full_match(trim(year), '[0-9]{4}')
                     OR TRY_CAST(trim(year) AS INTEGER) NOT BETWEEN $year_low AND $year_high) AS bad_rows,
    count(*) FILTER (WHERE trim(respondent_id) <> '')
        - count(DISTINCT (trim(year), trim(respondent_id))) FILTER (WHERE trim(respondent_id) <> '') AS duplicate_ids
FROM survey_raw;
