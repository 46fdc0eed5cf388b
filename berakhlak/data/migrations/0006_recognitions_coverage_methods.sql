-- Schema version 6: real figures first (issue 14). Independent of 0005.
--
-- 1. method.year_default: whether the method is the default of the years it covers. A row may
--    name another method than its year's default (DKI Jakarta 2024 "from the ACT Consulting
--    survey"; the self-run MANDIRI-2025 figures of 2025): the method then comes from the row.
--    By-year lookups (importer, entity_year_index, the pages' method notes) read only default
--    methods, so MANDIRI-2025 (2025–, not a default) never becomes the method of a year.
-- 2. score.confidence (and score_replaced.confidence): 'medium' when the source leaves
--    something open (its note says what); NULL = as stated by the source (high).
-- 3. recognition: published ranks and awards, facts of their own (often without a score), with
--    their scope and source; imported and rolled back like scores (recognition_replaced).
-- 4. national_coverage: how many instansi and respondents a national figure rests on.

ALTER TABLE method ADD COLUMN year_default BOOLEAN DEFAULT true;

UPDATE method SET year_default = false WHERE code = 'INTERNAL';

-- A database whose reference was loaded before this version gets the new method here (a new
-- database loads it from data/methods.csv).
INSERT INTO method (code, name_id, name_en, first_year, last_year, description_id, description_en, year_default)
SELECT 'MANDIRI-2025', 'Pengukuran mandiri instansi (2025–)', 'Self-run measurement by each instansi (2025–)', 2025, NULL,
       'Diukur oleh instansi sendiri per unit (OPD): Survei Budaya Kerja 80 % + Evaluasi Implementasi BerAKHLAK 20 % (berbasis bukti dukung), seperti dilaporkan Pemkab Barito Utara 2025. Bukan metode bawaan suatu tahun: hanya baris yang menyebutnya.',
       'Measured by each instansi itself, per unit (OPD): Work-culture survey 80 % + evidence-based BerAKHLAK implementation evaluation 20 %, as reported by Pemkab Barito Utara for 2025. Not the default method of any year: only rows that name it.',
       false
WHERE EXISTS (SELECT 1 FROM method WHERE code = 'ACT-2022')
  AND NOT EXISTS (SELECT 1 FROM method WHERE code = 'MANDIRI-2025');

ALTER TABLE score ADD COLUMN confidence VARCHAR;

ALTER TABLE score_replaced ADD COLUMN confidence VARCHAR;

CREATE TABLE recognition (
    dataset      VARCHAR NOT NULL,
    entity_code  VARCHAR NOT NULL,
    survey_year  INTEGER NOT NULL,     -- the survey year the award is for (not the ceremony's)
    awarded_by   VARCHAR,
    award        VARCHAR NOT NULL,     -- as the source words it
    value_code   VARCHAR,              -- NULL = the whole index
    scope        VARCHAR,              -- among whom ("18 provinsi wilayah Indonesia Barat")
    rank         INTEGER,              -- a position, when the source gives one
    top_n        INTEGER,              -- "Top 5", when it gives a group instead
    of_total     INTEGER,              -- out of how many, when it says
    source_id    INTEGER,
    confidence   VARCHAR,              -- high | medium
    import_id    INTEGER
);

-- The recognitions an import replaced, so that rolling it back restores them.
CREATE TABLE recognition_replaced (
    replaced_by  INTEGER NOT NULL,
    dataset      VARCHAR NOT NULL,
    entity_code  VARCHAR NOT NULL,
    survey_year  INTEGER NOT NULL,
    awarded_by   VARCHAR,
    award        VARCHAR NOT NULL,
    value_code   VARCHAR,
    scope        VARCHAR,
    rank         INTEGER,
    top_n        INTEGER,
    of_total     INTEGER,
    source_id    INTEGER,
    confidence   VARCHAR,
    import_id    INTEGER
);

CREATE TABLE national_coverage (
    year       INTEGER NOT NULL,
    fact       VARCHAR NOT NULL,       -- instansi_participating | respondents | instansi_counted | instansi_below_minimum
    value      BIGINT NOT NULL,
    source_url VARCHAR,                -- NULL: the source has not been found (the note says so)
    note_id    VARCHAR,
    note_en    VARCHAR,
    PRIMARY KEY (year, fact)
);
