"""The desk's test store: the bundled data, editors' accounts and every NSPCC story generated."""

from __future__ import annotations

from pathlib import Path

from localwire.desk import accounts
from localwire.desk.generate import generate
from localwire.importing.bundled_data import bundled_store
from localwire.write.pack import Pack

PASSWORD = "correct horse battery"
NSPCC = "nspcc-child-sex-offences"


def desk_store(path: Path, users: tuple[str, ...] = ("sam", "alex")) -> Path:
    with bundled_store(path) as store:
        for user in users:
            accounts.add_user(store, user, PASSWORD)
        generate(store, Pack.load(NSPCC))
    return path
