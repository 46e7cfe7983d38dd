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

from localwire.errors import InputErrors, Problem
from localwire.importing.staging import ImportResult, validate_staged, write_staged
from localwire.importing.tidy import stage_tidy_csv
from localwire.store import Store

STAGED = "staged"

__all__ = ["ImportResult", "import_file", "sha256_of"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(store: Store, path: str | Path, *, dataset: str,
                recipe: str | Path | None = None) -> ImportResult:
    """Import one file into `dataset`; raises InputErrors (nothing written) on any problem."""
    path = Path(path)
    if not path.is_file():
        raise InputErrors([Problem("no-file", "file not found", str(path))])
    if recipe is not None:
        raise InputErrors([Problem("no-recipes", "recipes are not supported yet", str(path))])
    digest = sha256_of(path)
    existing = store.source_by_hash(dataset, digest)
    if existing is not None:
        return ImportResult(dataset, existing["id"], unchanged=True, filename=path.name)
    config = _dataset_config(store, dataset)
    pending_copy: Path | None = None
    try:
        with store.transaction() as db:
            store.upsert_dataset(config)
            stage_tidy_csv(db, path, STAGED)
            problems = validate_staged(db, STAGED, store.gazetteer, str(path),
                                       count_measures=_count_measures(db, config))
            if problems:
                raise InputErrors(problems)
            stored_path, pending_copy = _stage_copy(store, path, digest)
            source_id = db.execute(
                "INSERT INTO sources (sha256, dataset, filename, stored_path, size_bytes, recipe) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                [digest, dataset, path.name, stored_path, path.stat().st_size, "tidy"],
            ).fetchone()[0]
            added, changes = write_staged(db, STAGED, dataset=dataset, source_id=source_id)
    except BaseException:
        _discard(pending_copy)
        raise
    _finish_copy(store, pending_copy, stored_path)
    return ImportResult(dataset, source_id, added=added, changes=changes, filename=path.name)


def _dataset_config(store: Store, dataset: str) -> dict:
    if dataset in store.dataset_ids():
        return store.dataset(dataset)
    return {"dataset": {"id": dataset, "title": dataset}, "measures": {}, "breakdowns": {}}


def _count_measures(db, config: dict) -> set[str]:
    """Measures whose values are counts (never negative): declared, or not a change."""
    declared = config.get("measures", {})
    names = {r[0] for r in db.execute(f"SELECT DISTINCT measure FROM {STAGED}").fetchall()}
    return {name for name in names if name and (
        declared[name].get("kind", "count") == "count" if name in declared
        else not name.endswith("change"))}


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
