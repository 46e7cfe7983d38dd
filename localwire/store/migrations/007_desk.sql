-- The editor's desk: accounts and sessions, every text a story has had, flags with their
-- resolution, pending revisions from the writer, approvals with the checksum of what was
-- approved, and embargoes. `stories.version` now goes up at every change (text, state, flag),
-- so a form carrying an older version is stale.

CREATE TABLE desk_users (
    name VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,          -- argon2id, with its own salt and parameters
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    disabled BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE desk_sessions (
    token_sha256 VARCHAR PRIMARY KEY,        -- the cookie holds the token; only its hash is kept
    user_name VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    expires_at TIMESTAMP NOT NULL
);

CREATE SEQUENCE story_text_ids START 1;
CREATE TABLE story_texts (
    id INTEGER PRIMARY KEY DEFAULT nextval('story_text_ids'),
    story_id INTEGER NOT NULL,
    version INTEGER NOT NULL,                -- the story's version when this text became current
    text VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    made_by VARCHAR NOT NULL,
    made_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    how VARCHAR NOT NULL                     -- generated, edited, revision
);

CREATE SEQUENCE story_flag_ids START 1;
CREATE TABLE story_flags (
    id INTEGER PRIMARY KEY DEFAULT nextval('story_flag_ids'),
    story_id INTEGER NOT NULL,
    reason VARCHAR NOT NULL,
    raised_by VARCHAR NOT NULL,
    raised_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    resolved_by VARCHAR,
    resolved_at TIMESTAMP,
    resolution VARCHAR                       -- the note that resolved it (required)
);

CREATE SEQUENCE story_revision_ids START 1;
CREATE TABLE story_revisions (
    id INTEGER PRIMARY KEY DEFAULT nextval('story_revision_ids'),
    story_id INTEGER NOT NULL,
    text VARCHAR NOT NULL,                   -- what the writer produced, not yet accepted
    figures JSON NOT NULL,
    verification JSON,
    reason VARCHAR NOT NULL,                 -- why it was written (data changed, regenerate)
    made_by VARCHAR NOT NULL,
    made_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    status VARCHAR NOT NULL DEFAULT 'pending',   -- pending, accepted, rejected, superseded
    decided_by VARCHAR,
    decided_at TIMESTAMP
);

ALTER TABLE stories ADD COLUMN dataset VARCHAR;
ALTER TABLE stories ADD COLUMN approved_version INTEGER;
ALTER TABLE stories ADD COLUMN approved_sha256 VARCHAR;
ALTER TABLE stories ADD COLUMN approved_by VARCHAR;
ALTER TABLE stories ADD COLUMN approved_at TIMESTAMP;
ALTER TABLE stories ADD COLUMN embargo_until TIMESTAMP;
