"""Benchmark: import a generated tidy CSV of one million rows, against DuckDB reading it.

    python bench/import.py [--rows 1000000] [--keep FOLDER] [--repeat 3]

Prints the time of `import_file` (validation, versions, source copy, one transaction, into a
store on disk), the time of DuckDB's own `read_csv` of the same file into a table, their ratio
(goal: under 4) and the peak memory of the process. Each is the best of `--repeat` runs (the
machine may be shared: the minimum is the least disturbed). On a machine shared with other
work the wall-clock ratio swings by a factor of two from run to run, so the ratio of the CPU
time of the process (all DuckDB threads included) is printed too: it moves far less. The file
is deterministic: the same rows every run, every breakdown within its total.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localwire.areas import Gazetteer
from localwire.importing import import_file
from localwire.store import Store

MEASURES = ("recorded_crime", "sexual_offences", "violence", "robbery", "burglary")
BREAKDOWNS = ("", "aged_0_5", "aged_6_10", "aged_11_15", "aged_16_17", "online_flagged", "male",
              "female")


def generate(path: Path, rows: int) -> None:
    """Distinct (area, period, measure, breakdown) keys, cycling through every combination."""
    forces = [a.name for a in Gazetteer.bundled().forces()]
    periods = [f"{year}/{(year + 1) % 100:02d}" for year in range(1900, 2024)]
    periods += [f"YE {year}-{month:02d}" for year in range(1901, 2024) for month in (6, 9, 12)]
    periods += [f"YE {year}-{month:02d}" for year in range(1901, 2024) for month in (1, 2, 4, 5)]
    with path.open("w", encoding="utf-8") as handle:
        handle.write("area,period,measure,breakdown,value\n")
        written = 0
        for period in periods:
            for force in forces:
                for measure in MEASURES:
                    for breakdown in BREAKDOWNS:
                        # a breakdown never exceeds its total (the import checks it)
                        value = (written * 7919) % 50_000 + (50_000 if not breakdown else 0)
                        handle.write(f"{force},{period},{measure},{breakdown},{value}\n")
                        written += 1
                        if written == rows:
                            return
    raise SystemExit(f"only {written} distinct keys; ask for fewer rows")


Timing = tuple[float, float]  # (wall-clock seconds, CPU seconds of the process)


def clock() -> Timing:
    return time.perf_counter(), time.process_time()


def since(start: Timing) -> Timing:
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]


def best(timings: list[Timing]) -> Timing:
    return min(t[0] for t in timings), min(t[1] for t in timings)


def time_duckdb(path: Path, database: str = ":memory:") -> Timing:
    db = duckdb.connect(database)
    start = clock()
    db.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, header = true)", [str(path)])
    elapsed = since(start)
    db.close()
    return elapsed


def _on_disk(path: Path, folder: Path) -> Timing:
    elapsed = time_duckdb(path, str(folder / "baseline.duckdb"))
    (folder / "baseline.duckdb").unlink()
    return elapsed


def time_import(path: Path, folder: Path) -> Timing:
    """A fresh store each run: a kept one would already hold the file and import nothing."""
    store_path = folder / "bench.duckdb"
    for stale in (store_path, store_path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(folder / "bench-files", ignore_errors=True)
    with Store(store_path) as store:
        start = clock()
        result = import_file(store, path, dataset="bench")
        elapsed = since(start)
    print(f"  {result.summary}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Folder to keep the generated file in.")
    parser.add_argument("--repeat", type=int, default=3, help="Best of this many runs.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="localwire-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"tidy-v2-{args.rows}.csv"
    if not path.is_file():
        generate(path, args.rows)
    print(f"{args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB: {path}")
    (baseline, baseline_cpu) = best([time_duckdb(path) for _ in range(args.repeat)])
    (on_disk, _cpu) = best([_on_disk(path, folder) for _ in range(args.repeat)])
    (imported, imported_cpu) = best([time_import(path, folder) for _ in range(args.repeat)])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"DuckDB read_csv into a table: {baseline:.2f} s (in memory), {on_disk:.2f} s (on disk);"
          f" CPU {baseline_cpu:.2f} s")
    print(f"localwire import_file:        {imported:.2f} s; CPU {imported_cpu:.2f} s")
    print(f"ratio: {imported / baseline:.2f} (goal < 4); against the on-disk table: "
          f"{imported / on_disk:.2f}; CPU time ratio: {imported_cpu / baseline_cpu:.2f}")
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
