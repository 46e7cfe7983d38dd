-- Recipes: a source is the file's bytes read by one recipe. The same bytes read by a corrected
-- recipe are a new source (and any changed figure a new version), so the unique key now
-- includes the recipe's hash ('' for the tidy format). The recipe's text is kept with the source.

CREATE TABLE sources_v2 (
    id INTEGER PRIMARY KEY DEFAULT nextval('source_ids'),
    sha256 VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL,
    filename VARCHAR NOT NULL,
    stored_path VARCHAR,
    size_bytes BIGINT NOT NULL,
    recipe VARCHAR,                 -- "tidy" or the recipe's name and short hash
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recipe_sha256 VARCHAR NOT NULL DEFAULT '',
    recipe_text VARCHAR,
    skipped VARCHAR,                -- rows the recipe skipped on purpose, and why
    UNIQUE (dataset, sha256, recipe_sha256)
);

INSERT INTO sources_v2 (id, sha256, dataset, filename, stored_path, size_bytes, recipe, imported_at)
SELECT id, sha256, dataset, filename, stored_path, size_bytes, recipe, imported_at FROM sources;

DROP TABLE sources;
ALTER TABLE sources_v2 RENAME TO sources;
