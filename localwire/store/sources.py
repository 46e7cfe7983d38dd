"""Queries of sources: the files kept byte-for-byte, their hashes, recipes and what was skipped."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

Db = duckdb.DuckDBPyConnection


@dataclass(frozen=True)
class SourceRow:
    id: int
    stored_path: str | None


def find_source(db: Db, dataset: str, sha256: str, recipe_sha256: str) -> SourceRow | None:
    """The source holding these bytes read by this recipe ('' for the tidy format)."""
    found = db.execute(
        "SELECT id, stored_path FROM sources WHERE dataset = ? AND sha256 = ? "
        "AND recipe_sha256 = ?", [dataset, sha256, recipe_sha256]).fetchone()
    return SourceRow(*found) if found else None


def insert_source(db: Db, *, sha256: str, dataset: str, filename: str, stored_path: str | None,
                  size_bytes: int, recipe: str, recipe_sha256: str, recipe_text: str | None,
                  skipped: str | None) -> int:
    return db.execute(
        "INSERT INTO sources (sha256, dataset, filename, stored_path, size_bytes, recipe,"
        " recipe_sha256, recipe_text, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [sha256, dataset, filename, stored_path, size_bytes, recipe, recipe_sha256, recipe_text,
         skipped]).fetchone()[0]


def set_stored_path(db: Db, source_id: int, stored_path: str) -> None:
    db.execute("UPDATE sources SET stored_path = ? WHERE id = ?", [stored_path, source_id])
