"""Datasets bundled with localwire, each a folder with dataset.toml and observations.csv
(or dataset.toml alone, for data the user downloads and imports with a recipe)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from localwire.importing import ImportResult, import_file
from localwire.store import Store

BUNDLED_DIR = Path(str(resources.files("localwire.datasets")))


def bundled_dataset_dirs() -> list[Path]:
    return sorted(p for p in BUNDLED_DIR.iterdir() if (p / "dataset.toml").is_file())


def read_dataset_config(folder: Path) -> dict[str, Any]:
    with (folder / "dataset.toml").open("rb") as handle:
        return tomllib.load(handle)


def load_bundled(store: Store) -> list[ImportResult]:
    """Register every bundled dataset and import its observations (idempotent)."""
    results = []
    for folder in bundled_dataset_dirs():
        config = read_dataset_config(folder)
        with store.transaction():
            store.upsert_dataset(config)
        if not (folder / "observations.csv").is_file():  # configuration only: data downloaded
            continue
        results.append(import_file(store, folder / "observations.csv",
                                   dataset=config["dataset"]["id"]))
    return results


def bundled_store(path: str | Path = ":memory:") -> Store:
    """A store holding the bundled datasets (in memory unless a path is given)."""
    store = Store(path)
    load_bundled(store)
    return store
