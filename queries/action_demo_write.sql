-- The synthetic action plan and its status history (frames demo_actions, demo_history), written
-- once by berakhlak.evaluation.demo inside its transaction.
INSERT INTO import_log (dataset, who, file_name, checksum, rows_added, rows_replaced, rows_unchanged, errors)
VALUES ($dataset, 'init', $file_name, $checksum, $added, 0, 0, 0);

INSERT INTO action_item (dataset, entity_code, year, value_code, action, owner, due_date, status,
                         evidence, reviewer_note, created_at, updated_at)
SELECT $dataset, entity_code, year, value_code, action, owner, CAST(due_date AS DATE), status,
       CAST(evidence AS VARCHAR), CAST(reviewer_note AS VARCHAR), created_at, updated_at
FROM demo_actions
ORDER BY entity_code, year, created_at;

INSERT INTO action_change (dataset, item_id, entity_code, year, action, changed_at, who, change, field,
                           old_value, new_value, via)
SELECT $dataset, a.item_id, h.entity_code, h.year, h.action, h.changed_at, $who, h.change, h.field,
       CAST(h.old_value AS VARCHAR), CAST(h.new_value AS VARCHAR), 'demo'
FROM demo_history h
JOIN action_item a
  ON a.dataset = $dataset AND a.entity_code = h.entity_code AND a.year = h.year AND a.action = h.action
ORDER BY h.changed_at, a.item_id;
