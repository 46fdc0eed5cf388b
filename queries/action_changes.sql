-- The edit log of an instansi's action plan (instansi and units) for one year, newest first.
-- Status changes and new items make the status history.
SELECT c.change_id, c.changed_at, c.who, c.change, c.field, c.old_value, c.new_value, c.via,
       c.item_id, c.entity_code, e.name AS entity_name, c.action
FROM action_change c
LEFT JOIN entity e ON e.code = c.entity_code
WHERE c.dataset = $dataset AND c.year = $year
  AND (c.entity_code = $instansi OR (e.parent_code = $instansi AND e.level = 'unit'))
ORDER BY c.changed_at DESC, c.change_id DESC;
