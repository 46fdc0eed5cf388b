-- The 7 value scores side by side, in one place: `seven_values(rel)` pivots a relation of
-- (key columns..., value_code, score) into one row per key with the columns BP, AK, KO, HA, LO,
-- AD, KL (the highest score of each value; NULL where a value has none). `rel` names a table,
-- view or CTE. Used by queries/refresh_entity_year.sql and queries/eval_scores.sql; migration
-- 0004 spells out the same pivot for the data it converted.
CREATE OR REPLACE MACRO seven_values(rel) AS TABLE
    PIVOT (FROM query_table(rel)) ON value_code IN ('BP', 'AK', 'KO', 'HA', 'LO', 'AD', 'KL') USING max(score);
