-- A user's dataset exists once something is written to it.
INSERT INTO dataset (name, kind)
SELECT $dataset, 'user'
WHERE NOT EXISTS (SELECT 1 FROM dataset WHERE name = $dataset);
