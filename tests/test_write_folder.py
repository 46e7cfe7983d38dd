"""Writing a second period (or pack) into a stories folder is refused, and the stories already
there are left as they were; a re-run of the same pack and period replaces its own stories."""

from __future__ import annotations

import subprocess
import sys

import pytest

from localwire.desk.selfcheck import story_writer
from localwire.errors import LocalwireError
from localwire.importing.bundled_data import bundled_store
from localwire.write.batch import write_batch
from localwire.write.folder import LOCK, STAMP
from localwire.write.pack import Pack

PACK = "nspcc-child-sex-offences"


@pytest.fixture(scope="module")
def store():
    with bundled_store() as opened:
        yield opened


def _write(store, period: str, out):
    writer = story_writer(store, Pack.load(PACK), period, check="trace")
    return write_batch(writer, writer.areas()[:2], out, ("md",))


def test_another_period_into_the_same_folder_is_refused_and_nothing_changes(store, tmp_path):
    first = _write(store, "2017/18", tmp_path)
    before = {p.name: p.read_bytes() for p in first.files}
    with pytest.raises(LocalwireError, match=r"holds the nspcc-child-sex-offences stories for 2017/18"):
        _write(store, "2018/19", tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.md")} == before


def test_the_same_period_again_replaces_its_own_stories(store, tmp_path):
    _write(store, "2018/19", tmp_path)
    again = _write(store, "2018/19", tmp_path)
    assert again.stories == 2 and (tmp_path / STAMP).is_file()


@pytest.mark.parametrize("stamp", ["not json", "{}", "[1, 2]"])
def test_a_broken_stamp_is_a_one_line_error(store, tmp_path, stamp):
    (tmp_path / STAMP).write_text(stamp, encoding="utf-8")
    with pytest.raises(LocalwireError, match="not a localwire stories stamp"):
        _write(store, "2018/19", tmp_path)


@pytest.mark.parametrize("pack, period", [("police-recorded-crime", "2016/17"),
                                          (PACK, "2012/13")])
def test_the_demo_does_not_replace_another_packs_or_periods_stories(tmp_path, pack, period):
    from localwire.desk.demo import run_demo
    from localwire.write.folder import stamp_folder

    (tmp_path / "hertfordshire.md").write_text("an editor's story", encoding="utf-8")
    (tmp_path / "localwire.duckdb").write_bytes(b"someone's store")
    stamp_folder(tmp_path, pack, period)
    with pytest.raises(LocalwireError, match=f"holds the {pack} stories for {period}"):
        run_demo(tmp_path)
    assert (tmp_path / "hertfordshire.md").read_text(encoding="utf-8") == "an editor's story"
    # the demo built its store beside the folder's, and left the folder's alone
    assert (tmp_path / "localwire.duckdb").read_bytes() == b"someone's store"
    assert {p.name for p in tmp_path.iterdir()} == {"hertfordshire.md", "localwire.duckdb", STAMP}


@pytest.fixture
def held_by_another_process(tmp_path):
    """The folder's lock held by a second process, as while another `localwire write` runs."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import time\nfrom filelock import FileLock\n"
         f"lock = FileLock({str(tmp_path / LOCK)!r})\nlock.acquire()\n"
         "print('held', flush=True)\ntime.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    yield tmp_path
    holder.kill()
    holder.wait()


def test_a_folder_another_writer_is_writing_is_refused(store, held_by_another_process):
    (held_by_another_process / "hertfordshire.md").write_text("the other run's story", encoding="utf-8")
    with pytest.raises(LocalwireError, match="another localwire is writing stories into this folder"):
        _write(store, "2018/19", held_by_another_process)
    assert (held_by_another_process / "hertfordshire.md").read_text(encoding="utf-8") == \
        "the other run's story"


def test_the_cli_says_so_in_one_line_and_exits_non_zero(capsys, held_by_another_process):
    from localwire.cli import main

    code = main(["demo", "--out", str(held_by_another_process)])
    said = capsys.readouterr()
    lines = [line for line in (said.out + said.err).splitlines() if line.strip()]
    assert code != 0 and any("another localwire is writing stories into this folder" in line
                             for line in lines), lines
    assert not (held_by_another_process / "localwire.duckdb").exists()


def test_a_new_folder_is_not_left_behind_when_writing_fails(store, tmp_path, monkeypatch):
    writer = story_writer(store, Pack.load(PACK), "2018/19", check="trace")

    def store_gone() -> None:
        raise LocalwireError("the store was closed under the writer")

    monkeypatch.setattr(writer, "prepare", store_gone)
    with pytest.raises(LocalwireError, match="closed under the writer"):
        write_batch(writer, writer.areas()[:2], tmp_path / "stories", ("md",))
    assert not (tmp_path / "stories").exists()
