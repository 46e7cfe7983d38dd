"""Importing: files in, observations out, all or nothing.

`import_file` is the one entry point: the tidy CSV format without a recipe, other shapes
(XLSX, ODS, PDF tables, untidy CSV) through a recipe. Every import is one transaction; the
source file is kept byte-for-byte beside the store, and importing the same bytes again changes
nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from localwire import bundled
from localwire.areas import gazetteer_of
from localwire.errors import InputErrors, Problem
from localwire.importing.expect import Expectation, unexpected_rows
from localwire.importing.mapping import stage_recipe
from localwire.importing.readers import read_grid
from localwire.importing.recipe import LoadedRecipe, load_recipe
from localwire.importing.staging import ImportResult, validate_staged, write_staged
from localwire.importing.tidy import stage_tidy_csv
from localwire.importing.validate import apply_recipe_bounds, check_staged
from localwire.model.config import DatasetConfig
from localwire.store import Store

STAGED = "staged"

__all__ = ["Expectation", "ImportResult", "import_file", "sha256_of", "validate_file"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(store: Store, path: str | Path, *, dataset: str,
                recipe: str | Path | None = None,
                expect: Expectation | None = None) -> ImportResult:
    """Import one file into `dataset`; raises InputErrors (nothing written) on any problem.

    Without a recipe the file is a tidy CSV; with one (a YAML path or a bundled recipe name)
    any CSV, XLSX, ODS or PDF table the recipe describes. `expect` refuses rows for other
    areas, periods or measures (an FOI reply speaks for one force about what was asked).
    """
    path = Path(path)
    if not path.is_file():
        raise InputErrors([Problem("no-file", "file not found", str(path))])
    loaded = load_recipe(recipe) if recipe is not None else None
    recipe_hash = loaded.sha256 if loaded else ""
    digest = sha256_of(path)
    existing = _existing_source(store, dataset, digest, recipe_hash)
    if existing is not None:
        return ImportResult(dataset, existing, unchanged=True, filename=path.name)
    config = _dataset_config(store, dataset)
    pending_copy: Path | None = None
    try:
        with store.transaction() as db:
            store.upsert_dataset(config)
            skipped = _stage_and_validate(store, db, path, loaded, config, expect)
            stored_path, pending_copy = _stage_copy(store, path, digest)
            source_id = db.execute(
                "INSERT INTO sources (sha256, dataset, filename, stored_path, size_bytes, recipe,"
                " recipe_sha256, recipe_text, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                [digest, dataset, path.name, stored_path, path.stat().st_size,
                 loaded.label if loaded else "tidy", recipe_hash, loaded.text if loaded else None,
                 skipped or None],
            ).fetchone()[0]
            added, changes = write_staged(db, STAGED, dataset=dataset, source_id=source_id)
    except BaseException:
        _discard(pending_copy)
        raise
    _finish_copy(store, pending_copy, stored_path)
    return ImportResult(dataset, source_id, added=added, changes=changes, filename=path.name)


def validate_file(store: Store, path: str | Path, *, recipe: str | Path | None = None,
                  dataset: str | None = None,
                  expect: Expectation | None = None) -> list[Problem]:
    """Every problem `import_file` would find, without writing anything (always rolled back)."""
    path = Path(path)
    if not path.is_file():
        return [Problem("no-file", "file not found", str(path))]
    loaded = load_recipe(recipe) if recipe is not None else None
    dataset = dataset or (loaded.recipe.dataset if loaded else None) or "validate"
    config = _dataset_config(store, dataset)
    store.db.execute("BEGIN TRANSACTION")
    try:
        _stage_and_validate(store, store.db, path, loaded, config, expect)
    except InputErrors as errors:
        return errors.problems
    finally:
        store.db.execute("ROLLBACK")
    return []


def _existing_source(store: Store, dataset: str, digest: str, recipe_hash: str) -> int | None:
    found = store.db.execute(
        "SELECT id FROM sources WHERE dataset = ? AND sha256 = ? AND recipe_sha256 = ?",
        [dataset, digest, recipe_hash]).fetchone()
    return found[0] if found else None


def _stage_and_validate(store: Store, db, path: Path, loaded: LoadedRecipe | None,
                        config: DatasetConfig, expect: Expectation | None = None) -> str:
    """Load the file into the staging table and check it; returns what was skipped on purpose."""
    skipped = ""
    if loaded is None:
        stage_tidy_csv(db, path, STAGED)
    else:
        mapped = stage_recipe(db, read_grid(path, loaded.recipe), loaded, str(path), STAGED)
        skipped = "; ".join(f"{reason} ({count} rows)"
                            for reason, count in sorted(mapped.skipped.items()))
    problems = validate_staged(db, STAGED, gazetteer_of(store), str(path),
                               count_measures=_count_measures(db, config))
    if loaded is not None:
        apply_recipe_bounds(db, STAGED)
        problems += check_staged(db, STAGED, str(path), loaded.recipe.periods,
                                 loaded.recipe.partitions)
    if expect is not None and not problems:
        problems = unexpected_rows(db, STAGED, expect, str(path))
    if problems:
        raise InputErrors(problems)
    return skipped


def _dataset_config(store: Store, dataset: str) -> DatasetConfig:
    if dataset in store.dataset_ids():
        return store.dataset(dataset)
    return bundled.dataset_config(dataset) or DatasetConfig.undeclared(dataset)


def _count_measures(db, config: DatasetConfig) -> set[str]:
    """Measures whose values are counts (whole, never negative)."""
    names = {r[0] for r in db.execute(f"SELECT DISTINCT measure FROM {STAGED}").fetchall()}
    return {name for name in names if name and config.is_count_measure(name)}


def _stage_copy(store: Store, path: Path, digest: str) -> tuple[str | None, Path | None]:
    """Copy the file to a temporary name beside its final place; renamed after commit."""
    if store.path is None:
        return None, None
    folder = store.files_dir / "sources" / digest[:2]
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{digest}-{path.name}"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    os.close(handle)
    shutil.copyfile(path, temporary)
    return str(final.relative_to(store.files_dir)), Path(temporary)


def _finish_copy(store: Store, pending: Path | None, stored_path: str | None) -> None:
    if pending is not None and stored_path is not None:
        os.replace(pending, store.files_dir / stored_path)


def _discard(pending: Path | None) -> None:
    if pending is not None:
        pending.unlink(missing_ok=True)
