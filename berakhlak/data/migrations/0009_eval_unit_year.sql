-- Schema version 9: the internal evaluation's per-unit figures kept at import (issue 15).
--
-- queries/eval_scores.sql read the views of migration 0003 (eval_unit_index over
-- eval_value_score over eval_behaviour_score) and pivoted the 7 values on every call: DuckDB
-- planned and ran the nested aggregations over every behaviour row of the dataset each time
-- (27-54 ms at national scale). eval_unit_year holds, per dataset, unit and year, exactly what
-- those views give (the method stays as data in them): respondents, the number of value scores,
-- the unit index and the 7 value scores side by side. It holds no suppression: which numbers may
-- be shown is still decided by queries/eval_scores.sql, from these inputs, as before.
--
-- Kept by queries/refresh_eval_unit_year.sql, run by every write of the survey
-- (queries/eval_survey_write.sql, in the same transaction); filled here once for the data
-- already there (the same statement).
CREATE TABLE eval_unit_year (
    dataset     VARCHAR NOT NULL,
    entity_code VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    respondents INTEGER,
    method      VARCHAR,
    n_values    BIGINT NOT NULL,
    idx         DOUBLE,
    BP          DOUBLE,
    AK          DOUBLE,
    KO          DOUBLE,
    HA          DOUBLE,
    LO          DOUBLE,
    AD          DOUBLE,
    KL          DOUBLE
);

INSERT INTO eval_unit_year
WITH value_long AS (
    SELECT dataset, entity_code, year, value_code, score FROM eval_value_score
), vals AS (
    FROM seven_values(value_long)  -- migrations/0008
)
SELECT x.dataset, x.entity_code, x.year, x.respondents, x.method, x.n_values, x.idx,
       v.BP, v.AK, v.KO, v.HA, v.LO, v.AD, v.KL
FROM eval_unit_index x
LEFT JOIN vals v ON v.dataset = x.dataset AND v.entity_code = x.entity_code AND v.year = x.year
ORDER BY x.dataset, x.entity_code, x.year;
