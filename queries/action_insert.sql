-- A new action item (its log row is written by the caller, in the same transaction).
INSERT INTO action_item (dataset, entity_code, year, value_code, action, owner, due_date, status,
                         evidence, reviewer_note)
VALUES ($dataset, $entity_code, $year, $value_code, $action, $owner, $due_date, $status, $evidence,
        $reviewer_note)
RETURNING item_id;
