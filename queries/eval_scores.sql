-- The internal evaluation of one instansi-year: the instansi row first, then every unit of it.
-- Per row: the survey (with suppression), the institutional checklist score, the combined
-- score and the action-plan counts (on the instansi row: of the whole plan, instansi and units).
-- Parameters: $dataset, $instansi, $year, $min_respondents, $w_survey (0..100, the survey's share of the combined score),
-- $partial_credit (credit of a 'sebagian' criterion), $today (for overdue actions).
--
-- Suppression: the one rule of the national pages (docs/method.md, "Suppression"), over the
-- units that make the instansi's figure (a family):
--   * a unit with fewer than $min_respondents respondents shows no number ('suppressed');
--   * the instansi figure is the respondent-weighted mean over the units that have an index; in
--     that family, when any unit is hidden, the next-smallest (fewest respondents, then code) are
--     hidden too until at least two are hidden with at least $min_respondents respondents together
--     ('complementary'; family_shown_up_to, migrations/0005), so no hidden unit can be derived
--     from the total;
--   * the instansi itself is hidden when its units have fewer than $min_respondents in all;
--   * a hidden survey hides the combined score too (it would reveal the survey).
WITH unit AS (
    SELECT code, name FROM entity WHERE parent_code = $instansi AND level = 'unit'
), survey AS (
    -- The unit's figures as the views of migration 0003 give them, kept at import
    -- (eval_unit_year, migrations/0009).
    SELECT u.code, u.name, x.respondents, x.idx, x.n_values, x.BP, x.AK, x.KO, x.HA, x.LO, x.AD, x.KL
    FROM unit u
    LEFT JOIN eval_unit_year x
           ON x.entity_code = u.code AND x.dataset = $dataset AND x.year = $year
), flagged AS (
    SELECT *, idx IS NOT NULL AS contributes
    FROM survey
), family AS (
    SELECT *,
           CASE WHEN contributes
                THEN family_shown_up_to(respondents, first_value(respondents) OVER fam,
                                        coalesce(sum(coalesce(respondents, 0)) OVER (
                                            fam ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))
                ELSE respondents END AS shown_up_to
    FROM flagged
    WINDOW fam AS (PARTITION BY contributes ORDER BY respondents NULLS LAST, code)
), unit_status AS (
    SELECT *,
           CASE WHEN respondents IS NULL THEN 'no_data'
                WHEN respondents < $min_respondents THEN 'suppressed'
                WHEN shown_up_to < $min_respondents THEN 'complementary'
                WHEN idx IS NULL THEN 'incomplete'
                ELSE 'ok' END AS survey_status
    FROM family
), units_full AS (
    FROM unit_status
), inst AS (
    SELECT sum(respondents) FILTER (WHERE contributes) AS respondents,
           count(*) FILTER (WHERE contributes) AS n_units,
           sum(respondents * idx) FILTER (WHERE contributes) / sum(respondents) FILTER (WHERE contributes) AS idx,
           sum(respondents * BP) FILTER (WHERE contributes) / sum(respondents) FILTER (WHERE contributes) AS BP,
           sum(respondents * AK) FILTER (WHERE contributes) / sum(respondents) FILTER (WHERE contributes) AS AK,
           sum(respondents * KO) FILTER (WHERE contributes) / sum(respondents) FILTER (WHERE contributes) AS KO,
           sum(respondents * HA) FILTER (WHERE contributes) / sum(respondents) FILTER (WHERE contributes) AS HA,
           sum(respondents * LO) FILTER (WHERE contributes) / sum(respondents) FILTER (WHERE contributes) AS LO,
           sum(respondents * AD) FILTER (WHERE contributes) / sum(respondents) FILTER (WHERE contributes) AS AD,
           sum(respondents * KL) FILTER (WHERE contributes) / sum(respondents) FILTER (WHERE contributes) AS KL
    FROM units_full
), rows AS (
    SELECT 0 AS sort, 'instansi' AS row_kind, e.code AS entity_code, e.name AS entity_name,
           i.respondents, i.n_units,
           CASE WHEN coalesce(i.n_units, 0) = 0 THEN 'no_data'
                WHEN i.respondents < $min_respondents THEN 'suppressed'
                ELSE 'ok' END AS survey_status,
           i.idx, i.BP, i.AK, i.KO, i.HA, i.LO, i.AD, i.KL
    FROM entity e, inst i
    WHERE e.code = $instansi
    UNION ALL
    SELECT 1, 'unit', code, name, respondents, NULL, survey_status, idx, BP, AK, KO, HA, LO, AD, KL
    FROM units_full
), shown AS (
    -- Hidden numbers never leave the database: NULL unless the row may be shown.
    SELECT sort, row_kind, entity_code, entity_name, respondents, n_units, survey_status,
           CASE WHEN survey_status = 'ok' THEN idx END AS survey_idx,
           CASE WHEN survey_status IN ('ok', 'incomplete') THEN BP END AS BP,
           CASE WHEN survey_status IN ('ok', 'incomplete') THEN AK END AS AK,
           CASE WHEN survey_status IN ('ok', 'incomplete') THEN KO END AS KO,
           CASE WHEN survey_status IN ('ok', 'incomplete') THEN HA END AS HA,
           CASE WHEN survey_status IN ('ok', 'incomplete') THEN LO END AS LO,
           CASE WHEN survey_status IN ('ok', 'incomplete') THEN AD END AS AD,
           CASE WHEN survey_status IN ('ok', 'incomplete') THEN KL END AS KL
    FROM rows
), chk AS (
    SELECT entity_code,
           count(*) AS inst_items,
           count(*) FILTER (WHERE status = 'ada') AS inst_met,
           count(*) FILTER (WHERE status = 'sebagian') AS inst_partial,
           100 * sum(weight * CASE status WHEN 'ada' THEN 1.0 WHEN 'sebagian' THEN $partial_credit ELSE 0.0 END)
               / sum(weight) AS inst_score
    FROM eval_checklist
    WHERE dataset = $dataset AND year = $year
    GROUP BY entity_code
), act AS (
    SELECT entity_code,
           count(*) FILTER (WHERE status = 'merah') AS n_merah,
           count(*) FILTER (WHERE status = 'kuning') AS n_kuning,
           count(*) FILTER (WHERE status = 'hijau') AS n_hijau,
           count(*) FILTER (WHERE status <> 'hijau' AND due_date < $today) AS n_overdue
    FROM action_item
    WHERE dataset = $dataset AND year = $year
    GROUP BY entity_code
), act_total AS (
    -- The instansi row counts the whole plan: the instansi's own items and its units'.
    SELECT sum(n_merah) AS n_merah, sum(n_kuning) AS n_kuning, sum(n_hijau) AS n_hijau,
           sum(n_overdue) AS n_overdue
    FROM act
    WHERE entity_code = $instansi OR entity_code IN (SELECT code FROM unit)
), weakest AS (
    SELECT entity_code, arg_min(value_code, half_up(score) * 100 + ord) AS weakest_value
    FROM (UNPIVOT shown ON BP, AK, KO, HA, LO, AD, KL INTO NAME value_code VALUE score) w
    JOIN value v ON v.code = w.value_code
    WHERE w.survey_status = 'ok'
    GROUP BY entity_code
)
SELECT s.row_kind, s.entity_code, s.entity_name, s.respondents, s.n_units, s.survey_status,
       s.survey_idx, s.BP, s.AK, s.KO, s.HA, s.LO, s.AD, s.KL, w.weakest_value,
       c.inst_score, coalesce(c.inst_items, 0) AS inst_items, coalesce(c.inst_met, 0) AS inst_met,
       coalesce(c.inst_partial, 0) AS inst_partial,
       CASE WHEN s.survey_idx IS NOT NULL AND c.inst_score IS NOT NULL
            THEN ($w_survey * s.survey_idx + (100 - $w_survey) * c.inst_score) / 100 END AS combined,
       coalesce(CASE WHEN s.row_kind = 'instansi' THEN t.n_merah ELSE a.n_merah END, 0) AS n_merah,
       coalesce(CASE WHEN s.row_kind = 'instansi' THEN t.n_kuning ELSE a.n_kuning END, 0) AS n_kuning,
       coalesce(CASE WHEN s.row_kind = 'instansi' THEN t.n_hijau ELSE a.n_hijau END, 0) AS n_hijau,
       coalesce(CASE WHEN s.row_kind = 'instansi' THEN t.n_overdue ELSE a.n_overdue END, 0) AS n_overdue
FROM shown s
LEFT JOIN chk c ON c.entity_code = s.entity_code
LEFT JOIN act a ON a.entity_code = s.entity_code
CROSS JOIN act_total t
LEFT JOIN weakest w ON w.entity_code = s.entity_code
ORDER BY s.sort, length(s.entity_code), s.entity_code;
