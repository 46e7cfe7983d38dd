"""The hostile corpus (tests/fixtures/hostile/): each file gives its one expected line, exit 1,
and leaves the store exactly as it was. Templates give theirs through the sandbox; an FOI reply
that would abort the reader is attached without aborting; checked text never crashes."""

import csv
from datetime import date
from pathlib import Path

import pytest
from jinja2 import FileSystemLoader

from localwire import sandbox
from localwire.cli import main
from localwire.importing import import_file
from localwire.model import limits
from localwire.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile"
SEED = FIXTURES / "replies" / "unknown-age-csv"


def table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if not row[0].startswith("#")]


CASES = table(HOSTILE / "cases.tsv")
TEMPLATE_CASES = table(HOSTILE / "templates" / "cases.tsv")


def snapshot(db: Path) -> tuple:
    with Store(db) as store:
        return (store.rows("SELECT * FROM observations ORDER BY id"),
                store.rows("SELECT * FROM sources ORDER BY id"),
                store.rows("SELECT id, config FROM datasets ORDER BY id"),
                sorted(str(p.relative_to(db.parent)) for p in db.parent.rglob("*-files/**/*")))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A store holding one good import, copied for each case."""
    folder = tmp_path_factory.mktemp("seed")
    with Store(folder / "lw.duckdb") as store:
        import_file(store, SEED / "reply.csv", dataset="replies", recipe=SEED / "recipe.yaml")
    return folder


def test_the_corpus_is_complete():
    inputs = {row[0] for row in CASES} | {row[1] for row in CASES}
    on_disk = {p.name for p in HOSTILE.iterdir() if p.is_file()} - {
        "cases.tsv", "make_hostile.py"}
    assert on_disk <= inputs, f"fixtures without a case: {sorted(on_disk - inputs)}"
    assert len(CASES) >= 50


@pytest.mark.parametrize("name, recipe, dataset, expected", CASES, ids=[
    f"{row[0]}+{row[1]}" if row[1] != "-" else row[0] for row in CASES])
def test_hostile_file_gives_its_one_line_and_changes_nothing(name, recipe, dataset, expected,
                                                            seeded, tmp_path, monkeypatch,
                                                            capsys):
    import shutil

    shutil.copytree(seeded, tmp_path / "store")
    db = tmp_path / "store" / "lw.duckdb"
    before = snapshot(db)
    monkeypatch.chdir(FIXTURES)
    args = ["import", f"hostile/{name}", "--dataset", dataset, "--db", str(db)]
    if recipe != "-":
        args += ["--recipe", f"hostile/{recipe}"]
    assert main(args) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == expected
    assert "unexpected" not in "\n".join(lines)
    assert snapshot(db) == before


@pytest.mark.parametrize("name, expected", TEMPLATE_CASES, ids=[r[0] for r in TEMPLATE_CASES])
def test_hostile_template_is_stopped_with_its_name_and_line(name, expected, monkeypatch):
    monkeypatch.setattr(limits, "TEMPLATE_SECONDS", 2.0)
    monkeypatch.chdir(FIXTURES)
    env = sandbox.environment(loader=FileSystemLoader("hostile/templates"))
    with pytest.raises(Exception) as caught:
        sandbox.render(env.get_template(name), {})
    assert str(caught.value) == expected


def test_a_reply_that_would_abort_the_reader_is_attached_and_refused_on_import(tmp_path):
    from localwire.errors import InputErrors
    from localwire.foi import attach_reply, create_campaign, import_reply, record_event

    with Store(tmp_path / "lw.duckdb") as store:
        create_campaign(store, "nspcc", "How many offences did {{ force.name }} record?",
                        dataset="nspcc", periods=["2016/17"], measures=["child_sex_offences"],
                        requester="Sam Reporter")
        today = date(2026, 7, 1)
        record_event(store, "nspcc", "Kent", "sent", on=date(2026, 5, 20), today=today)
        attached = attach_reply(store, "nspcc", "Kent", HOSTILE / "far-cell.xlsx", today=today,
                                received=date(2026, 6, 15))
        assert attached.sections == [] and not attached.already_attached
        with pytest.raises(InputErrors) as caught:
            import_reply(store, "nspcc", "Kent", recipe=HOSTILE / "sheet.recipe.yaml",
                         today=today)
        assert caught.value.problems[0].code == "too-large"


@pytest.mark.parametrize("text", [
    "one hundred and " * 400,
    "one hundred and",
    "up by " + "9" * 5000 + " per cent",
    "1" * 100_000,
    "\x00\ufffd" * 1000,
])
def test_checked_text_never_crashes(text):
    from localwire.check import check_text
    from localwire.importing.bundled_data import bundled_store

    with bundled_store() as store:
        report = check_text(text, store)
    assert report is not None
