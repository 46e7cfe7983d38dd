"""An import killed half-way leaves the store exactly as it was; the CLI's validate command."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import localwire.importing as importing
from localwire.cli import main
from localwire.errors import InputErrors, Problem
from localwire.importing import import_file
from localwire.store import Store

ROOT = Path(__file__).resolve().parent.parent
REPLIES = Path(__file__).parent / "fixtures" / "replies"


def snapshot(path: Path) -> tuple:
    with Store(path) as store:
        return (store.rows("SELECT * FROM observations ORDER BY id"),
                store.rows("SELECT * FROM sources ORDER BY id"))


def seed(path: Path) -> None:
    folder = REPLIES / "unknown-age-csv"
    with Store(path) as store:
        import_file(store, folder / "reply.csv", dataset="replies", recipe=folder / "recipe.yaml")


def test_exception_after_rows_are_written_rolls_everything_back(tmp_path, monkeypatch):
    db = tmp_path / "lw.duckdb"
    seed(db)
    before = snapshot(db)
    real_write = importing.write_staged

    def write_then_fail(*args, **kwargs):
        real_write(*args, **kwargs)
        raise InputErrors([Problem("injected", "failure after the rows were written")])

    monkeypatch.setattr(importing, "write_staged", write_then_fail)
    folder = REPLIES / "bands-0-5-xlsx"
    with Store(db) as store, pytest.raises(InputErrors):
        import_file(store, folder / "reply.xlsx", dataset="replies", recipe=folder / "recipe.yaml")
    assert snapshot(db) == before
    assert not any(p.name.startswith(".incoming") for p in (tmp_path / "lw-files").rglob("*"))


def test_import_killed_half_way_leaves_the_store_as_it_was(tmp_path):
    db = tmp_path / "lw.duckdb"
    seed(db)
    before = snapshot(db)
    big = tmp_path / "big.csv"
    with big.open("w") as handle:
        handle.write("area,period,measure,breakdown,value\n")
        for year in range(1901, 2024):
            for n in range(2000):
                handle.write(f"Kent,{year},m{n},,{n}\n")
    script = ("import sys; from localwire.store import Store; from localwire.importing import "
              "import_file; s = Store(sys.argv[1]); print('started', flush=True); "
              "import_file(s, sys.argv[2], dataset='big'); print('finished', flush=True)")
    process = subprocess.Popen([sys.executable, "-c", script, str(db), str(big)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert process.stdout.readline().strip() == "started"
    time.sleep(0.3)  # inside the import's transaction
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert snapshot(db) == before


def test_validate_command_exits_1_with_json_equal_to_the_library(tmp_path, capsys):
    folder = REPLIES / "broken-exceeds-total-csv"
    code = main(["validate", str(folder / "reply.csv"), "--recipe", str(folder / "recipe.yaml"),
                 "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and not report["valid"]
    with Store(":memory:") as store:
        expected = importing.validate_file(store, folder / "reply.csv",
                                           recipe=folder / "recipe.yaml")
    assert report["problems"] == [p.as_dict() for p in expected]


def test_validate_command_passes_a_good_file(capsys):
    folder = REPLIES / "bands-0-5-xlsx"
    assert main(["validate", str(folder / "reply.xlsx"), "--recipe",
                 str(folder / "recipe.yaml")]) == 0
    assert "no problems" in " ".join(capsys.readouterr().out.split())
