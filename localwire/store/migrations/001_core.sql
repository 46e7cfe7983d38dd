-- Core schema: gazetteer, datasets, sources and observations.

CREATE TABLE areas (
    slug VARCHAR PRIMARY KEY,
    ons_code VARCHAR,
    name VARCHAR NOT NULL,
    official_name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,          -- force, region, nation, country
    nation VARCHAR,
    region VARCHAR,
    foi_law VARCHAR,                -- FOIA or FOISA (forces)
    territorial BOOLEAN NOT NULL DEFAULT TRUE,
    parent VARCHAR,
    place VARCHAR,                  -- as a story says "in ...": "the Thames Valley"
    force_name VARCHAR              -- as a story says "recorded by ...": "the Metropolitan Police Service"
);

CREATE TABLE area_aliases (
    alias VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    PRIMARY KEY (alias, area)
);

CREATE TABLE neighbours (
    area VARCHAR NOT NULL,
    neighbour VARCHAR NOT NULL,
    relation VARCHAR,
    PRIMARY KEY (area, neighbour)
);

CREATE TABLE populations (
    area VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    population BIGINT NOT NULL,
    source VARCHAR NOT NULL,
    quality VARCHAR NOT NULL,       -- ok or suspect
    PRIMARY KEY (area, year, source)
);

CREATE TABLE datasets (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    publisher VARCHAR,
    source VARCHAR,
    licence VARCHAR,
    methodology VARCHAR,
    config JSON,                    -- measures, breakdowns and their vocabulary
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE source_ids START 1;
CREATE TABLE sources (
    id INTEGER PRIMARY KEY DEFAULT nextval('source_ids'),
    sha256 VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL,
    filename VARCHAR NOT NULL,      -- the name the user gave
    stored_path VARCHAR,            -- copy kept byte-for-byte under the store's folder
    size_bytes BIGINT NOT NULL,
    recipe VARCHAR,                 -- "tidy" or the recipe's name and hash
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    UNIQUE (dataset, sha256)
);

CREATE SEQUENCE observation_ids START 1;
CREATE TABLE observations (
    id BIGINT PRIMARY KEY DEFAULT nextval('observation_ids'),
    dataset VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    period VARCHAR NOT NULL,        -- canonical code: 2016/17, 2017, YE 2017-06
    measure VARCHAR NOT NULL,
    breakdown VARCHAR NOT NULL DEFAULT '',   -- '' is the total
    value DECIMAL(20, 6),           -- NULL unless reported (or a suppressed value's point)
    status VARCHAR NOT NULL,        -- reported, suppressed, refused, not_held, flag_not_used, no_reply
    lower_bound DECIMAL(20, 6),     -- for suppressed values, e.g. "<5" = 0..4
    upper_bound DECIMAL(20, 6),
    note VARCHAR,
    cited_source VARCHAR,           -- the publication a figure was taken from
    source_id INTEGER,
    source_location VARCHAR,        -- "row 12", "Sheet1!C7", "page 2 table 1 row 4"
    version INTEGER NOT NULL DEFAULT 1,
    current BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE INDEX observations_lookup ON observations (dataset, measure, period, area);
