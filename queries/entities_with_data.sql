-- The entities that have at least one score in the dataset, the national row first, then by
-- level and name. Units carry their parent's name: 38 provinces each have a "Biro Hukum".
-- (The list and its order are kept in dataset_entity, migrations/0004, at every import.)
-- @arrow (many rows of text: the result comes through Arrow, see berakhlak/db.py)
SELECT entity_code AS code, name, level, parent_code, region_code, parent_name
FROM dataset_entity
WHERE dataset = $dataset
ORDER BY ord;
