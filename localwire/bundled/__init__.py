"""Content shipped with localwire, and the one loader for it.

    datasets/<id>/dataset.toml (+ observations.csv in the tidy format, where the data is bundled)
    packs/<id>/pack.toml + templates/
    recipes/<name>.yaml
    areas/areas.csv, aliases.csv, neighbours.csv, populations.csv (the gazetteer), districts.csv
    (the places inside each force area: localwire.areas.districts)

Everything is found through `importlib.resources`, so it works the same from a checkout and
from an installed wheel. Parsing a pack or a recipe is the job of the part that uses it; a
dataset's config is parsed here, into the typed `DatasetConfig`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from localwire.errors import LocalwireError
from localwire.model.config import DatasetConfig

ROOT = Path(str(resources.files("localwire.bundled")))


class BundledError(LocalwireError):
    code = "bad-config"


def _entries(kind: str) -> list[Path]:
    return sorted(p for p in (ROOT / kind).iterdir() if not p.name.startswith(("_", ".")))


# -- datasets ------------------------------------------------------------------------------------
def dataset_dirs() -> list[Path]:
    return [p for p in _entries("datasets") if (p / "dataset.toml").is_file()]


def read_dataset_config(path: Path) -> DatasetConfig:
    """Parse a dataset.toml (a file, or the folder holding one) into a DatasetConfig."""
    path = path / "dataset.toml" if path.is_dir() else path
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        return DatasetConfig.model_validate(raw)
    except tomllib.TOMLDecodeError as error:
        raise BundledError(f"invalid TOML: {error}", file=str(path)) from None
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"])
        raise BundledError(first["msg"], file=str(path), place=place) from None


@cache
def dataset_configs() -> tuple[DatasetConfig, ...]:
    return tuple(read_dataset_config(folder) for folder in dataset_dirs())


def dataset_config(dataset_id: str) -> DatasetConfig | None:
    return next((c for c in dataset_configs() if c.id == dataset_id), None)


def dataset_observations(dataset_id: str) -> Path | None:
    """The bundled tidy CSV of a dataset, or None where the user imports the data."""
    for folder in dataset_dirs():
        if read_dataset_config(folder).id == dataset_id:
            found = folder / "observations.csv"
            return found if found.is_file() else None
    return None


# -- packs and recipes ---------------------------------------------------------------------------
def pack_dirs() -> list[Path]:
    return [p for p in _entries("packs") if (p / "pack.toml").is_file()]


def pack_dir(name: str) -> Path | None:
    found = ROOT / "packs" / name
    return found if (found / "pack.toml").is_file() else None


def recipe_paths() -> list[Path]:
    return [p for p in _entries("recipes") if p.suffix == ".yaml"]


def recipe_path(name: str) -> Path | None:
    found = ROOT / "recipes" / f"{name}.yaml"
    return found if found.is_file() else None


# -- the gazetteer -------------------------------------------------------------------------------
GAZETTEER_TABLES = ("areas", "aliases", "neighbours", "populations")
AREA_FILES = (*GAZETTEER_TABLES, "districts")  # districts.csv is read by the checker, not the store


def gazetteer_file(table: str) -> Path:
    """One of the gazetteer's CSV files: areas, aliases, neighbours, populations or districts."""
    if table not in AREA_FILES:
        raise ValueError(f"no gazetteer table {table!r}")
    return ROOT / "areas" / f"{table}.csv"
