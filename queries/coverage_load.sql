-- The coverage facts of the national figures (data/national_coverage.csv, registered as
-- coverage_frame), replaced as a whole at init.
DELETE FROM national_coverage;

INSERT INTO national_coverage (year, fact, value, source_url, note_id, note_en)
SELECT CAST(year AS INTEGER), fact, value, source_url, note_id, note_en FROM coverage_frame;
