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

-- Cross-article event groups (rule: whimbrel/event_groups.py; upkeep: whimbrel/store/event_groups.py): every
-- event belongs to one group, the events of different articles that report one real-world event. Added in
-- schema version 3; a store from version 2 is grouped when it is first opened for writing. The rule's version
-- is in meta ('event_groups'): a store grouped under another is regrouped.
CREATE TABLE IF NOT EXISTS event_group_members (
    event_id    VARCHAR PRIMARY KEY,
    article_id  VARCHAR NOT NULL,
    group_id    VARCHAR NOT NULL,
    seen        BIGINT NOT NULL,    -- the article's first-seen order (kept when it is re-processed)
    seq         INTEGER,            -- order within the article
    type        VARCHAR,            -- lookup keys: type, ACLED sub-event type, factuality, date span
    acled       VARCHAR,
    factuality  VARCHAR,
    day         DATE,               -- the event's date, or its article's publication day
    precision   VARCHAR,            -- of that date: day, week, month, year or publication
    day_from    DATE,               -- the days it may have happened on; null: never grouped (negated,
    day_to      DATE,               -- hypothetical, undated, dated only to a year)
    bucket      INTEGER,            -- lookup key: span-length class * 1e6 + first day (days since 1970)
    country     VARCHAR,            -- of its place (events in two countries are never one event)
    facts       JSON                -- what the rule compares: place, actors, fatalities
);

CREATE TABLE IF NOT EXISTS event_groups (
    id                  VARCHAR PRIMARY KEY,  -- the id of its first event (first-seen order)
    type                VARCHAR,              -- type and factuality of that event
    factuality          VARCHAR,
    first_day           DATE,
    last_day            DATE,
    events              INTEGER,
    articles            INTEGER,
    sources             VARCHAR[],            -- article ids, first seen first
    independent_sources INTEGER,              -- near-duplicates, one wire's copies, one outlet: counted once
    counted             BOOLEAN               -- holds an event of an article that is not a near-duplicate
);

-- Inputs that failed, with where and why (re-running retries them).
-- Quarantine: one row per input (file, line, feed entry, WARC record) whose latest attempt failed; a later
-- success removes it. `whimbrel errors` lists them, `whimbrel process --retry-failed` reads them again.
CREATE TABLE IF NOT EXISTS errors (
    input      VARCHAR NOT NULL,    -- path:line or <stdin>:line
    stage      VARCHAR,
    error      VARCHAR,
    message    VARCHAR,
    article_id VARCHAR,
    failed_at  TIMESTAMP,
    path       VARCHAR,             -- the input as given (null: standard input)
    position   BIGINT               -- line, feed entry or WARC record number (null: the whole input)
);
-- Stores made before path/position were recorded get the columns (empty: such rows retry the whole input).
ALTER TABLE errors ADD COLUMN IF NOT EXISTS path VARCHAR;
ALTER TABLE errors ADD COLUMN IF NOT EXISTS position BIGINT;

CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_type ON events (type);
CREATE INDEX IF NOT EXISTS events_date ON events (date);
CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors (event_id);
CREATE INDEX IF NOT EXISTS event_actors_article ON event_actors (article_id);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
CREATE INDEX IF NOT EXISTS places_article ON places (article_id);

-- Lull statements ("calm has largely prevailed in northwest Syria"): not events, but what the cease-fire
-- watch needs (whimbrel/events/lulls.py). Added with the daily aggregates.
CREATE TABLE IF NOT EXISTS lulls (
    id               VARCHAR NOT NULL,
    article_id       VARCHAR NOT NULL,
    seq              INTEGER,
    date             DATE,
    date_precision   VARCHAR,
    about            VARCHAR,       -- what paused, where the text says ("airstrikes")
    cue              VARCHAR,       -- "prevailed", "lull", "subsided", "holding"
    location_name    VARCHAR,
    location_country VARCHAR,
    location_admin1  VARCHAR,
    evidence_start   INTEGER,
    evidence_end     INTEGER,
    evidence_text    VARCHAR
);

-- Daily aggregates for monitoring (whimbrel/store/aggregates.py): per day and unit (a country, a
-- "country/admin-1" region, a "source>target" dyad of countries or sectors, or an event type), the
-- asserted events of non-duplicate articles, and (type 'LULL') lull statements. Rebuilt for the days each
-- batch touches.
CREATE TABLE IF NOT EXISTS daily_counts (
    day        DATE NOT NULL,
    kind       VARCHAR NOT NULL,    -- country | admin1 | dyad | type
    unit       VARCHAR NOT NULL,
    type       VARCHAR,             -- PLOVER type, or LULL for lull statements
    events     INTEGER,
    violent    INTEGER,             -- ASSAULT, or an ACLED political-violence type
    intensity  DOUBLE,              -- sum of PLOVER intensities (conflict is negative)
    fatalities INTEGER              -- sum of best estimates
);

-- Articles processed per publication day (non-duplicates): the denominator that keeps more coverage from
-- looking like more war.
CREATE TABLE IF NOT EXISTS daily_articles (
    day      DATE PRIMARY KEY,
    articles INTEGER
);
