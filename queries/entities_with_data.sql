-- The entities that have at least one score in the dataset, the national row first, then by
-- level and name. Units carry their parent's name: 38 provinces each have a "Biro Hukum".
SELECT e.code, e.name, e.level, e.parent_code, e.region_code, p.name AS parent_name
FROM entity e
LEFT JOIN entity p ON p.code = e.parent_code
WHERE EXISTS (SELECT 1 FROM score s WHERE s.dataset = $dataset AND s.entity_code = e.code)
ORDER BY CASE e.level WHEN 'nasional' THEN 0 WHEN 'provinsi' THEN 1 WHEN 'kabupaten' THEN 2
                      WHEN 'kota' THEN 2 WHEN 'kementerian' THEN 3 WHEN 'lembaga' THEN 3 ELSE 4 END,
         coalesce(p.name, ''), e.name;
