-- Set the editable fields of one action item (the caller logs what changed).
UPDATE action_item
SET value_code = $value_code, action = $action, owner = $owner, due_date = $due_date,
    status = $status, evidence = $evidence, reviewer_note = $reviewer_note,
    updated_at = current_timestamp
WHERE item_id = $item_id;
