-- The years in which an entity has any score in the dataset.
SELECT DISTINCT year FROM score WHERE dataset = $dataset AND entity_code = $entity ORDER BY year;
