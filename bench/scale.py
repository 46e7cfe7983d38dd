"""Scale benchmark: 10,000 synthetic areas, 10 periods, 3 breakdowns, the NSPCC story pack.

    /work/venv/bin/python bench/scale.py                 # 1,000 and 10,000 areas, all cores
    /work/venv/bin/python bench/scale.py --areas 300 --jobs 2 --formats md json
    /work/venv/bin/python bench/scale.py --areas 1000 --pack DIR     # another story pack

Each size runs as two processes, as on the command line (`localwire import`, then
`localwire write`), so peak memory is that stage's alone. Reported:
- import: registering the areas (gazetteer, neighbours, populations) and importing the tidy CSV
- facts: FactBook.prepare, the set-wise fact families for every area
- write (1 process, in memory): Writer.write_area for every area: context, render, untangle,
  self-check; no files
- bare render: the same compiled templates rendered over precomputed contexts, nothing else
  (the floor); the ratio write / bare render
- write --jobs N: every story rendered, checked and streamed to disk by N forked workers, and
  the same with one process; the two output folders must be identical, file for file
- peak memory (ru_maxrss) of the main process and of the largest worker

Figures are printed, not asserted (except that the parallel output equals the serial one).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import LATEST, build_store, generate, write_csv  # noqa: E402

from localwire.desk.selfcheck import story_writer  # noqa: E402
from localwire.store import Store  # noqa: E402
from localwire.write.batch import default_jobs, write_batch  # noqa: E402
from localwire.write.context import story_context  # noqa: E402
from localwire.write.filters import (  # noqa: E402
    current_breakdowns,
    current_percent_style,
    current_registry,
)
from localwire.write.pack import Pack  # noqa: E402
from localwire.write.trace import Registry  # noqa: E402
from localwire.write.writer import CHECK_MODES, DEFAULT_OUTLET, Writer, current_choice  # noqa: E402

PACK = "nspcc-child-sex-offences"


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def cpu_timed(function, *args, **kwargs):
    """`timed`, and the CPU seconds this process spent (all its threads: DuckDB's too), which
    other work on a shared machine does not inflate as it does the elapsed time."""
    cpu = time.process_time()
    result, seconds = timed(function, *args, **kwargs)
    return result, seconds, time.process_time() - cpu


def import_stage(n_areas: int, folder: Path) -> dict:
    """`localwire import`: its own process, as on the command line."""
    data = generate(n_areas)
    csv_path = write_csv(data, folder / "observations.csv")
    del data
    with Store(folder / "scale.duckdb") as store:
        _, import_seconds = timed(build_store, store, generate(n_areas), csv_path)
    return {"import_seconds": import_seconds,
            "import_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def write_stage(n_areas: int, jobs: int, formats: tuple[str, ...], folder: Path,
                check: str, pack_name: str = PACK) -> dict:
    """`localwire write`: facts, then stories, in a process of its own."""
    store = Store(folder / "scale.duckdb")
    pack = Pack.load(pack_name)
    writer = story_writer(store, pack, LATEST, check=check)
    _, facts_seconds, facts_cpu = cpu_timed(writer.prepare)
    areas = writer.areas()
    # Cold runs: each writer starts from prepared facts only, as `localwire write` does.
    before = cpu_seconds()
    parallel, parallel_seconds = timed(write_batch, writer, areas, folder / "parallel", formats,
                                       jobs=jobs)
    parallel_cpu = [after - then for after, then in zip(cpu_seconds(), before, strict=True)]
    serial_writer = story_writer(store, pack, LATEST, check=check)
    serial_writer.prepare()
    serial, serial_seconds = timed(write_batch, serial_writer, areas, folder / "serial",
                                   formats, jobs=1)
    identical = same_files(folder / "serial", folder / "parallel")
    del serial_writer  # its own answers and views: the writer below makes them again
    # Warm runs, both over facts already computed: write + self-check against the floor.
    bare_seconds, bare_cpu = bare_render_batches(writer, areas)

    def write_in_memory() -> int:
        return sum(len(writer.write_area(area)) for area in areas)

    stories, write_seconds, write_cpu = cpu_timed(write_in_memory)
    store.close()
    return {
        "areas": n_areas, "stories": stories, "jobs": jobs, "cpu_count": os.cpu_count(),
        "check": check,
        "formats": list(formats), "files": len(parallel.files),
        "facts_seconds": facts_seconds, "parallel_cpu_seconds": parallel_cpu,
        "write_seconds": write_seconds, "bare_render_seconds": bare_seconds,
        "facts_cpu_seconds": facts_cpu, "write_cpu_seconds": write_cpu,
        "bare_render_cpu_seconds": bare_cpu,
        "serial_files_seconds": serial_seconds, "parallel_files_seconds": parallel_seconds,
        "identical": identical and serial.stories == parallel.stories == stories,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def cpu_seconds() -> tuple[float, float]:
    """CPU time (user + system) of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


CONTEXTS_AT_ONCE = 500  # 10,000 contexts kept at once would be the bench's memory, not the writer's


def bare_render_batches(writer: Writer, areas: list) -> tuple[float, float]:
    """`bare_render` over every area's context, made (untimed) a batch at a time: seconds and
    CPU seconds of the rendering alone."""
    seconds = cpu = 0.0
    for start in range(0, len(areas), CONTEXTS_AT_ONCE):
        contexts = [(_with_layout(writer, area),
                     "|".join((writer.pack.id, area.slug, DEFAULT_OUTLET)))
                    for area in areas[start:start + CONTEXTS_AT_ONCE]]
        _, batch_seconds, batch_cpu = cpu_timed(bare_render, writer, contexts)
        seconds, cpu = seconds + batch_seconds, cpu + batch_cpu
    return seconds, cpu


def bare_render(writer: Writer, contexts: list) -> None:
    """The floor: the compiled template over a ready context, with the filters it needs."""
    for context, seed in contexts:
        tokens = (current_registry.set(Registry()),
                  current_percent_style.set(writer.pack.config.style.percent),
                  current_choice.set((seed, {})),
                  current_breakdowns.set(writer.book.config.breakdowns))
        writer.template.render(context)
        current_registry.reset(tokens[0])
        current_percent_style.reset(tokens[1])
        current_choice.reset(tokens[2])
        current_breakdowns.reset(tokens[3])


def _with_layout(writer: Writer, area) -> dict:
    """The context the writer renders for the default outlet, its layout included."""
    context = story_context(writer.book, writer.pack, area, writer.period, DEFAULT_OUTLET)
    layout = writer._layout(area, DEFAULT_OUTLET)
    context["layout"] = layout.blocks if layout else []
    dict(context["this"].breakdowns)  # made when first read: ready here, as the rest is
    return context


def same_files(left: Path, right: Path) -> bool:
    names = sorted(p.name for p in left.iterdir())
    if names != sorted(p.name for p in right.iterdir()):
        return False
    match, mismatch, errors = filecmp.cmpfiles(left, right, names, shallow=False)
    return not mismatch and not errors and len(match) == len(names)


def report(result: dict) -> None:
    stories = result["stories"]
    print(f"\n{result['areas']:,} areas, {stories:,} stories, formats "
          f"{'+'.join(result['formats'])}, {result['jobs']} jobs on {result['cpu_count']} cores, "
          f"self-check {result['check']!r} ({CHECK_MEANING[result['check']]}); load average "
          f"{' '.join(f'{load:.2f}' for load in result['load_average'])} at the start")
    print(f"  import            {result['import_seconds']:7.2f} s")
    print(f"  facts (prepare)   {result['facts_seconds']:7.2f} s   "
          f"({result['facts_cpu_seconds']:.2f} CPU s)")
    print(f"  import + facts    {result['import_seconds'] + result['facts_seconds']:7.2f} s"
          "   (goal < 10 s at 10,000 areas)")
    print(f"  write+check, 1 process, no files  {result['write_seconds']:7.2f} s  "
          f"{stories / result['write_seconds']:8.0f} stories/s  "
          f"({stories / result['write_cpu_seconds']:.0f} per CPU s)")
    print(f"  bare render (floor)               {result['bare_render_seconds']:7.2f} s  "
          f"{stories / result['bare_render_seconds']:8.0f} stories/s  "
          f"({stories / result['bare_render_cpu_seconds']:.0f} per CPU s)")
    print(f"  ratio write+check / bare render   "
          f"{result['write_seconds'] / result['bare_render_seconds']:7.2f}    (goal <= 3)")
    print(f"  to disk, 1 process                {result['serial_files_seconds']:7.2f} s  "
          f"{stories / result['serial_files_seconds']:8.0f} stories/s")
    print(f"  to disk, {result['jobs']} jobs                   "
          f"{result['parallel_files_seconds']:7.2f} s  "
          f"{stories / result['parallel_files_seconds']:8.0f} stories/s  (goal >= 2,000 on 2 cores)")
    main_cpu, workers_cpu = result["parallel_cpu_seconds"]
    busiest = max(main_cpu, workers_cpu / result["jobs"])
    print(f"  {result['jobs']} jobs used {workers_cpu:.2f} CPU s in workers, {main_cpu:.2f} in the "
          f"main process: {stories / busiest:.0f} stories/s if the cores were not shared")
    print(f"  parallel output identical to serial: {result['identical']}")
    print(f"  peak memory: import process {result['import_peak_rss_mb']:.0f} MB; write process "
          f"{result['peak_rss_mb']:.0f} MB, largest worker {result['peak_worker_rss_mb']:.0f} MB")


def run_stages(n_areas: int, jobs: int, formats: list[str], check: str,
               pack: str = PACK) -> dict:
    """Import, then write, each in a process of its own, in a fresh folder."""
    with tempfile.TemporaryDirectory(prefix="localwire-scale-") as folder:
        result: dict = {"load_average": os.getloadavg()}  # the machine may be shared
        for stage in ("import", "write"):
            output = subprocess.run(
                [sys.executable, __file__, "--stage", stage, "--folder", folder,
                 "--areas", str(n_areas), "--jobs", str(jobs), "--check", check,
                 "--pack", pack, "--formats", *formats], check=True, capture_output=True, text=True).stdout
            result.update(json.loads(output.strip().splitlines()[-1]))
    return result


CHECK_MEANING = {"full": "numbers traced and every claim verified by the article checker",
                 "trace": "numbers traced to facts and house style; claims not re-read"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--formats", nargs="*", default=["md"])
    parser.add_argument("--check", nargs="*", choices=CHECK_MODES, default=list(CHECK_MODES),
                        help="self-check modes to measure (default: both)")
    parser.add_argument("--pack", default=PACK,
                        help="story pack: a bundled pack's id or a folder with pack.toml "
                             "(for the NSPCC-shaped data; default: %(default)s)")
    parser.add_argument("--stage", choices=("import", "write"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage == "import":
        print(json.dumps(import_stage(args.areas[0], args.folder)))
        return
    if args.stage == "write":
        print(json.dumps(write_stage(args.areas[0], args.jobs, tuple(args.formats),
                                     args.folder, args.check[0], args.pack)))
        return
    results = []
    for check in args.check:
        for n_areas in args.areas:
            results.append(run_stages(n_areas, args.jobs, args.formats, check, args.pack))
            report(results[-1])
    if not all(r["identical"] for r in results):
        sys.exit("parallel output differs from the single-process output")


if __name__ == "__main__":
    main()
