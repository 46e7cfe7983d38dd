-- FOI campaigns: one question sent to many forces, each request tracked, replies kept.
-- Deadlines, "overdue" and "long overdue" are computed from these dates, never stored.

CREATE SEQUENCE foi_campaign_ids START 1;
CREATE TABLE foi_campaigns (
    id INTEGER PRIMARY KEY DEFAULT nextval('foi_campaign_ids'),
    name VARCHAR NOT NULL UNIQUE,
    question_template VARCHAR NOT NULL,     -- Jinja2 source of the question
    question_file VARCHAR,                  -- where it came from
    dataset VARCHAR,                        -- replies are imported into this dataset
    measures VARCHAR[] NOT NULL DEFAULT [], -- what was asked for: refusals become observations
    periods VARCHAR[] NOT NULL DEFAULT [],
    requester VARCHAR,                      -- the applicant's name, required on a request letter
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE foi_request_ids START 1;
CREATE TABLE foi_requests (
    id INTEGER PRIMARY KEY DEFAULT nextval('foi_request_ids'),
    campaign_id INTEGER NOT NULL,
    force VARCHAR NOT NULL,                 -- area slug
    foi_law VARCHAR NOT NULL,               -- FOIA or FOISA
    status VARCHAR NOT NULL DEFAULT 'draft',
    first_sent_on DATE,
    clock_start DATE,                       -- day of receipt (or of the clarification)
    extended_until DATE,                    -- public interest extension, when one is given
    review_requested_on DATE,
    replied_on DATE,
    sections VARCHAR,                       -- confirmed refusal sections, e.g. "s.12, s.40(2)"
    reference VARCHAR,                      -- the force's own reference
    UNIQUE (campaign_id, force)
);

CREATE SEQUENCE foi_event_ids START 1;
CREATE TABLE foi_events (                   -- every status change, append-only
    id INTEGER PRIMARY KEY DEFAULT nextval('foi_event_ids'),
    request_id INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    on_date DATE,
    sections VARCHAR,
    note VARCHAR,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE foi_reply_ids START 1;
CREATE TABLE foi_replies (                  -- files kept byte-for-byte under <store>-files/foi/
    id INTEGER PRIMARY KEY DEFAULT nextval('foi_reply_ids'),
    request_id INTEGER NOT NULL,
    sha256 VARCHAR NOT NULL,
    filename VARCHAR NOT NULL,              -- the name the user gave
    stored_path VARCHAR NOT NULL,           -- relative to the store's files folder
    size_bytes BIGINT NOT NULL,
    attached_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    UNIQUE (request_id, sha256)
);

CREATE TABLE foi_reply_imports (            -- observations imported from a reply
    request_id INTEGER NOT NULL,
    reply_id INTEGER NOT NULL,
    source_id INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (reply_id, source_id)
);

CREATE TABLE foi_status_observations (      -- refused / not_held observations written by `mark`
    request_id INTEGER NOT NULL,
    observation_id BIGINT NOT NULL,
    PRIMARY KEY (request_id, observation_id)
);
