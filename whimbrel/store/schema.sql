-- Whimbrel store schema: the one definition of table shapes (DuckDB dialect; the PostgreSQL store
-- maps the same columns). Every child row carries article_id, so re-processing an article deletes and
-- re-inserts exactly its rows, inside one transaction.

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS articles (
    id            VARCHAR PRIMARY KEY,
    title         VARCHAR,
    published     VARCHAR,          -- ISO 8601 as extracted (a date, or a timestamp with or without offset)
    published_day DATE,             -- its calendar day, for range filters
    source        VARCHAR,
    url           VARCHAR,
    language      VARCHAR,
    byline        VARCHAR,
    wires         VARCHAR[],
    text          VARCHAR,
    path          VARCHAR,
    duplicate_of  VARCHAR,
    processed_at  TIMESTAMP,
    record        JSON              -- the full contract record, exactly as `process --out` writes it
);

CREATE TABLE IF NOT EXISTS events (
    id               VARCHAR PRIMARY KEY,
    article_id       VARCHAR NOT NULL,
    seq              INTEGER,       -- order within the article
    type             VARCHAR,
    mode             VARCHAR,
    context          VARCHAR[],
    acled_event_type VARCHAR,
    acled_sub_event_type VARCHAR,
    cameo_root       VARCHAR,
    intensity        DOUBLE,
    factuality       VARCHAR,
    date             DATE,
    date_precision   VARCHAR,
    location_name    VARCHAR,
    location_country VARCHAR,
    location_admin1  VARCHAR,
    lat              DOUBLE,
    lon              DOUBLE,
    geonameid        BIGINT,
    fatalities_low   INTEGER,
    fatalities_best  INTEGER,
    fatalities_high  INTEGER,
    evidence_start   INTEGER,
    evidence_end     INTEGER,
    evidence_text    VARCHAR,
    confidence       DOUBLE,
    record           JSON
);

CREATE TABLE IF NOT EXISTS event_actors (
    event_id   VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,    -- source | target | reported_by
    seq        INTEGER,
    text       VARCHAR,
    start      INTEGER,
    "end"      INTEGER,
    actor_id   VARCHAR,
    name       VARCHAR,
    kind       VARCHAR,
    country    VARCHAR,
    sector     VARCHAR
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id   VARCHAR NOT NULL,
    seq          INTEGER,
    kind         VARCHAR,
    start        INTEGER,
    "end"        INTEGER,
    text         VARCHAR,
    speaker_text VARCHAR,
    speaker_id   VARCHAR,
    speaker_name VARCHAR,
    speaker_country VARCHAR,
    speaker_sector  VARCHAR,
    cue_text     VARCHAR
);

CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR NOT NULL,
    seq        INTEGER,
    text       VARCHAR,
    start      INTEGER,
    "end"      INTEGER,
    geonameid  BIGINT,
    name       VARCHAR,
    lat        DOUBLE,
    lon        DOUBLE,
    country    VARCHAR,
    admin1     VARCHAR,
    feature    VARCHAR
);

-- Near-duplicate detection (whimbrel/dedup.py): each article's MinHash signature and the order in which
-- it was first seen, so a later run finds earlier copies and a re-processed original keeps its place.
-- Added in schema version 2; a store from version 1 gets the table empty, and the first `process` run signs
-- its articles from their stored text. The MinHash settings are in meta ('minhash').
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id VARCHAR PRIMARY KEY,
    seq        BIGINT NOT NULL,     -- first-seen order: a duplicate points at the earliest copy
    hashvalues BLOB NOT NULL        -- little-endian uint32 MinHash values
);

-- Inputs that failed, with where and why (re-running retries them).
CREATE TABLE IF NOT EXISTS errors (
    input      VARCHAR NOT NULL,    -- path:line or <stdin>:line
    stage      VARCHAR,
    error      VARCHAR,
    message    VARCHAR,
    article_id VARCHAR,
    failed_at  TIMESTAMP
);

CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_type ON events (type);
CREATE INDEX IF NOT EXISTS events_date ON events (date);
CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors (event_id);
CREATE INDEX IF NOT EXISTS event_actors_article ON event_actors (article_id);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
CREATE INDEX IF NOT EXISTS places_article ON places (article_id);
