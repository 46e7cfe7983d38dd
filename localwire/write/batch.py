"""Writing many stories at once: facts prepared set-wise, stories spread over the cores,
files streamed to disk as they are checked.

`write_batch` prepares the pack's facts for every area in one pass (`FactBook.prepare`), then
renders and self-checks each area's stories, in this process (`jobs=1`) or in a pool of forked
workers that inherit the prepared facts and the compiled templates (`jobs>1`; workers never
touch the database). One area never blocks the others: an area whose story cannot be written
(no figure, a template error, a claim the checker does not support) is listed with its reason
in one line naming it, and the rest are written. Every file is written atomically into a
staging folder beside the output as soon as its story passes, and moved into place at the end,
so only stories that passed ever appear. The files are the same, byte for byte, whatever the
number of jobs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from localwire import errors
from localwire.areas import Area
from localwire.errors import LocalwireError, StoreError
from localwire.write.folder import check_folder, folder_lock, stamp_folder
from localwire.write.publish import write_story_files
from localwire.write.writer import Writer

DEFAULT_CHUNK = 32
Progress = Callable[[int, int], None]  # (areas done, areas in all)

# The writer a forked worker inherited; set in the parent just before the pool starts.
_worker_writer: Writer | None = None
_inherited_connection: Any = None


@dataclass(frozen=True)
class NotWritten:
    """An area with no story, and why, in one line that names it."""

    area: Area
    reason: str
    failed: bool = True  # False: the area has no figure, and was not asked for by name


@dataclass
class BatchResult:
    out_dir: Path
    areas: int
    stories: int
    files: list[Path]
    not_written: list[NotWritten] = field(default_factory=list)

    @property
    def failed(self) -> list[NotWritten]:
        return [n for n in self.not_written if n.failed]


def default_jobs() -> int:
    return os.cpu_count() or 1


def write_batch(writer: Writer, areas: Sequence[Area], out_dir: Path,
                formats: tuple[str, ...], *, outlets: list[str] | None = None, jobs: int = 1,
                chunk_size: int = DEFAULT_CHUNK, on_progress: Progress | None = None,
                without_figure: Sequence[NotWritten] = ()) -> BatchResult:
    """Write every area's stories (one per outlet) to `out_dir` in `formats`.

    An area whose stories fail is left out and listed in `not_written` with its reason; the
    files of every story that passed appear; the folder is locked meanwhile (folder.py).
    `without_figure` (areas the writer was not asked to write because they have no figure) is
    carried into the result's list.
    """
    with folder_lock(out_dir):
        check_folder(out_dir, writer.pack.id, writer.period.code)
        writer.prepare()
        # The prepared facts live for the whole batch: keep the collector from walking them over
        # and over, and forked workers from copying every page it would touch.
        gc.freeze()
        staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=".localwire-writing-"))
        chunks = [list(range(start, min(start + chunk_size, len(areas))))
                  for start in range(0, len(areas), chunk_size)]
        stories, staged, not_written = 0, [], list(without_figure)
        try:
            results = (_parallel(writer, areas, chunks, staging, formats, outlets, jobs)
                       if jobs > 1 and len(chunks) > 1 else
                       (_write_chunk(writer, [areas[i] for i in chunk], staging, formats, outlets)
                        for chunk in chunks))
            done = 0
            for chunk, (count, names, failures) in zip(chunks, results, strict=True):
                stories += count
                staged.extend(names)
                not_written.extend(NotWritten(areas[chunk[index]], reason)
                                   for index, reason in failures)
                done += len(chunk)
                if on_progress:
                    on_progress(done, len(areas))
            files = _move_into_place(staging, staged, out_dir)
            if files:
                stamp_folder(out_dir, writer.pack.id, writer.period.code)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            gc.unfreeze()
        return BatchResult(out_dir, len(areas), stories, files, not_written)


def _write_chunk(writer: Writer, areas: list[Area], staging: Path, formats: tuple[str, ...],
                 outlets: list[str] | None) -> tuple[int, list[str], list[tuple[int, str]]]:
    """(stories written, staged file names, (index in chunk, reason) for each failed area).
    An area's files are staged only once every one of its outlets' stories has passed."""
    count, names, failures = 0, [], []
    for index, area in enumerate(areas):
        try:
            written = writer.write_area(area, outlets)
        except LocalwireError as error:
            failures.append((index, _one_line(area, error.problem.message)))
            continue
        for story in written:
            names.extend(p.name for p in write_story_files(story, staging, formats))
            count += 1
    return count, names, failures


def _one_line(area: Area, message: str) -> str:
    line = " ".join(message.split())
    return line if line.startswith(area.name) else f"{area.name}: {line}"


def _parallel(writer: Writer, areas: Sequence[Area], chunks: list[list[int]], staging: Path,
              formats: tuple[str, ...], outlets: list[str] | None,
              jobs: int) -> Iterator[tuple[int, list[str], list[tuple[int, str]]]]:
    """Chunks written by forked workers, yielded in order as they finish."""
    global _worker_writer
    _worker_writer = writer
    context = multiprocessing.get_context("fork")
    tasks = [([areas[i] for i in chunk], staging, formats, outlets) for chunk in chunks]
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_seal_store) as pool:
            for outcome in pool.map(_worker_chunk, tasks):
                if outcome[0] == "error":
                    pool.shutdown(cancel_futures=True)
                    raise _rebuild(outcome[1])
                yield outcome[1]
    except BrokenProcessPool:
        raise LocalwireError("a writing worker stopped unexpectedly",
                             hint="run with --jobs 1 to write in one process") from None
    finally:
        _worker_writer = None


def _seal_store() -> None:
    """A worker writes from the facts it inherited; reading the store from a forked process
    is not safe, so any attempt fails loudly instead."""
    global _inherited_connection
    assert _worker_writer is not None
    # Keep the inherited DuckDB connection alive: destroying it in a forked process crashes.
    _inherited_connection = _worker_writer.store.db
    _worker_writer.store.db = _SealedConnection()  # type: ignore[assignment]


class _SealedConnection:
    def __getattr__(self, name: str) -> Any:
        raise StoreError("a writing worker needed a fact that was not prepared",
                         hint="run with --jobs 1 and report this as a bug")


def _worker_chunk(task: tuple) -> tuple[str, Any]:
    areas, staging, formats, outlets = task
    assert _worker_writer is not None
    try:
        return "ok", _write_chunk(_worker_writer, areas, staging, formats, outlets)
    except LocalwireError as error:
        problem = error.problem
        return "error", (type(error).__name__, problem.message, problem.file, problem.place,
                         problem.hint, problem.code)


def _rebuild(state: tuple) -> LocalwireError:
    name, message, file, place, hint, code = state
    cls = getattr(errors, name, LocalwireError)
    return cls(message, file=file, place=place, hint=hint, code=code)


def _move_into_place(staging: Path, names: list[str], out_dir: Path) -> list[Path]:
    files = []
    for name in names:
        target = out_dir / name
        os.replace(staging / name, target)
        files.append(target)
    return files
