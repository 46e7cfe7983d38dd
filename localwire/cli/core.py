"""Core commands: areas, import, facts, write, demo."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from localwire.cli.app import DEFAULT_DB_PATH, DbOption, app, console
from localwire.store import Store


@app.command("areas")
def areas_command(
    db: DbOption = DEFAULT_DB_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the known areas (forces and aggregates) with their codes and FOI law.

    Example: localwire areas --json
    """
    with Store(db) as store:
        areas = sorted(store.gazetteer.areas.values(), key=lambda a: (a.kind != "force", a.name))
        if as_json:
            console.print_json(json.dumps([a.__dict__ for a in areas]))
            return
        table = Table("slug", "name", "ONS code", "kind", "nation", "region", "FOI law")
        for area in areas:
            table.add_row(area.slug, area.name, area.ons_code, area.kind, area.nation,
                          area.region, area.foi_law)
        console.print(table)
