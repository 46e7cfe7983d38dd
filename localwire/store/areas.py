"""Queries of the gazetteer's tables: the rows `localwire.areas` builds its Gazetteer from, and
adding areas in bulk (a user's own geography, or generated test areas).

`register_areas` inserts set-wise, one statement per table, in one transaction: either every row
goes in or none does. Rows are plain dicts with the columns of the store's tables:

- areas: slug, name, official_name, kind (force, region, nation, country); optional ons_code,
  nation, region, foi_law, territorial (default true), parent (the slug of the containing area,
  e.g. a region: regional totals sum over the forces whose parent it is)
- aliases: area, alias
- neighbours: area, neighbour, relation (optional); neighbours are symmetric when read
- populations: area, year (mid-year), population; optional source, quality (ok or suspect)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from localwire.errors import StoreError
from localwire.store import Store


def gazetteer_rows(store: Store) -> tuple[list[dict[str, Any]], ...]:
    """(areas, aliases, neighbours, populations) as rows, in one read of each table."""
    return (
        store.rows("SELECT * FROM areas"),
        store.rows("SELECT area, alias FROM area_aliases"),
        store.rows("SELECT area, neighbour FROM neighbours"),
        store.rows("SELECT area, year, population, source, quality FROM populations"),
    )


AREA_COLUMNS = ("slug", "ons_code", "name", "official_name", "kind", "nation", "region",
                "foi_law", "territorial", "parent", "place", "force_name")
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "areas": tuple((c, "BOOLEAN" if c == "territorial" else "VARCHAR") for c in AREA_COLUMNS),
    "area_aliases": (("area", "VARCHAR"), ("alias", "VARCHAR")),
    "neighbours": (("area", "VARCHAR"), ("neighbour", "VARCHAR"), ("relation", "VARCHAR")),
    "populations": (("area", "VARCHAR"), ("year", "INTEGER"), ("population", "BIGINT"),
                    ("source", "VARCHAR"), ("quality", "VARCHAR")),
}
DEFAULTS: dict[str, Any] = {"territorial": True, "source": "registered", "quality": "ok",
                            "relation": "registered"}


def register_areas(store: Store, areas: Iterable[Mapping[str, Any]], *,
                   aliases: Iterable[Mapping[str, Any]] = (),
                   neighbours: Iterable[Mapping[str, Any]] = (),
                   populations: Iterable[Mapping[str, Any]] = ()) -> int:
    """Insert areas (and their aliases, neighbours, populations); returns the areas added.

    A slug already in the store, or a row missing a required column, raises StoreError and
    nothing is written.
    """
    tables = {"areas": list(areas), "area_aliases": list(aliases),
              "neighbours": list(neighbours), "populations": list(populations)}
    with store.transaction() as db:
        for table, rows in tables.items():
            if rows:
                _insert(db, table, rows)
    return len(tables["areas"])


def _insert(db: Any, table: str, rows: list[Mapping[str, Any]]) -> None:
    columns = TABLES[table]
    lists = []
    for name, _type in columns:
        try:
            lists.append([row.get(name, DEFAULTS.get(name)) if name in DEFAULTS or name in row
                          else _optional(table, name, row) for row in rows])
        except KeyError:
            raise StoreError(f"{table}: a row has no {name!r}") from None
    names = ", ".join(name for name, _ in columns)
    select = ", ".join(f"unnest(?::{sql_type}[])" for _, sql_type in columns)
    try:
        db.execute(f"INSERT INTO {table} ({names}) SELECT {select}", lists)
    except Exception as error:  # a duplicate slug or a type mismatch: one line for the user
        raise StoreError(f"cannot register {table}: {str(error).splitlines()[0]}") from None


REQUIRED = {"areas": {"slug", "name", "official_name", "kind"},
            "area_aliases": {"area", "alias"}, "neighbours": {"area", "neighbour"},
            "populations": {"area", "year", "population"}}


def _optional(table: str, name: str, row: Mapping[str, Any]) -> Any:
    if name in REQUIRED[table]:
        raise KeyError(name)
    return None
