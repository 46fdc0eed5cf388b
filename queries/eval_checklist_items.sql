-- The checklist of an instansi and of its units for one year, criterion by criterion.
SELECT c.entity_code, e.name AS entity_name, e.level, c.item_no, c.criterion, c.weight, c.status,
       c.evidence, c.reviewer_note
FROM eval_checklist c
JOIN entity e ON e.code = c.entity_code
WHERE c.dataset = $dataset AND c.year = $year
  AND (c.entity_code = $instansi OR (e.parent_code = $instansi AND e.level = 'unit'))
ORDER BY CASE WHEN e.level = 'unit' THEN 1 ELSE 0 END, length(c.entity_code), c.entity_code, c.item_no;
