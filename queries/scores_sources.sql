-- The sources behind the scores of the chosen entities in the chosen years (an empty list of
-- years = every year), the national figure included when it is in the list.
SELECT DISTINCT src.url, src.title, src.publisher, src.kind, s.note,
       list_position($entities, s.entity_code) AS pos
FROM score s
JOIN source src ON src.source_id = s.source_id
WHERE s.dataset = $dataset AND list_contains($entities, s.entity_code)
  AND (len($years) = 0 OR list_contains($years, s.year))
ORDER BY pos, src.url;
