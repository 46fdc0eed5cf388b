-- The survey methods (instruments) behind the scores of a dataset, for a file's "Sumber"
-- (berakhlak/present/output.py): the methods covering the years that have scores, of some
-- entities and years when the lists are not empty (entity_year_source: no score is read).
WITH wanted AS (
    SELECT DISTINCT unnest($entities) AS entity_code
), yrs AS (
    SELECT DISTINCT s.year
    FROM entity_year_source s
    WHERE s.dataset = $dataset
      AND (len($entities) = 0 OR s.entity_code IN (SELECT entity_code FROM wanted))
      AND (len($years) = 0 OR list_contains($years, s.year))
)
SELECT m.code, m.name_id, m.name_en, m.first_year, m.last_year
FROM method m
WHERE EXISTS (SELECT 1 FROM yrs WHERE yrs.year >= m.first_year
                                  AND (m.last_year IS NULL OR yrs.year <= m.last_year))
ORDER BY m.first_year;
