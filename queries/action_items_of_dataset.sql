-- Every action item of a dataset (to match the rows of an imported plan).
SELECT item_id, dataset, entity_code, year, value_code, action, owner, due_date, status, evidence,
       reviewer_note
FROM action_item
WHERE dataset = $dataset
ORDER BY item_id;
