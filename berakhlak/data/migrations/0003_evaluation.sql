-- Schema version 3: the internal work-culture evaluation (issue 7). Independent of 0002.
--
-- Internal results live in tables of their own (eval_*, action_*), never in `score`:
-- `score` and `entity_year` feed the national series (trend, rank, national average, the
-- Overview), and the demo already holds national-survey scores for the same units and years.
-- Kept apart, an internal figure can never be drawn on a national trend, ranked against a
-- national index or averaged into it.

-- The method of the internal evaluation. Its year range is EMPTY on purpose (first_year 2024 >
-- last_year 2023): every by-year lookup of the national survey's method (importer, summary,
-- entity_year_index) asks "first_year <= year <= last_year", so it can never pick this row, and a
-- national import that names it explicitly is rejected ("does not cover the year"). The internal
-- evaluation itself runs from 2024 on (see description).
INSERT INTO method (code, name_id, name_en, first_year, last_year, description_id, description_en)
SELECT 'INTERNAL', 'Metode evaluasi internal', 'Internal evaluation method', 2024, 2023,
       'Evaluasi budaya kerja oleh instansi sendiri (sejak 2024): survei perilaku individu (skala 1–5) dan penilaian instansi berbasis bukti dukung. Bukan Survei Indeks BerAKHLAK nasional; angkanya tidak dapat dibandingkan dengan indeks nasional.',
       'An organisation''s own work-culture evaluation (from 2024): an individual behaviour survey (1–5 scale) and an evidence-based institutional assessment. Not the national BerAKHLAK Index survey; its figures cannot be compared with the national index.'
WHERE NOT EXISTS (SELECT 1 FROM method WHERE code = 'INTERNAL');

-- The individual survey, stored aggregated per unit-year (no individual answers are kept).
-- A re-import of a unit-year replaces it.
CREATE TABLE eval_survey_unit (
    dataset     VARCHAR NOT NULL,
    entity_code VARCHAR NOT NULL,        -- a unit (entity.level = 'unit')
    year        INTEGER NOT NULL,
    respondents INTEGER NOT NULL,        -- rows with at least one answer
    method      VARCHAR NOT NULL DEFAULT 'INTERNAL',
    import_id   INTEGER
);

CREATE TABLE eval_survey_behaviour (
    dataset     VARCHAR NOT NULL,
    entity_code VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    value_code  VARCHAR NOT NULL,
    ord         INTEGER NOT NULL,        -- behaviour 1..3 of the value
    answers     INTEGER NOT NULL,        -- non-missing ratings
    rating_sum  BIGINT NOT NULL          -- sum of the 1..5 ratings
);

-- The method, as data (docs/method.md, "Internal evaluation"):
--   behaviour score = (mean rating - 1) / 4 * 100
--   value score     = mean of its 3 behaviour scores (all 3 needed)
--   unit index      = mean of the 7 value scores (all 7 needed)
-- The instansi figure (respondent-weighted mean over its units) and suppression need
-- parameters, so they are in queries/eval_scores.sql.
CREATE VIEW eval_behaviour_score AS
SELECT dataset, entity_code, year, value_code, ord, answers, rating_sum,
       (rating_sum::DOUBLE / answers - 1) / 4 * 100 AS score
FROM eval_survey_behaviour
WHERE answers > 0;

CREATE VIEW eval_value_score AS
SELECT dataset, entity_code, year, value_code,
       count(*) AS n_behaviours,
       min(answers) AS min_answers,
       CASE WHEN count(*) = 3 THEN avg(score) END AS score
FROM eval_behaviour_score
GROUP BY dataset, entity_code, year, value_code;

CREATE VIEW eval_unit_index AS
SELECT u.dataset, u.entity_code, u.year, u.respondents, u.method,
       count(v.score) AS n_values,
       CASE WHEN count(v.score) = 7 THEN avg(v.score) END AS idx
FROM eval_survey_unit u
LEFT JOIN eval_value_score v
       ON v.dataset = u.dataset AND v.entity_code = u.entity_code AND v.year = u.year
GROUP BY u.dataset, u.entity_code, u.year, u.respondents, u.method;

-- The institutional assessment: a checklist per instansi or unit and year. A re-import of an
-- entity-year replaces its whole checklist.
CREATE TABLE eval_checklist (
    dataset       VARCHAR NOT NULL,
    entity_code   VARCHAR NOT NULL,      -- an instansi or a unit
    year          INTEGER NOT NULL,
    item_no       INTEGER NOT NULL,
    criterion     VARCHAR NOT NULL,
    weight        DOUBLE NOT NULL CHECK (weight > 0),
    status        VARCHAR NOT NULL CHECK (status IN ('ada', 'sebagian', 'tidak_ada')),
    evidence      VARCHAR,               -- a link or a file name
    reviewer_note VARCHAR,
    import_id     INTEGER
);

-- The Rencana Aksi (action plan). Every change is logged in action_change.
CREATE SEQUENCE action_item_seq START 1;

CREATE TABLE action_item (
    item_id       INTEGER PRIMARY KEY DEFAULT nextval('action_item_seq'),
    dataset       VARCHAR NOT NULL,
    entity_code   VARCHAR NOT NULL,      -- an instansi or a unit
    year          INTEGER NOT NULL,      -- the evaluation year the plan answers
    value_code    VARCHAR,               -- the BerAKHLAK value it addresses (NULL = general)
    action        VARCHAR NOT NULL,
    owner         VARCHAR,
    due_date      DATE,
    status        VARCHAR NOT NULL CHECK (status IN ('merah', 'kuning', 'hijau')),
    evidence      VARCHAR,
    reviewer_note VARCHAR,
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE action_change_seq START 1;

-- Who changed what, when, from what to what. One row per changed field; a new item is one row
-- (field '*', new_value = the item), a deleted item one row (field '*', old_value = the item).
-- entity_code, year and action are copied so that the log stays readable after a delete.
CREATE TABLE action_change (
    change_id   INTEGER PRIMARY KEY DEFAULT nextval('action_change_seq'),
    dataset     VARCHAR NOT NULL,
    item_id     INTEGER NOT NULL,
    entity_code VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    action      VARCHAR,
    changed_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    who         VARCHAR NOT NULL,
    change      VARCHAR NOT NULL CHECK (change IN ('tambah', 'ubah', 'hapus')),
    field       VARCHAR NOT NULL,
    old_value   VARCHAR,
    new_value   VARCHAR,
    via         VARCHAR NOT NULL         -- ui | impor | cli | demo
);
