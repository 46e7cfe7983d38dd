-- Harmonised age bands: an observation derived by `localwire harmonise` (e.g. aged_10_and_under
-- from a force's aged_0_5 + aged_6_10) is an ordinary observation plus one row here per
-- observation it was summed from. An observation is derived exactly when it has rows here;
-- reported observations never do.

CREATE TABLE derived_observations (
    observation_id BIGINT NOT NULL,   -- the derived observation
    part_id BIGINT NOT NULL,          -- an observation it was derived from
    position INTEGER NOT NULL,        -- order of the parts, youngest band first
    rule VARCHAR NOT NULL,            -- which rule derived it: 'age-band-union'
    PRIMARY KEY (observation_id, part_id)
);
