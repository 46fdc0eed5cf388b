-- One action item by id.
SELECT item_id, dataset, entity_code, year, value_code, action, owner, due_date, status, evidence,
       reviewer_note, created_at, updated_at
FROM action_item
WHERE item_id = $item_id;
