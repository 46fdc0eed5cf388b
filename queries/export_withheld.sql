-- How many score rows of a dataset an export leaves out (suppressed: too few respondents, or
-- complementary suppression): the rows score_shown (migrations/0002) leaves out, counted from
-- the scores grouped by entity-year and respondents (entity_year_source, migrations/0004).
-- The hidden entity-years are few: joining the scores' groups to them only (a small hash table)
-- rather than to every entity-year keeps this under a few milliseconds at national scale.
WITH hidden AS (
    SELECT entity_code, year
    FROM entity_year_suppression($min_respondents)
    WHERE dataset = $dataset AND suppressed
)
SELECT CAST(coalesce(sum(s.n_scores) FILTER (WHERE h.entity_code IS NOT NULL OR s.respondents < $min_respondents), 0)
            AS BIGINT) AS withheld
FROM entity_year_source s
LEFT JOIN hidden h ON h.entity_code = s.entity_code AND h.year = s.year
WHERE s.dataset = $dataset;
