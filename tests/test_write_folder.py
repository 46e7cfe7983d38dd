"""Writing a second period (or pack) into a stories folder is refused, and the stories already
there are left as they were; a re-run of the same pack and period replaces its own stories."""

from __future__ import annotations

import pytest

from localwire.desk.selfcheck import story_writer
from localwire.errors import LocalwireError
from localwire.importing.bundled_data import bundled_store
from localwire.write.batch import write_batch
from localwire.write.folder import STAMP
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
    if pack != PACK:
        assert (tmp_path / "localwire.duckdb").read_bytes() == b"someone's store"
