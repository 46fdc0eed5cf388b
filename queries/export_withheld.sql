-- How many score rows of a dataset an export leaves out (suppressed: too few respondents, or
-- complementary suppression): the rows score_shown (migrations/0002) leaves out, counted from
-- the scores grouped by entity-year and respondents (entity_year_source, migrations/0004).
SELECT CAST(coalesce(sum(s.n_scores) FILTER (WHERE coalesce(x.suppressed, false) OR s.respondents < $min_respondents), 0)
            AS BIGINT) AS withheld
FROM entity_year_source s
LEFT JOIN entity_year_suppression($min_respondents) x
       ON x.dataset = s.dataset AND x.entity_code = s.entity_code AND x.year = s.year
WHERE s.dataset = $dataset;
