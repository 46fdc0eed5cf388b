-- The years with internal-evaluation data for an instansi or its units.
WITH members AS (
    SELECT code FROM entity WHERE code = $instansi OR (parent_code = $instansi AND level = 'unit')
)
SELECT DISTINCT year FROM (
    SELECT entity_code, year FROM eval_survey_unit WHERE dataset = $dataset
    UNION ALL SELECT entity_code, year FROM eval_checklist WHERE dataset = $dataset
    UNION ALL SELECT entity_code, year FROM action_item WHERE dataset = $dataset
) x
WHERE x.entity_code IN (SELECT code FROM members)
ORDER BY year;
