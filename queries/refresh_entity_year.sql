-- Rebuild the derived index of every entity-year of one dataset (docs/method.md, "the index"):
-- the published overall score when there is one; otherwise the mean of the 7 values when all 7
-- are present; otherwise missing. Never a mean of a partial set.
-- With it, the other derived facts of migrations/0004 (keep the two in step): the entity's level
-- and parent, the index as shown (half_up), the largest minimum of respondents under which it is
-- shown (the suppression rule of migrations/0005: primary and complementary, through
-- family_shown_up_to), the 7 values side by side; and
-- entity_year_source, the scores grouped by entity-year, source, note, import and respondents; and
-- dataset_entity, the entities with scores in the order of the pickers.
DELETE FROM entity_year WHERE dataset = $dataset;

INSERT INTO entity_year (dataset, entity_code, year, idx, index_basis, n_values, respondents, method, source_id,
                         level, parent_code, idx_shown, shown_up_to,
                         BP, AK, KO, HA, LO, AD, KL)
WITH overall AS (
    SELECT entity_code, year, score, respondents, method, source_id
    FROM score
    WHERE dataset = $dataset AND measure = 'implementasi' AND value_code IS NULL
), per_value AS (
    SELECT entity_code, year,
           count(DISTINCT value_code) AS n_values,
           avg(score) AS mean_score,
           min(respondents) AS respondents,
           max(method) AS method,
           min(source_id) AS source_id
    FROM score
    WHERE dataset = $dataset AND measure = 'implementasi' AND value_code IS NOT NULL
    GROUP BY entity_code, year
), value_long AS (
    SELECT entity_code, year, value_code, score
    FROM score
    WHERE dataset = $dataset AND measure = 'implementasi' AND value_code IS NOT NULL
), value_wide AS (
    FROM seven_values(value_long)  -- migrations/0008
), derived AS (
    SELECT coalesce(o.entity_code, v.entity_code) AS entity_code,
           coalesce(o.year, v.year) AS year,
           CASE WHEN o.score IS NOT NULL THEN o.score
                WHEN v.n_values = 7 THEN v.mean_score END AS idx,
           CASE WHEN o.score IS NOT NULL THEN 'published'
                WHEN v.n_values = 7 THEN 'mean_of_values' END AS index_basis,
           coalesce(v.n_values, 0) AS n_values,
           least(o.respondents, v.respondents) AS respondents,   -- the smallest count (0005)
           coalesce(o.method, v.method) AS method,
           coalesce(o.source_id, v.source_id) AS source_id,
           w.BP, w.AK, w.KO, w.HA, w.LO, w.AD, w.KL
    FROM overall o
    FULL OUTER JOIN per_value v ON o.entity_code = v.entity_code AND o.year = v.year
    LEFT JOIN value_wide w ON w.entity_code = v.entity_code AND w.year = v.year
), base AS (
    -- family: the instansi whose units are suppressed together (NULL: not a unit, a family of its own)
    SELECT d.*, e.level, e.parent_code,
           CASE WHEN e.level = 'unit' AND e.parent_code IS NOT NULL THEN e.parent_code END AS family
    FROM derived d
    LEFT JOIN entity e ON e.code = d.entity_code
)
SELECT $dataset, entity_code, year, idx, index_basis, n_values, respondents, method, source_id,
       level, parent_code, half_up(idx),
       CASE WHEN family IS NULL THEN respondents
            ELSE family_shown_up_to(respondents, first_value(respondents) OVER fam,
                                    coalesce(sum(coalesce(respondents, 0)) OVER (
                                        fam ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))
       END,
       BP, AK, KO, HA, LO, AD, KL
FROM base
WINDOW fam AS (PARTITION BY family, year ORDER BY respondents NULLS LAST, entity_code)
ORDER BY entity_code, year;

DELETE FROM entity_year_source WHERE dataset = $dataset;

INSERT INTO entity_year_source (dataset, entity_code, year, implementasi, source_id, note, import_id, respondents,
                                n_scores)
SELECT $dataset, entity_code, year, measure = 'implementasi', source_id, note, import_id, respondents, count(*)
FROM score
WHERE dataset = $dataset
GROUP BY entity_code, year, measure = 'implementasi', source_id, note, import_id, respondents
ORDER BY entity_code, year;

DELETE FROM dataset_entity WHERE dataset = $dataset;

INSERT INTO dataset_entity (dataset, entity_code, ord, n_scores, name, level, parent_code, region_code, parent_name)
SELECT $dataset, e.code,
       row_number() OVER (ORDER BY CASE e.level WHEN 'nasional' THEN 0 WHEN 'provinsi' THEN 1 WHEN 'kabupaten' THEN 2
                                                WHEN 'kota' THEN 2 WHEN 'kementerian' THEN 3 WHEN 'lembaga' THEN 3
                                                ELSE 4 END,
                                   coalesce(p.name, ''), e.name, e.code),
       s.n_scores, e.name, e.level, e.parent_code, e.region_code, p.name
FROM (SELECT entity_code, CAST(sum(n_scores) AS BIGINT) AS n_scores
      FROM entity_year_source WHERE dataset = $dataset GROUP BY entity_code) s
JOIN entity e ON e.code = s.entity_code
LEFT JOIN entity p ON p.code = e.parent_code
ORDER BY 3;
