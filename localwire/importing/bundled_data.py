"""The bundled datasets, registered and imported into a store (idempotent)."""

from __future__ import annotations

from pathlib import Path

from localwire import bundled
from localwire.importing import ImportResult, import_file
from localwire.store import Store


def load_bundled(store: Store) -> list[ImportResult]:
    """Register every bundled dataset and import its observations (idempotent)."""
    results = []
    for config in bundled.dataset_configs():
        with store.transaction():
            store.upsert_dataset(config)
        observations = bundled.dataset_observations(config.id)
        if observations is not None:  # otherwise configuration only: the user imports the data
            results.append(import_file(store, observations, dataset=config.id))
    return results


def bundled_store(path: str | Path = ":memory:") -> Store:
    """A store holding the bundled datasets (in memory unless a path is given)."""
    store = Store(path)
    load_bundled(store)
    return store
