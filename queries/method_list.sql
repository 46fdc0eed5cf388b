-- The survey instruments and the years each covers; year_default: the default method of those
-- years (false for a method only rows name: INTERNAL, MANDIRI-2025; migrations/0006).
SELECT code, name_id, name_en, first_year, last_year, description_id, description_en, year_default
FROM method ORDER BY first_year, code;
