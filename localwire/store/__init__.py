"""The store: one DuckDB file holding the gazetteer, datasets, sources and observations.

Every other part reads and writes through `Store` and the query modules beside it (one per
aggregate: `areas`, ...); no SQL lives outside this package and the fact families. The schema is
built by the numbered SQL files in `migrations/`, applied in order and recorded in
`schema_migrations`. The store imports only the ground floor (`model`, `errors`, `bundled`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from localwire import bundled
from localwire.errors import StoreError
from localwire.model.config import DatasetConfig

DEFAULT_DB = "localwire.duckdb"
MIGRATIONS = resources.files("localwire.store") / "migrations"


LOCK_WAIT = float(os.environ.get("LOCALWIRE_LOCK_WAIT", "60"))


def wait_marker(path: str | Path) -> Path:
    """The file a process leaves while it waits for the store (the desk gives way to it)."""
    return Path(f"{path}.wait")


def open_with_retry(path: str, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open the file; while another process holds it (`localwire serve`, say), leave a wait
    marker and retry for up to `wait` seconds. The desk sees the marker and lets go."""
    deadline = time.monotonic() + wait
    marker = wait_marker(path) if path != ":memory:" else None
    waited = False
    try:
        while True:
            try:
                return duckdb.connect(path, read_only=read_only)
            except duckdb.IOException as error:
                if "lock" not in str(error).lower() or marker is None:
                    raise StoreError(f"cannot open store: {error}".splitlines()[0],
                                     file=path) from None
                if time.monotonic() >= deadline:
                    raise StoreError("the store is in use by another process",
                                     file=path, hint=str(error).splitlines()[0]) from None
                marker.touch()
                waited = True
                time.sleep(0.1)
            except duckdb.Error as error:
                raise StoreError(f"cannot open store: {error}".splitlines()[0],
                                 file=path) from None
    finally:
        if waited and marker is not None:
            marker.unlink(missing_ok=True)


def files_dir_of(path: Path) -> Path:
    """The folder beside the database file at `path` where its source files are kept."""
    return path.with_name(path.stem + "-files")


class Store:
    """A localwire store on disk (or in memory with path ":memory:")."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False,
                 wait: float = LOCK_WAIT) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        self.db = open_with_retry(str(path), read_only=read_only, wait=wait)
        self.generation = 0  # +1 at every commit: views derived from the data know when to refresh
        if not read_only:
            self.migrate()

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def files_dir(self) -> Path:
        """Where source files are kept byte-for-byte: a folder beside the database file."""
        if self.path is None:
            raise StoreError("an in-memory store keeps no files")
        return files_dir_of(self.path)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.db.execute("BEGIN TRANSACTION")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
            self.generation += 1

    # -- schema ------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply every migration not yet applied; returns the names applied."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
        done = {row[0] for row in self.db.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for script in sorted(MIGRATIONS.iterdir(), key=lambda p: p.name):
            if not script.name.endswith(".sql"):
                continue
            version = int(script.name.split("_", 1)[0])
            if version in done:
                continue
            with self.transaction() as db:
                db.execute(script.read_text(encoding="utf-8"))
                db.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                           [version, script.name])
                if version == 1:
                    self._load_bundled_gazetteer(db)
            applied.append(script.name)
        return applied

    def schema_version(self) -> int:
        return self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]

    @staticmethod
    def _load_bundled_gazetteer(db: duckdb.DuckDBPyConnection) -> None:
        for table, columns in (
            ("areas", "slug, ons_code, name, official_name, kind, nation, region, foi_law,"
                      " territorial, parent, place, force_name"),
            ("area_aliases", "area, alias"),
            ("neighbours", "area, neighbour, relation"),
            ("populations", "area, year, population, source, quality"),
        ):
            csv_name = {"area_aliases": "aliases"}.get(table, table)
            path = bundled.gazetteer_file(csv_name)
            db.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM read_csv(?, header=true,"
                " all_varchar=true, quote='\"')", [str(path)])

    # -- datasets ----------------------------------------------------------------------------
    def upsert_dataset(self, config: DatasetConfig) -> None:
        meta = config.dataset
        self.db.execute(
            "INSERT OR REPLACE INTO datasets (id, title, publisher, source, licence, methodology,"
            " config) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [meta.id, meta.title, meta.publisher, meta.source, meta.licence, meta.methodology,
             config.model_dump_json(exclude_defaults=True)])

    def dataset(self, dataset_id: str) -> DatasetConfig:
        row = self.db.execute("SELECT config FROM datasets WHERE id = ?", [dataset_id]).fetchone()
        if row is None:
            known = [r[0] for r in self.db.execute("SELECT id FROM datasets ORDER BY id").fetchall()]
            raise StoreError(f"no dataset {dataset_id!r} in the store",
                             hint=f"known datasets: {', '.join(known) or 'none'}")
        return DatasetConfig.model_validate_json(row[0])

    def dataset_configs(self) -> dict[str, str]:
        """Every dataset's config as stored (JSON text of a DatasetConfig), by id, in one query."""
        return dict(self.db.execute(
            "SELECT id, config FROM datasets WHERE config IS NOT NULL ORDER BY id").fetchall())

    def dataset_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM datasets ORDER BY id").fetchall()]

    # -- helpers -----------------------------------------------------------------------------
    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
