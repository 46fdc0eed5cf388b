-- One row of the edit log: who changed what, when, from what to what.
INSERT INTO action_change (dataset, item_id, entity_code, year, action, who, change, field,
                           old_value, new_value, via)
VALUES ($dataset, $item_id, $entity_code, $year, $action, $who, $change, $field, $old_value,
        $new_value, $via);
