-- Stories kept for review, and the audit log of every review action.

CREATE SEQUENCE story_ids START 1;
CREATE TABLE stories (
    id INTEGER PRIMARY KEY DEFAULT nextval('story_ids'),
    pack VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    outlet VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,   -- +1 each time the writer produces different copy
    text VARCHAR NOT NULL,                -- the text under review (generated or edited)
    generated_text VARCHAR NOT NULL,      -- what the writer last produced
    previous_text VARCHAR,                -- the text before the last regeneration, for the diff
    figures JSON NOT NULL,                -- traced spans of `text`, each with its fact
    generated_figures JSON NOT NULL,      -- traced spans of `generated_text`
    verification JSON,                    -- result of the last check of `text`
    review_state VARCHAR NOT NULL DEFAULT 'needs_review',  -- needs_review, approved, flagged
    flag_reason VARCHAR,
    edited BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    UNIQUE (pack, area, outlet, period)
);

CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY DEFAULT nextval('audit_ids'),
    logged_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    story_id INTEGER,
    action VARCHAR NOT NULL,              -- generated, regenerated, approved, flagged, edited, refused
    actor VARCHAR NOT NULL,
    detail JSON
);
