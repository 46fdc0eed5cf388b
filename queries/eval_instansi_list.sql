-- The instansi that have internal-evaluation data (survey of a unit, checklist or action plan,
-- of the instansi itself or of one of its units) in the dataset, provinces first.
WITH touched AS (
    SELECT entity_code FROM eval_survey_unit WHERE dataset = $dataset
    UNION SELECT entity_code FROM eval_checklist WHERE dataset = $dataset
    UNION SELECT entity_code FROM action_item WHERE dataset = $dataset
), inst AS (
    SELECT DISTINCT CASE WHEN e.level = 'unit' THEN e.parent_code ELSE e.code END AS code
    FROM touched t JOIN entity e ON e.code = t.entity_code
)
SELECT e.code, e.name, e.level
FROM inst JOIN entity e ON e.code = inst.code
ORDER BY CASE e.level WHEN 'provinsi' THEN 1 WHEN 'kabupaten' THEN 2 WHEN 'kota' THEN 2
                      WHEN 'kementerian' THEN 3 WHEN 'lembaga' THEN 3 ELSE 4 END,
         e.name;
