"""Durability: real kills at chosen points of an import (LOCALWIRE_KILL_AT), the kept copy
verified and repaired on re-import, leftovers removed, an older file made current again."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from localwire.importing import KILL_AT, import_file
from localwire.store import Store

ROOT = Path(__file__).resolve().parent.parent
HEADER = "area,period,measure,breakdown,value\n"


def tidy(folder: Path, name: str, value: int) -> Path:
    path = folder / name
    path.write_text(f"{HEADER}Kent,2016/17,child_sex_offences,,{value}\n"
                    f"Essex,2016/17,child_sex_offences,,40\n", encoding="utf-8")
    return path


def killed_import(db: Path, path: Path, point: str) -> int:
    script = ("import sys; from localwire.store import Store; from localwire.importing import "
              "import_file; import_file(Store(sys.argv[1]), sys.argv[2], dataset='d')")
    done = subprocess.run([sys.executable, "-c", script, str(db), str(path)], cwd=ROOT,
                          env={**os.environ, KILL_AT: point, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, check=False)
    return done.returncode


def kept_files(db: Path) -> list[Path]:
    return sorted(p for p in db.with_name("lw-files").rglob("*") if p.is_file())


def sources(db: Path) -> list[dict]:
    with Store(db) as store:
        return store.rows("SELECT id, stored_path FROM sources ORDER BY id")


@pytest.mark.parametrize("point", ["copied", "placed", "written"])
def test_a_kill_at_any_point_leaves_no_row_without_its_file(tmp_path, point):
    db = tmp_path / "lw.duckdb"
    Store(db).close()
    path = tidy(tmp_path, "reply.csv", 12)
    assert killed_import(db, path, point) == -9
    assert sources(db) == []  # nothing was committed
    with Store(db) as store:
        result = import_file(store, path, dataset="d")
        assert result.added == 2
        row = store.rows("SELECT stored_path FROM sources")[0]
        kept = store.files_dir / row["stored_path"]
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == hashlib.sha256(
            path.read_bytes()).hexdigest()
    assert not [p for p in kept_files(db) if p.name.startswith(".incoming-")]


def test_leftovers_of_a_killed_copy_are_removed_by_the_next_import(tmp_path):
    db = tmp_path / "lw.duckdb"
    Store(db).close()
    assert killed_import(db, tidy(tmp_path, "first.csv", 12), "copied") == -9
    assert [p.name for p in kept_files(db) if p.name.startswith(".incoming-")]
    with Store(db) as store:
        import_file(store, tidy(tmp_path, "other.csv", 7), dataset="other")
    assert not [p for p in kept_files(db) if p.name.startswith(".incoming-")]


@pytest.mark.parametrize("damage", ["delete", "overwrite"])
def test_a_missing_or_damaged_copy_is_repaired_on_reimport(tmp_path, damage):
    db = tmp_path / "lw.duckdb"
    path = tidy(tmp_path, "reply.csv", 12)
    with Store(db) as store:
        import_file(store, path, dataset="d")
        kept = store.files_dir / store.rows("SELECT stored_path FROM sources")[0]["stored_path"]
    if damage == "delete":
        kept.unlink()
    else:
        kept.chmod(0o644)
        kept.write_bytes(b"something else")
    with Store(db) as store:
        result = import_file(store, path, dataset="d")
        assert result.unchanged and result.repaired
        assert "the kept copy was missing and has been restored" in result.summary
        assert kept.read_bytes() == path.read_bytes()
        assert import_file(store, path, dataset="d").repaired is False


def test_an_older_file_imported_after_a_correction_is_current_again(tmp_path):
    db = tmp_path / "lw.duckdb"
    first = tidy(tmp_path, "first.csv", 12)
    corrected = tidy(tmp_path, "corrected.csv", 15)
    with Store(db) as store:
        import_file(store, first, dataset="d")
        assert len(import_file(store, corrected, dataset="d").changes) == 1
        again = import_file(store, first, dataset="d")
        assert again.restored and not again.unchanged
        assert [(c.area, c.old, c.new) for c in again.changes] == [("kent", "15.000000",
                                                                     "12.000000")]
        rows = store.rows("SELECT value, version, current, source_id FROM observations "
                          "WHERE area = 'kent' ORDER BY version")
        assert [(int(r["value"]), r["version"], r["current"]) for r in rows] == [
            (12, 1, False), (15, 2, False), (12, 3, True)]
        assert rows[2]["source_id"] == rows[0]["source_id"]
        assert import_file(store, first, dataset="d").unchanged
        essex = store.rows("SELECT count(*) AS n FROM observations WHERE area = 'essex'")
        assert essex[0]["n"] == 1  # unchanged figures get no new version
