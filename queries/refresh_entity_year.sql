-- Rebuild the derived index of every entity-year of one dataset (architecture.md, "the index"):
-- the published overall score when there is one; otherwise the mean of the 7 values when all 7
-- are present; otherwise missing. Never a mean of a partial set.
DELETE FROM entity_year WHERE dataset = $dataset;

INSERT INTO entity_year
WITH overall AS (
    SELECT entity_code, year, score, respondents, method, source_id
    FROM score
    WHERE dataset = $dataset AND measure = 'implementasi' AND value_code IS NULL
), per_value AS (
    SELECT entity_code, year,
           count(DISTINCT value_code) AS n_values,
           avg(score) AS mean_score,
           max(respondents) AS respondents,
           max(method) AS method,
           min(source_id) AS source_id
    FROM score
    WHERE dataset = $dataset AND measure = 'implementasi' AND value_code IS NOT NULL
    GROUP BY entity_code, year
)
SELECT $dataset,
       coalesce(o.entity_code, v.entity_code),
       coalesce(o.year, v.year),
       CASE WHEN o.score IS NOT NULL THEN o.score
            WHEN v.n_values = 7 THEN v.mean_score END,
       CASE WHEN o.score IS NOT NULL THEN 'published'
            WHEN v.n_values = 7 THEN 'mean_of_values' END,
       coalesce(v.n_values, 0),
       coalesce(o.respondents, v.respondents),
       coalesce(o.method, v.method),
       coalesce(o.source_id, v.source_id)
FROM overall o
FULL OUTER JOIN per_value v ON o.entity_code = v.entity_code AND o.year = v.year;
