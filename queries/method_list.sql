-- The survey instruments and the years each covers.
SELECT code, name_id, name_en, first_year, last_year, description_id, description_en
FROM method ORDER BY first_year;
