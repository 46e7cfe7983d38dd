"""Queries of the gazetteer's tables: the rows `localwire.areas` builds its Gazetteer from."""

from __future__ import annotations

from typing import Any

from localwire.store import Store


def gazetteer_rows(store: Store) -> tuple[list[dict[str, Any]], ...]:
    """(areas, aliases, neighbours, populations) as rows, in one read of each table."""
    return (
        store.rows("SELECT * FROM areas"),
        store.rows("SELECT area, alias FROM area_aliases"),
        store.rows("SELECT area, neighbour FROM neighbours"),
        store.rows("SELECT area, year, population, source, quality FROM populations"),
    )
