-- Schema version 1: the data model (docs/architecture.md).
-- Reference tables are filled by berakhlak.data.db.init_database from data/.

CREATE TABLE dataset (
    name        VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,      -- published | synthetic | user
    description VARCHAR,
    created_at  TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE source (
    source_id      INTEGER PRIMARY KEY,
    url            VARCHAR NOT NULL UNIQUE,
    title          VARCHAR,
    publisher      VARCHAR,
    published_date DATE,
    kind           VARCHAR NOT NULL    -- official | news | internal | synthetic
);

CREATE TABLE method (
    code           VARCHAR PRIMARY KEY,
    name_id        VARCHAR NOT NULL,
    name_en        VARCHAR NOT NULL,
    first_year     INTEGER NOT NULL,
    last_year      INTEGER,            -- NULL = still in use
    description_id VARCHAR,
    description_en VARCHAR
);

CREATE TABLE value (
    code    VARCHAR PRIMARY KEY,
    ord     INTEGER NOT NULL,
    name_id VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL
);

CREATE TABLE behaviour (
    value_code VARCHAR NOT NULL,
    ord        INTEGER NOT NULL,
    text_id    VARCHAR NOT NULL,
    text_en    VARCHAR NOT NULL,
    PRIMARY KEY (value_code, ord)
);

CREATE TABLE category_band (
    code     VARCHAR PRIMARY KEY,
    label_id VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    lower    DOUBLE NOT NULL,
    upper    DOUBLE NOT NULL,
    inferred BOOLEAN NOT NULL,
    note_id  VARCHAR,
    note_en  VARCHAR
);

CREATE TABLE province (
    code  VARCHAR PRIMARY KEY,
    name  VARCHAR NOT NULL,
    batch VARCHAR                     -- survey batch barat|tengah|timur (inferred)
);

CREATE TABLE regency (
    code          VARCHAR PRIMARY KEY,
    province_code VARCHAR NOT NULL,
    name          VARCHAR NOT NULL
);

CREATE TABLE entity (
    code        VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    level       VARCHAR NOT NULL,     -- nasional kementerian lembaga provinsi kabupaten kota unit
    parent_code VARCHAR,
    region_code VARCHAR               -- province part of a Pemda code
);

CREATE SEQUENCE import_id_seq START 1;

CREATE TABLE import_log (
    import_id      INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
    dataset        VARCHAR NOT NULL,
    who            VARCHAR,
    imported_at    TIMESTAMP DEFAULT current_timestamp,
    file_name      VARCHAR,
    checksum       VARCHAR,
    rows_added     INTEGER NOT NULL DEFAULT 0,
    rows_replaced  INTEGER NOT NULL DEFAULT 0,
    rows_unchanged INTEGER NOT NULL DEFAULT 0,
    errors         INTEGER NOT NULL DEFAULT 0
);

-- One score. value_code NULL = the whole entity (the index, or a sub-index).
-- Uniqueness of (dataset, entity_code, year, measure, value_code) is kept by the importer,
-- which replaces rather than duplicates.
CREATE TABLE score (
    dataset     VARCHAR NOT NULL,
    entity_code VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    measure     VARCHAR NOT NULL,
    value_code  VARCHAR,
    score       DOUBLE NOT NULL,
    respondents INTEGER,
    method      VARCHAR NOT NULL,
    source_id   INTEGER,
    note        VARCHAR,
    import_id   INTEGER
);

-- The index of every entity-year, derived from score by queries/refresh_entity_year.sql after
-- each write, so that pages never recompute it.
CREATE TABLE entity_year (
    dataset      VARCHAR NOT NULL,
    entity_code  VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    idx          DOUBLE,               -- NULL = missing (partial set, no published index)
    index_basis  VARCHAR,              -- published | mean_of_values | NULL
    n_values     INTEGER NOT NULL,
    respondents  INTEGER,
    method       VARCHAR,
    source_id    INTEGER
);

-- The one rounding rule (docs/method.md): half-up to one decimal. Casting the double to a decimal
-- first removes representation noise (74.95 is stored as 74.9499999...), and DECIMAL rounds
-- half away from zero, which is half-up for scores >= 0. berakhlak.domain.rules.round_half_up agrees.
CREATE MACRO half_up(x) AS CAST(round(CAST(x AS DECIMAL(18, 6)), 1) AS DOUBLE);
