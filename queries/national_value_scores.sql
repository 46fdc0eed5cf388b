-- The national figure per value for one year, for comparison bars (as shown: see score_shown).
SELECT v.code AS value_code, v.ord, s.score
FROM score_shown($min_respondents) s JOIN value v ON v.code = s.value_code
WHERE s.dataset = $dataset AND s.entity_code = 'ID' AND s.year = $year AND s.measure = 'implementasi'
ORDER BY v.ord;
