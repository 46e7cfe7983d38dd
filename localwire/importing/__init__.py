"""Importing: files in, observations out, all or nothing.

`import_file` is the one entry point: the tidy CSV format without a recipe, other shapes
(XLSX, ODS, PDF tables, untidy CSV) through a recipe. Every import is one transaction, and the
same checks apply on both paths (`staging`, `validate`).

The source file is kept byte-for-byte beside the store, content-addressed
(`<store>-files/sources/ab/<sha256>-NAME`). Durability, in order: the copy is written to a
temporary `.incoming-*` name while it is hashed (one read) and fsynced, renamed into place and
its folder fsynced, and only then is the transaction that records it committed; so a kill at any
point leaves either no source row (and at most a harmless unreferenced copy) or a row whose
file exists. Leftover `.incoming-*` files of a killed run are removed by the next import.
Importing the same bytes again changes nothing, except that a missing or damaged kept copy is
written again, and that an older file imported again after a correction makes its figures
current again, each as a new version.
"""

from __future__ import annotations

import hashlib
import os
import signal
import tempfile
from pathlib import Path

from localwire import bundled
from localwire.areas import gazetteer_of
from localwire.errors import (
    InputErrors,
    NeedsRecipe,
    NoFile,
    NotAFile,
    Problem,
    UnknownFormat,
)
from localwire.importing.expect import Expectation, unexpected_in_source, unexpected_rows
from localwire.importing.mapping import stage_recipe
from localwire.importing.readers import FORMAT_OF_SUFFIX, read_grid
from localwire.importing.recipe import LoadedRecipe, PeriodRange, load_recipe
from localwire.importing.sheets import check_file_size
from localwire.importing.staging import Change, ImportResult, validate_staged, write_staged
from localwire.importing.tidy import LineTally, stage_tidy_csv
from localwire.importing.validate import check_staged
from localwire.model.config import DatasetConfig
from localwire.store import Store
from localwire.store import observations as observation_queries
from localwire.store import sources as source_queries
from localwire.store import staging as staged_queries

STAGED = "staged"
SOURCES = "sources"
INCOMING = ".incoming-"
#: Test hook: a subprocess with LOCALWIRE_KILL_AT=<point> kills itself there (SIGKILL), so the
#: durability tests can stop an import at a chosen point. Points: copied, placed, written.
KILL_AT = "LOCALWIRE_KILL_AT"

__all__ = ["Expectation", "ImportResult", "import_file", "recipe_dataset", "sha256_of", "validate_file"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


TIDY_SUFFIXES = (".csv", ".txt", "")  # what a tidy file may be called
# How a message names a file only a recipe can read (which those are: FORMAT_OF_SUFFIX)
DESCRIBED = {".xlsx": "an XLSX workbook", ".xlsm": "an XLSX workbook",
             ".xls": "an Excel 97 workbook", ".ods": "an ODS spreadsheet", ".pdf": "a PDF",
             ".tsv": "a tab-separated file"}


def file_problem(path: Path, recipe: str | Path | None) -> Problem | None:
    """Why `path` cannot be imported as asked, before a byte of it is read: missing, a folder,
    or (without a recipe) not a tidy CSV."""
    if not path.exists():
        return NoFile.problem_at(str(path))
    if not path.is_file():
        kind = "a folder" if path.is_dir() else "a device or other special file"
        return NotAFile.problem_at(str(path), kind=kind)
    return None if recipe is not None else needs_recipe(str(path))


def needs_recipe(filename: str) -> Problem | None:
    """A file that only a recipe can read (its name says it is not a tidy CSV)."""
    suffix = Path(filename).suffix.lower()
    if suffix in TIDY_SUFFIXES:
        return None
    if suffix not in FORMAT_OF_SUFFIX:
        return UnknownFormat.problem_at(
            filename, name=Path(filename).name,
            hint="localwire reads a tidy CSV, or CSV, XLSX, ODS and PDF tables with a recipe")
    return NeedsRecipe.problem_at(
        filename, reason=f"{DESCRIBED.get(suffix, 'a ' + suffix + ' file')} needs a recipe "
                         "to say where its figures are",
        hint="write one (docs/recipes.md) and pass --recipe; only a tidy CSV imports "
             "without one")


def import_file(store: Store, path: str | Path, *, dataset: str,
                recipe: str | Path | None = None,
                expect: Expectation | None = None) -> ImportResult:
    """Import one file into `dataset`; raises InputErrors (nothing written) on any problem.

    Without a recipe the file is a tidy CSV; with one (a YAML path or a bundled recipe name)
    any CSV, XLSX, ODS or PDF table the recipe describes. `expect` refuses rows for other
    areas, periods or measures (an FOI reply speaks for one force about what was asked).
    """
    path = Path(path)
    problem = file_problem(path, recipe)
    if problem is not None:
        raise InputErrors([problem])
    check_file_size(path)
    loaded = load_recipe(recipe) if recipe is not None else None
    recipe_hash = loaded.sha256 if loaded else ""
    remove_leftovers(store)
    copy = _KeptCopy(store, path)  # read once: hashed while it is copied
    try:
        existing = source_queries.find_source(store.db, dataset, copy.digest, recipe_hash)
        if existing is not None:
            _refuse_unexpected(store, existing.id, expect, path)
            return _again(store, existing, copy, dataset)
        config = _dataset_config(store, dataset)
        described_again = _described_otherwise(store, dataset, config)
        with store.transaction() as db:
            store.upsert_dataset(config)
            skipped, warnings = _stage_and_validate(store, db, path, loaded, config, expect,
                                                    copy.tally)
            copy.place()
            source_id = source_queries.insert_source(
                db, sha256=copy.digest, dataset=dataset, filename=path.name,
                stored_path=copy.stored_path, size_bytes=path.stat().st_size,
                recipe=loaded.label if loaded else "tidy", recipe_sha256=recipe_hash,
                recipe_text=loaded.text if loaded else None, skipped=skipped or None)
            added, changes = write_staged(db, STAGED, dataset=dataset, source_id=source_id)
            _kill_point("written")
    except BaseException:
        copy.discard()
        raise
    finally:
        copy.close()
    return ImportResult(dataset, source_id, added=added, changes=changes, filename=path.name,
                        warnings=warnings, described_again=described_again)


def recipe_dataset(recipe: str | Path | None) -> str | None:
    """The dataset a recipe imports into by default (a tidy CSV, with no recipe, names none)."""
    return load_recipe(recipe).recipe.dataset if recipe is not None else None


def validate_file(store: Store, path: str | Path, *, recipe: str | Path | None = None,
                  dataset: str | None = None,
                  expect: Expectation | None = None) -> list[Problem]:
    """Every problem `import_file` would find, without writing anything (always rolled back)."""
    path = Path(path)
    problem = file_problem(path, recipe)
    if problem is not None:
        return [problem]
    try:
        check_file_size(path)
        loaded = load_recipe(recipe) if recipe is not None else None
    except InputErrors as errors:
        return errors.problems
    dataset = dataset or (loaded.recipe.dataset if loaded else None) or "validate"
    config = _dataset_config(store, dataset)
    try:
        with observation_queries.rolled_back(store.db) as db:
            _stage_and_validate(store, db, path, loaded, config, expect)
    except InputErrors as errors:
        return errors.problems
    return []


def _refuse_unexpected(store: Store, source_id: int, expect: Expectation | None,
                       path: Path) -> None:
    if expect is not None:
        problems = unexpected_in_source(store.db, source_id, expect, str(path))
        if problems:
            raise InputErrors(problems)


def _again(store: Store, existing: source_queries.SourceRow, copy: _KeptCopy,
           dataset: str) -> ImportResult:
    """The same bytes with the same recipe: verify the kept copy (write it again if missing
    or damaged) and, if a later import replaced some of its figures, make them current again."""
    result = ImportResult(dataset, existing.id, unchanged=True, filename=copy.source.name,
                          described_again=_refresh_config(store, dataset))
    if store.path is not None:
        copy.keep_at(existing.stored_path)
        result.repaired = copy.repair()
        if result.repaired and existing.stored_path != copy.stored_path:
            with store.transaction() as db:
                source_queries.set_stored_path(db, existing.id, copy.stored_path)
    if not observation_queries.is_current_source(store.db, existing.id):
        with store.transaction() as db:
            result.added, changes = observation_queries.restore_source(db, dataset, existing.id)
        result.changes = [Change(*row) for row in changes]
        result.restored = bool(result.changes)
        result.unchanged = not result.changes
    return result


def _stage_and_validate(store: Store, db, path: Path, loaded: LoadedRecipe | None,
                        config: DatasetConfig, expect: Expectation | None = None,
                        tally: LineTally | None = None) -> tuple[str, list[Problem]]:
    """Load the file into the staging table and check it; returns what was skipped on purpose
    and the warnings (a hidden sheet read, say). `expect` refuses rows for other areas,
    periods or measures (the FOI helper's check of a reply against its request)."""
    skipped = ""
    warnings: list[Problem] = []
    if loaded is None:
        stage_tidy_csv(db, path, STAGED, tally)
    else:
        mapped = stage_recipe(db, read_grid(path, loaded.recipe), loaded, str(path), STAGED)
        warnings = mapped.warnings
        skipped = "; ".join(f"{reason} ({count} rows)"
                            for reason, count in sorted(mapped.skipped.items()))
    counts = _count_measures(db, config)
    problems = validate_staged(db, STAGED, gazetteer_of(store), str(path),
                               count_measures=counts, config=config)
    recipe = loaded.recipe if loaded else None
    problems += check_staged(db, STAGED, str(path), recipe.periods if recipe else PeriodRange(),
                             recipe.partitions if recipe else [], counts)
    if expect is not None and not problems:
        problems = unexpected_rows(db, STAGED, expect, str(path))
    if problems:
        raise InputErrors(problems)
    return skipped, warnings


def _dataset_config(store: Store, dataset: str) -> DatasetConfig:
    """The bundled description of a dataset localwire knows (so a corrected description reaches
    stores made before it, at their next import), else the stored one, else none declared."""
    known = bundled.dataset_config(dataset)
    if known is not None:
        return known
    if dataset in store.dataset_ids():
        return store.dataset(dataset)
    return DatasetConfig.undeclared(dataset)


def _described_otherwise(store: Store, dataset: str, config: DatasetConfig) -> bool:
    """Whether the store holds a description of `dataset` other than `config`."""
    return dataset in store.dataset_ids() and store.dataset(dataset) != config


def _refresh_config(store: Store, dataset: str) -> bool:
    """Store the bundled description of `dataset` if the stored one differs; whether it did."""
    known = bundled.dataset_config(dataset)
    if known is None or not _described_otherwise(store, dataset, known):
        return False
    with store.transaction():
        store.upsert_dataset(known)
    return True


def _count_measures(db, config: DatasetConfig) -> set[str]:
    """Measures whose values are counts (whole, never negative)."""
    names = staged_queries.distinct_staged(db, STAGED, "measure")
    return {name for name in names if name and config.is_count_measure(name)}


def remove_leftovers(store: Store) -> int:
    """Delete `.incoming-*` copies a killed import left behind; how many. Safe: an import
    holds the store's write lock, so no other process is writing one now."""
    if store.path is None:
        return 0
    removed = 0
    folder = store.files_dir / SOURCES
    for leftover in [*folder.glob(f"{INCOMING}*"), *folder.glob(f"*/{INCOMING}*")]:
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed


class _KeptCopy:
    """The byte-for-byte copy of an imported file, written durably (see the module doc).

    Made on construction: the file is copied to `.incoming-*` in the sources folder and
    hashed in the same read, and fsynced. `place()` renames it to its content-addressed name
    before the transaction that records it commits; `discard()` undoes what was done."""

    def __init__(self, store: Store, path: Path) -> None:
        self.source = path
        self.temporary: Path | None = None
        self.final: Path | None = None
        self.stored_path: str | None = None
        self.created = False
        self.tally = LineTally()  # the line ends, counted in the same read (see `tidy`)
        if store.path is None:
            self.digest = self._read(path, None)
            return
        self.root = store.files_dir
        folder = self.root / SOURCES
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=INCOMING)
        self.temporary = Path(name)
        with os.fdopen(handle, "wb") as out:
            self.digest = self._read(path, out)
            out.flush()
            os.fsync(out.fileno())
        self.keep_at(None)
        _kill_point("copied")

    def _read(self, path: Path, out) -> str:
        """Read the file once: hashed, its line ends counted, copied to `out` if given."""
        digest = hashlib.sha256()
        with path.open("rb") as source:
            for block in iter(lambda: source.read(1 << 20), b""):
                if out is not None:
                    out.write(block)
                digest.update(block)
                self.tally.feed(block)
        return digest.hexdigest()

    def keep_at(self, stored: str | None) -> None:
        """Where the copy lives: as recorded, or content-addressed by default."""
        if self.temporary is None:
            return
        self.final = (self.root / stored if stored else
                      self.root / SOURCES / self.digest[:2] / f"{self.digest}-{self.source.name}")
        self.stored_path = str(self.final.relative_to(self.root))

    def place(self) -> None:
        """Rename into place (folder fsynced), before the commit that records it."""
        if self.final is None or self.temporary is None or self._intact():
            return
        self.final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.temporary, self.final)
        self.temporary = None
        self.created = True
        _fsync_folder(self.final.parent)
        _kill_point("placed")

    def repair(self) -> bool:
        """Put the copy back if it is missing or does not match its hash; whether it did."""
        if self.final is None or self._intact():
            return False
        if self.final.exists():
            self.final.chmod(0o644)
        self.place()
        return True

    def discard(self) -> None:
        """After a failed import: remove the copy only if this import created it."""
        if self.created and self.final is not None:
            self.final.unlink(missing_ok=True)

    def close(self) -> None:
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)
            self.temporary = None

    def _intact(self) -> bool:
        return self.final is not None and self.final.is_file() and \
            sha256_of(self.final) == self.digest


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _kill_point(point: str) -> None:
    if os.environ.get(KILL_AT) == point:
        os.kill(os.getpid(), signal.SIGKILL)
