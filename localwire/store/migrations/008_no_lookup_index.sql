-- The ART index on observations (dataset, measure, period, area) is dropped. Every query of
-- observations is set-wise (a dataset's current rows, filtered and joined), which DuckDB answers
-- with a scan and its min-max zone maps; the index served no query, yet maintaining it was the
-- largest single cost of a bulk import (a third of a million-row `localwire import`, see
-- bench/import.py) and of every version written.
DROP INDEX IF EXISTS observations_lookup;
