-- FOI requests as dated events. A request's state, due dates and lateness are derived from its
-- events by localwire.foi.lifecycle / timeline (never stored); events are append-only.
-- Migrates 003's one-status-per-request columns and its status log into dated events.

ALTER TABLE foi_campaigns ADD COLUMN requester_address VARCHAR;  -- FOIA/FOISA s.8(1)(b)

CREATE SEQUENCE foi_request_event_ids START 1;
CREATE TABLE foi_request_events (
    id INTEGER PRIMARY KEY DEFAULT nextval('foi_request_event_ids'),
    request_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,                  -- sent, acknowledged, ..., withdrawn (lifecycle.KINDS)
    on_date DATE NOT NULL,                  -- when it happened (not when it was entered)
    outcome VARCHAR,                        -- classified / review_answered / decision
    sections VARCHAR[] NOT NULL DEFAULT [], -- e.g. ['s.12'] or ['s.31(1)(a)']
    until DATE,                             -- extended: the date the force promised
    reply_id INTEGER,                       -- reply_received: the file kept in foi_replies
    note VARCHAR,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- The old log: "sent" again straight after a clarification was its answer; a repeated "sent"
-- otherwise said nothing new; answers become classifications.
INSERT INTO foi_request_events (request_id, kind, on_date, outcome, sections, until, note,
                                recorded_at)
SELECT request_id,
       CASE WHEN status = 'sent' AND previous = 'clarification_requested'
                THEN 'clarification_answered'
            WHEN status = 'clarification_requested' THEN 'clarification_asked'
            WHEN status IN ('successful', 'partially_successful', 'refused', 'not_held')
                THEN 'classified'
            WHEN status = 'internal_review' THEN 'review_asked'
            WHEN status = 'appeal' THEN 'appealed'
            ELSE status END,
       on_date,
       CASE WHEN status IN ('successful', 'partially_successful', 'refused', 'not_held')
            THEN status END,
       CASE WHEN sections IS NULL OR trim(sections) = '' THEN []::VARCHAR[]
            ELSE list_transform(string_split(sections, ','), lambda s: trim(s)) END,
       CASE WHEN status = 'extended' AND is_last_extension THEN extended_until END,
       note, recorded_at
FROM (
    SELECT e.*, r.extended_until,
           lag(e.status) OVER (PARTITION BY e.request_id ORDER BY e.id) AS previous,
           count(*) FILTER (WHERE e.status = 'sent') OVER (
               PARTITION BY e.request_id ORDER BY e.id
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sent_so_far,
           e.id = max(e.id) FILTER (WHERE e.status = 'extended') OVER (
               PARTITION BY e.request_id) AS is_last_extension
    FROM foi_events e JOIN foi_requests r ON r.id = e.request_id
) old
WHERE on_date IS NOT NULL AND status <> 'draft'
  AND NOT (status = 'sent' AND sent_so_far > 1 AND previous IS DISTINCT FROM 'clarification_requested')
ORDER BY id;

DROP TABLE foi_events;
DROP SEQUENCE foi_event_ids;
ALTER TABLE foi_requests DROP COLUMN status;
ALTER TABLE foi_requests DROP COLUMN first_sent_on;
ALTER TABLE foi_requests DROP COLUMN clock_start;
ALTER TABLE foi_requests DROP COLUMN extended_until;
ALTER TABLE foi_requests DROP COLUMN review_requested_on;
ALTER TABLE foi_requests DROP COLUMN replied_on;
ALTER TABLE foi_requests DROP COLUMN sections;
