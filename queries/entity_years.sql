-- The years in which an entity has any score in the dataset (entity_year_source, migrations/0004).
SELECT DISTINCT year FROM entity_year_source WHERE dataset = $dataset AND entity_code = $entity ORDER BY year;
