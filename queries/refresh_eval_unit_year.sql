-- Rebuild the internal evaluation's per-unit figures of one dataset (eval_unit_year, migrations/
-- 0009) from the views of migration 0003, which define the method: run by every write of the
-- survey (queries/eval_survey_write.sql), inside its transaction. No suppression here: that is
-- queries/eval_scores.sql's, from these inputs.
DELETE FROM eval_unit_year WHERE dataset = $dataset;

INSERT INTO eval_unit_year
WITH value_long AS (
    SELECT entity_code, year, value_code, score FROM eval_value_score WHERE dataset = $dataset
), vals AS (
    FROM seven_values(value_long)  -- migrations/0008
)
SELECT x.dataset, x.entity_code, x.year, x.respondents, x.method, x.n_values, x.idx,
       v.BP, v.AK, v.KO, v.HA, v.LO, v.AD, v.KL
FROM eval_unit_index x
LEFT JOIN vals v ON v.entity_code = x.entity_code AND v.year = x.year
WHERE x.dataset = $dataset
ORDER BY x.entity_code, x.year;
