-- Where an observation came from, stored as what it is: `source_line` is the line of a tidy CSV
-- (an integer), `source_place` any other place ("Sheet1!C7", "page 2 table 1 row 4", "foi
-- request 3", "derived: obs 1 + obs 2"). `source_location` reads as before ("row 12"): a virtual
-- column computed by `source_location_of`, the one definition of how a place is written, which
-- the import's staging uses too. A million unique "row N" strings cost a bulk import more than
-- any other column (their compression alone about a second, see bench/import.py); a million
-- integers cost next to nothing.
--
-- The table is rebuilt (DuckDB adds no generated column to an existing table) without the
-- primary-key index on `id`: ids come only from the sequence `observation_ids`, the queries of
-- observations are set-wise (the few by id, in harmonise and FOI marks, scan with the zone
-- maps), and maintaining the index cost about a second of a million-row import. The rows are
-- copied in id order and read the same as before; only a plain "row N" becomes a line.

CREATE MACRO source_location_of(place, line) AS coalesce(place, 'row ' || line);

CREATE TABLE observations_011 (
    id BIGINT NOT NULL DEFAULT nextval('observation_ids'),
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
    source_place VARCHAR,           -- "Sheet1!C7", "page 2 table 1 row 4"; NULL for a line
    source_line INTEGER,            -- the line of a tidy CSV (the header is line 1)
    version INTEGER NOT NULL DEFAULT 1,
    current BOOLEAN NOT NULL DEFAULT TRUE,
    source_location VARCHAR GENERATED ALWAYS AS (source_location_of(source_place, source_line))
        VIRTUAL                     -- "row 12", or the place
);

INSERT INTO observations_011 (id, dataset, area, period, measure, breakdown, value, status,
    lower_bound, upper_bound, note, cited_source, source_id, source_place, source_line, version,
    current)
SELECT id, dataset, area, period, measure, breakdown, value, status, lower_bound, upper_bound,
       note, cited_source, source_id,
       CASE WHEN NOT regexp_full_match(coalesce(source_location, ''), 'row [1-9][0-9]{0,8}')
            THEN source_location END,
       CASE WHEN regexp_full_match(coalesce(source_location, ''), 'row [1-9][0-9]{0,8}')
            THEN CAST(substr(source_location, 5) AS INTEGER) END,
       version, current
FROM observations ORDER BY id;

DROP TABLE observations;
ALTER TABLE observations_011 RENAME TO observations;
