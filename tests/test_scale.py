"""Scale: set-wise facts equal per-area facts, parallel writing equals serial writing.
Synthetic data from bench/synthetic.py."""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import BREAKDOWNS, DATASET, LATEST, MEASURE, build_store, generate, write_csv  # noqa: E402

from localwire import bundled  # noqa: E402
from localwire.areas import gazetteer_of  # noqa: E402
from localwire.desk.selfcheck import story_writer  # noqa: E402
from localwire.errors import StoreError  # noqa: E402
from localwire.facts import FactBook  # noqa: E402
from localwire.store import Store  # noqa: E402
from localwire.store.areas import register_areas  # noqa: E402
from localwire.write import trace  # noqa: E402
from localwire.write.batch import write_batch  # noqa: E402
from localwire.write.folder import STAMP  # noqa: E402
from localwire.write.pack import Pack  # noqa: E402

AREAS = 300
PACK = "nspcc-child-sex-offences"
PER_AREA = ("value", "previous", "change", "pct_change", "per_day", "interval_minutes",
            "rate_per", "rank", "record", "direction")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    data = generate(AREAS)
    store = Store(folder / "scale.duckdb")
    build_store(store, data, write_csv(data, folder / "observations.csv"))
    yield store, data
    store.close()


@pytest.fixture(scope="module")
def books(synthetic):
    store, _data = synthetic
    prepared = FactBook(store, DATASET, shared=False)
    prepared.prepare(LATEST, MEASURE)
    return prepared, FactBook(store, DATASET, shared=False)


def slugs(data) -> list[str]:
    return [area["slug"] for area in data.areas] + ["united-kingdom"]


@pytest.mark.parametrize("method", PER_AREA)
def test_prepared_facts_equal_per_area_facts(synthetic, books, method):
    prepared, plain = books
    _store, data = synthetic
    compared = 0
    for slug in slugs(data):
        for breakdown in ("", *BREAKDOWNS):
            expected = getattr(plain, method)(slug, LATEST, MEASURE, breakdown)
            assert getattr(prepared, method)(slug, LATEST, MEASURE, breakdown) == expected
            compared += expected is not None
    assert compared > 0


@pytest.mark.parametrize("breakdown", BREAKDOWNS)
def test_prepared_shares_ranks_and_totals_equal_per_area(synthetic, books, breakdown):
    prepared, plain = books
    _store, data = synthetic
    for slug in slugs(data):
        assert prepared.share(slug, LATEST, MEASURE, breakdown) == plain.share(
            slug, LATEST, MEASURE, breakdown)
        assert prepared.neighbours(slug, LATEST, MEASURE) == plain.neighbours(
            slug, LATEST, MEASURE)
    assert prepared.national(LATEST, MEASURE, breakdown) == plain.national(
        LATEST, MEASURE, breakdown)
    assert prepared.regional("south-west", LATEST, MEASURE, breakdown) == plain.regional(
        "south-west", LATEST, MEASURE, breakdown)


def test_prepare_answers_without_reading_every_observation(synthetic):
    store, _data = synthetic
    book = FactBook(store, DATASET, shared=False)
    book.prepare(LATEST, MEASURE)
    prepared = set(book._families)
    assert book.rank(slugs(_data)[0], LATEST, MEASURE) is not None
    assert set(book._families) == prepared
    assert ("everything", DATASET) not in prepared  # no family read the whole dataset


@pytest.mark.parametrize("formats", [("md",), ("md", "json", "html")])
def test_parallel_output_identical_to_single_process(synthetic, tmp_path, formats):
    store, _data = synthetic
    pack = Pack.load(PACK)
    serial = write_batch(story_writer(store, pack, LATEST), story_writer(store, pack, LATEST).areas(),
                         tmp_path / "serial", formats, jobs=1)
    writer = story_writer(store, pack, LATEST)
    parallel = write_batch(writer, writer.areas(), tmp_path / "parallel", formats, jobs=2,
                           chunk_size=16)
    # every area with a figure gets its story through the full self-check: a story the
    # checker cannot support (a rank by rate, a total's change read as a breakdown's) fails it
    assert [m.reason for m in serial.not_written] == []
    assert serial.stories == parallel.stories == len(writer.areas())
    names = sorted(p.name for p in (tmp_path / "serial").iterdir() if p.name != STAMP)
    assert names == sorted(p.name for p in (tmp_path / "parallel").iterdir() if p.name != STAMP)
    assert len(names) == serial.stories * len(formats)
    for name in names:
        assert (tmp_path / "serial" / name).read_bytes() == (
            tmp_path / "parallel" / name).read_bytes(), name


def test_parallel_output_equals_write_area(synthetic, tmp_path):
    store, _data = synthetic
    writer = story_writer(store, Pack.load(PACK), LATEST)
    areas = writer.areas()[:40]
    write_batch(writer, areas, tmp_path, ("md",), jobs=2, chunk_size=8)
    fresh = story_writer(store, Pack.load(PACK), LATEST)
    for area in areas:
        (story,) = fresh.write_area(area)
        assert (tmp_path / f"{area.slug}.md").read_text(encoding="utf-8") == story.text


@pytest.mark.parametrize("jobs", [1, 2])
def test_failing_stories_write_nothing_and_are_listed(synthetic, tmp_path, jobs):
    """A story that fails writes no file; every area is listed with its reason, in one line
    naming it (one area never blocks the others: here every area fails the same way)."""
    store, _data = synthetic
    folder = tmp_path / "pack"
    shutil.copytree(bundled.pack_dir(PACK), folder)
    template = folder / "templates" / "story.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nThere were 5 cases.\n",
                        encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept.md").write_text("an earlier file\n", encoding="utf-8")
    writer = story_writer(store, Pack.load(folder), LATEST)
    result = write_batch(writer, writer.areas(), out, ("md",), jobs=jobs, chunk_size=16)
    assert [p.name for p in out.iterdir()] == ["kept.md"]
    assert result.stories == 0 and len(result.failed) == len(writer.areas())
    for failure in result.failed:
        assert failure.reason.startswith(failure.area.name) and "'5'" in failure.reason


def test_cli_write_jobs_gives_the_same_files(synthetic, tmp_path):
    from localwire.cli import main

    store, _data = synthetic
    db_copy = tmp_path / "copy.duckdb"
    store.db.execute("CHECKPOINT")
    shutil.copyfile(store.path, db_copy)
    for jobs in ("1", "2"):
        assert main(["write", PACK, "--db", str(db_copy), "--period", LATEST.code,
                     "--format", "md", "--jobs", jobs, "--out", str(tmp_path / jobs)]) == 0
    one, two = sorted((tmp_path / "1").iterdir()), sorted((tmp_path / "2").iterdir())
    assert [p.name for p in one] == [p.name for p in two] and one
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(one, two, strict=True))


def plain_scan(text: str, spans: list[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """untraced_numbers as first written: the number-word alternation tried everywhere, and
    every span tried for every match."""
    found = []
    for match in trace._NUMBER_TOKEN.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        word = match.group(0)
        if word.isdigit():
            word = re.match(r"[\d,.]+", text[match.start():]).group(0).rstrip(",.")
        found.append((match.start(), word))
    return trace._first_per_run(found)


def test_untraced_number_scan_agrees_with_the_plain_pattern():
    words = [*sorted(trace.NUMBER_WORDS), "Twenty", "ONE", "twentyfold", "bone", "one2", "a1",
             "_one", "ſix", "٣", "12,5", "Ten-year", "x", "\0", "seven\0"]
    rng = random.Random(6)
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(("", " ", "-", ". "))
                       for _ in range(rng.randint(0, 10)))
        assert trace.untraced_numbers(text, []) == plain_scan(text), text
        count = min(len(text) + 1, 2 * rng.randint(0, 3))
        cuts = sorted(rng.sample(range(len(text) + 1), count - count % 2))
        spans = list(zip(cuts[::2], cuts[1::2], strict=True))
        figures = [trace.Figure(a, b, text[a:b], "fact", None) for a, b in spans]
        assert trace.untraced_numbers(text, figures) == plain_scan(text, spans), (text, spans)


@pytest.mark.parametrize("spans", [[(0, 3), (5, 9)], [(5, 9), (0, 3)], [(0, 6), (4, 9)],
                                   [(4, 4), (4, 6)], []])
def test_untraced_numbers_respects_any_span_order(spans):
    text = "123 45 6789 and twenty-one"
    figures = [trace.Figure(start, end, text[start:end], "fact", None) for start, end in spans]
    assert trace.untraced_numbers(text, figures) == plain_scan(text, spans)


def test_register_areas_adds_resolvable_areas_and_refuses_duplicates():
    with Store(":memory:") as store:
        area = {"slug": "fenmoor", "name": "Fenmoor", "official_name": "Fenmoor Police",
                "kind": "force", "region": "East", "parent": "east-of-england"}
        added = register_areas(store, [area], aliases=[{"area": "fenmoor", "alias": "Fens"}],
                               neighbours=[{"area": "fenmoor", "neighbour": "norfolk"}],
                               populations=[{"area": "fenmoor", "year": 2017,
                                             "population": 123456}])
        assert added == 1
        gazetteer = gazetteer_of(store)
        assert gazetteer.resolve("Fens").slug == "fenmoor"
        assert "norfolk" in gazetteer.neighbours_of("fenmoor")
        assert gazetteer.population("fenmoor", 2017) == (123456, "registered", "ok")
        before = store.db.execute("SELECT count(*) FROM areas").fetchone()[0]
        with pytest.raises(StoreError):
            register_areas(store, [{**area, "slug": "other"}, area])
        assert store.db.execute("SELECT count(*) FROM areas").fetchone()[0] == before


@pytest.mark.parametrize("place, order, verdict", [
    (2, "highest", "supported"), (3, "highest", "contradicted"), (2, "lowest", "contradicted")])
def test_the_checker_verifies_a_rank_by_rate(synthetic, books, place, order, verdict):
    """The NSPCC pack's rank lead ("…: 2.1 offences per 1,000 residents, the second highest rate
    of any force in England and Wales") on the synthetic forces, whose populations are all sound;
    the checker once called every rank by rate unverifiable, so the story was never written."""
    from localwire.check import check_text
    from localwire.prose import style

    store, data = synthetic
    prepared, _ = books
    second = next(area for area in data.areas
                  if (rank := prepared.rank_by_rate(area["slug"], LATEST, MEASURE)) is not None
                  and rank.value == 2)
    rate = prepared.rate_per(second["slug"], LATEST, MEASURE)
    text = (f"Police in {second['name']} recorded child sex offences at a rate of "
            f"{style.rate_figure(rate.value)} offences per 1,000 residents in {LATEST.code}, the "
            f"{style.ordinal(place)} {order} rate of any force in England and Wales.")
    report = check_text(text, store, dataset=DATASET, area=second["slug"], period=LATEST.code)
    (rank_claim,) = [c for c in report.as_dict()["claims"] if c["kind"] == "rank"]
    assert rank_claim["verdict"] == verdict, rank_claim["explanation"]
