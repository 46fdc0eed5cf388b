-- The action plan of an instansi and its units for one year: each item with its unit, its value
-- and whether it is overdue (due before $today and not yet hijau).
SELECT a.item_id, a.entity_code, e.name AS entity_name, e.level,
       a.value_code, v.name_id AS value_name_id, v.name_en AS value_name_en, v.ord AS value_ord,
       a.action, a.owner, a.due_date, a.status, a.evidence, a.reviewer_note,
       a.created_at, a.updated_at,
       coalesce(a.status <> 'hijau' AND a.due_date < $today, false) AS overdue
FROM action_item a
JOIN entity e ON e.code = a.entity_code
LEFT JOIN value v ON v.code = a.value_code
WHERE a.dataset = $dataset AND a.year = $year
  AND (a.entity_code = $instansi OR (e.parent_code = $instansi AND e.level = 'unit'))
ORDER BY CASE a.status WHEN 'merah' THEN 0 WHEN 'kuning' THEN 1 ELSE 2 END,
         a.due_date NULLS LAST, length(a.entity_code), a.entity_code, a.item_id;
