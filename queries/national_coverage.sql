-- How many instansi and respondents the national figure of a year rests on, with sources
-- (migrations/0006). No row: not published (or not found).
SELECT year, fact, value, source_url, note_id, note_en
FROM national_coverage
WHERE year = $year
ORDER BY CASE fact WHEN 'instansi_participating' THEN 1 WHEN 'respondents' THEN 2 WHEN 'instansi_counted' THEN 3
                   ELSE 4 END;
