-- Remove one action item (the caller logs what it was).
DELETE FROM action_item WHERE item_id = $item_id;
