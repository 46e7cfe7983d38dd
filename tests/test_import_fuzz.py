"""Bounded fuzzing (hypothesis) of every way untrusted input gets in: the CSV, XLSX, ODS and
PDF readers, the recipe loader, the tidy importer and the checker.

For each input: no crash (only localwire's own errors may be raised; a reader that aborted
the process would take pytest down with it), never `unexpected`, and a rejected import
leaves the store exactly as it was. Marked `fuzz`: `./run test` (CI) runs it, `./run fast`
does not; LOCALWIRE_FUZZ_EXAMPLES scales the examples per target (default 200). The counts
are printed at the end: inputs tried per target, and crashes (always zero: a crash fails).
"""

from __future__ import annotations

import json
import os
import string
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localwire.errors import InputErrors, LocalwireError
from localwire.importing import import_file
from localwire.importing.recipe import load_recipe
from localwire.store import Store

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("LOCALWIRE_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
REPLIES = Path(__file__).parent / "fixtures" / "replies"
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
TRIED: Counter = Counter()
REJECTED: Counter = Counter()
CRASHED: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_counts(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"fuzz: {target}: {TRIED[target]} inputs tried, {REJECTED[target]} rejected with "
             f"a typed error, {CRASHED[target]} crashes" for target in sorted(TRIED)]
    lines.append(f"fuzz: {sum(TRIED.values())} inputs in all, {sum(CRASHED.values())} crashes")
    for line in lines:
        if reporter is not None:
            reporter.write_line(line)
        else:
            print(line)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("fuzz") / "lw.duckdb") as store:
        yield store


def state(store: Store) -> tuple:
    counts = store.db.execute("SELECT (SELECT count(*) FROM observations), (SELECT count(*) "
                              "FROM sources), (SELECT count(*) FROM datasets)").fetchone()
    folder = store.files_dir
    files = sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    return counts, files


def attempt(target: str, store: Store, path: Path, **kwargs) -> None:
    """Import; a typed rejection must leave the store as it was. Anything else is a crash."""
    with counted(target):
        before = state(store)
        try:
            import_file(store, path, **kwargs)
        except (InputErrors, LocalwireError) as error:
            REJECTED[target] += 1
            assert all(p.code != "unexpected" for p in error.problems)
            assert state(store) == before, f"a rejected {target} changed the store"


@contextmanager
def counted(target: str) -> Iterator[None]:
    """Count an input as tried, and as a crash when anything but a typed error escapes."""
    TRIED[target] += 1
    try:
        yield
    except BaseException:
        CRASHED[target] += 1
        raise


# -- CSV (through a recipe) --------------------------------------------------------------------
CSV_RECIPE = """recipe: fuzz-csv
area: {column: Force}
period: {column: Year}
measure: {value: child_sex_offences}
columns:
  Total: {breakdown: ""}
  Online: {breakdown: online_flagged}
statuses:
  "*": {status: suppressed, lower: 1, upper: 4}
aggregate: sum
"""
CELLS = st.one_of(
    st.sampled_from(["Kent", "Essex", "Herts", "2016/17", "2017", "YE 2017-06", "12", "1,234",
                     "-3", "12.5", "*", "<5", "<0", "NaN", "sNaN", "1e400", "", " ", "Total",
                     "Online", "Force", "Year", "\x00", "١٢", "1,2,3", "99999999999999999999"]),
    st.text(max_size=12))


GOOD_ROW = st.tuples(st.sampled_from(["Kent", "Essex", "Herts", "Dorset", "Wiltshire"]),
                     st.sampled_from(["2015/16", "2016/17", "2017"]),
                     st.sampled_from(["12", "1,234", "*", "<5", "0"]),
                     st.sampled_from(["3", "*", "1"])).map(list)


@FUZZ
@given(rows=st.lists(st.one_of(GOOD_ROW, GOOD_ROW, st.lists(CELLS, max_size=5)), max_size=8,
                    unique_by=lambda row: tuple(row[:2])),
       header=st.booleans(), delimiter=st.sampled_from([",", ",", ";", "\t"]),
       raw=st.one_of(st.just(b""), st.binary(max_size=64)))
def test_fuzz_csv_reader(fuzz_store, tmp_path_factory, rows, header, delimiter, raw):
    folder = tmp_path_factory.mktemp("csv")
    (folder / "recipe.yaml").write_text(CSV_RECIPE + f"delimiter: {json.dumps(delimiter)}\n",
                                        encoding="utf-8")
    lines = ([["Force", "Year", "Total", "Online"]] if header else []) + rows
    text = "\n".join(delimiter.join(f'"{c}"' if delimiter in c or '"' in c else c for c in row)
                     for row in lines)
    (folder / "reply.csv").write_bytes(text.encode("utf-8", "surrogatepass") + raw)
    attempt("csv reader", fuzz_store, folder / "reply.csv", dataset="fuzz",
            recipe=folder / "recipe.yaml")


# -- XLSX --------------------------------------------------------------------------------------
SHEET_RECIPE = """recipe: fuzz-sheet
area: {column: Force}
period: {column: Year}
measure: {value: child_sex_offences}
columns:
  Total: {breakdown: ""}
"""
COLUMN = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=4)
ROW = st.one_of(st.integers(1, 30), st.integers(1, 2**31), st.just(1048576))
VALUE = st.one_of(st.sampled_from(["12", "0", "-1", "1e308", "NaN", "abc", "", "4000000000",
                                   "0.30000000000000004", "2016/17", "Kent"]),
                  st.text(alphabet=string.printable, max_size=8))


@st.composite
def sheet_cells(draw) -> str:
    cells = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Force</t></is></c><c r="B1" '
             't="inlineStr"><is><t>Year</t></is></c><c r="C1" t="inlineStr"><is><t>Total</t>'
             '</is></c></row>',
             '<row r="2"><c r="A2" t="inlineStr"><is><t>Kent</t></is></c><c r="B2" '
             't="inlineStr"><is><t>2016/17</t></is></c><c r="C2"><v>12</v></c></row>']
    for _ in range(draw(st.integers(0, 4))):
        column, row = draw(COLUMN), draw(ROW)
        kind = draw(st.sampled_from(["", ' t="s"', ' t="n"', ' t="b"', ' t="e"', ' t="str"',
                                     ' t="d"']))
        reference = f' r="{column}{row}"' if draw(st.booleans()) else ""
        row_ref = f' r="{row}"' if draw(st.booleans()) else ""
        value = draw(VALUE).replace("&", "&amp;").replace("<", "&lt;")
        cells.append(f"<row{row_ref}><c{reference}{kind}><v>{value}</v></c></row>")
    return "".join(cells)


def make_xlsx(sheet: str, dimension: str, strings: int) -> bytes:
    from tests.fixtures.hostile.make_hostile import sheet_xml, xlsx

    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.'
           f'org/spreadsheetml/2006/main" count="{strings}" uniqueCount="{strings}">'
           '<si><t>Force</t></si></sst>')
    return xlsx({"xl/worksheets/sheet1.xml": sheet_xml(dimension, sheet),
                 "xl/sharedStrings.xml": sst})


def flip(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    mutable = bytearray(data)
    for position, value in flips:
        if mutable:
            mutable[position % len(mutable)] = value
    return bytes(mutable)


FLIPS = st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), max_size=6)


@FUZZ
@given(sheet=sheet_cells(), dimension=st.one_of(st.just("A1:C2"), st.builds(
    lambda c, r: f"A1:{c}{r}", COLUMN, ROW)), strings=st.one_of(st.integers(0, 10), st.integers(
    0, 2**40)), flips=st.one_of(st.just([]), FLIPS),
    cut=st.one_of(st.none(), st.none(), st.integers(0, 4000)))
def test_fuzz_xlsx_reader(fuzz_store, tmp_path_factory, sheet, dimension, strings, flips, cut):
    folder = tmp_path_factory.mktemp("xlsx")
    (folder / "recipe.yaml").write_text(SHEET_RECIPE, encoding="utf-8")
    data = flip(make_xlsx(sheet, dimension, strings), flips)
    (folder / "reply.xlsx").write_bytes(data if cut is None else data[:cut])
    attempt("xlsx reader", fuzz_store, folder / "reply.xlsx", dataset="fuzz",
            recipe=folder / "recipe.yaml")


# -- ODS ---------------------------------------------------------------------------------------
@st.composite
def ods_table(draw) -> str:
    rows = ['<table:table-row><table:table-cell office:value-type="string"><text:p>Force'
            '</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>'
            'Year</text:p></table:table-cell><table:table-cell office:value-type="string">'
            '<text:p>Total</text:p></table:table-cell></table:table-row>',
            '<table:table-row><table:table-cell office:value-type="string"><text:p>Kent'
            '</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>'
            '2016/17</text:p></table:table-cell><table:table-cell office:value-type="float" '
            'office:value="12"><text:p>12</text:p></table:table-cell></table:table-row>']
    for _ in range(draw(st.integers(0, 4))):
        repeat_rows = draw(st.one_of(st.integers(1, 5), st.integers(1, 2**31)))
        repeat_cols = draw(st.one_of(st.integers(1, 5), st.integers(1, 2**20)))
        value = draw(VALUE).replace("&", "&amp;").replace("<", "&lt;")
        typed = draw(st.booleans())
        cell = (f'<table:table-cell table:number-columns-repeated="{repeat_cols}"'
                + (f' office:value-type="float" office:value="{value}"' if typed else "")
                + f"><text:p>{value}</text:p></table:table-cell>")
        rows.append(f'<table:table-row table:number-rows-repeated="{repeat_rows}">{cell}'
                    "</table:table-row>")
    return "".join(rows)


@FUZZ
@given(table=ods_table(), flips=st.one_of(st.just([]), FLIPS))
def test_fuzz_ods_reader(fuzz_store, tmp_path_factory, table, flips):
    from tests.fixtures.hostile.make_hostile import ods

    folder = tmp_path_factory.mktemp("ods")
    (folder / "recipe.yaml").write_text(SHEET_RECIPE, encoding="utf-8")
    (folder / "reply.ods").write_bytes(flip(ods(table), flips))
    attempt("ods reader", fuzz_store, folder / "reply.ods", dataset="fuzz",
            recipe=folder / "recipe.yaml")


# -- PDF ---------------------------------------------------------------------------------------
PDF = (REPLIES / "flag-not-used-pdf" / "reply.pdf").read_bytes()


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 10))
@given(flips=st.lists(st.tuples(st.integers(0, len(PDF) - 1), st.integers(0, 255)),
                      min_size=1, max_size=8), cut=st.one_of(st.none(), st.integers(0, len(PDF))))
def test_fuzz_pdf_reader(fuzz_store, tmp_path_factory, flips, cut):
    folder = tmp_path_factory.mktemp("pdf")
    data = flip(PDF, flips)
    (folder / "reply.pdf").write_bytes(data if cut is None else data[:cut])
    attempt("pdf reader", fuzz_store, folder / "reply.pdf", dataset="fuzz",
            recipe=REPLIES / "flag-not-used-pdf" / "recipe.yaml")


# -- recipes -----------------------------------------------------------------------------------
KEYS = ["recipe", "format", "encoding", "delimiter", "sheet", "pages", "table", "header_row",
        "last_row", "area", "period", "measure", "breakdown", "value", "columns", "statuses",
        "skip_areas", "skip_rows", "aggregate", "total", "partitions", "periods", "bogus"]
INNER_KEYS = [*KEYS, "column", "cell", "value", "status", "lower", "upper"]
YAML_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(),
              st.sampled_from(["klingon", ";;", "A0", "B99", "xlsx", "sum", "*", "&a x", "*a",
                               "!!python/object:os.system", "{column: Force}", "[1, 2]"]),
              st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(INNER_KEYS), inner, max_size=4)),
    max_leaves=20)


BASE_RECIPE = {"recipe": "fuzz", "area": {"column": "Force"}, "period": {"column": "Year"},
               "measure": {"value": "child_sex_offences"}, "value": {"column": "Offences"}}


@FUZZ
@given(document=st.dictionaries(st.sampled_from(KEYS), YAML_VALUE, max_size=3),
       remove=st.lists(st.sampled_from(sorted(BASE_RECIPE)), max_size=2),
       noise=st.one_of(st.just(""), st.text(max_size=40)),
       raw=st.one_of(st.just(b""), st.binary(max_size=16)))
def test_fuzz_recipe_loader(tmp_path_factory, document, remove, noise, raw):
    import yaml

    folder = tmp_path_factory.mktemp("recipe")
    merged = {k: v for k, v in {**BASE_RECIPE, **document}.items() if k not in remove}
    text = yaml.safe_dump(merged, allow_unicode=True) + noise
    (folder / "recipe.yaml").write_bytes(text.encode("utf-8", "surrogatepass") + raw)
    with counted("recipe loader"):
        try:
            load_recipe(folder / "recipe.yaml")
        except (InputErrors, LocalwireError) as error:
            REJECTED["recipe loader"] += 1
            assert all(p.code != "unexpected" for p in error.problems)


# -- tidy --------------------------------------------------------------------------------------
TIDY_CELL = st.one_of(
    st.sampled_from(["Kent", "Essex", "Herts", "United Kingdom", "2016/17", "2099/00", "2017",
                     "child_sex_offences", "child_sex_offences_pct_change", "online_flagged",
                     "online_flaged", "", "12", "12.5", "-3", "<5", "<0", "1,2,3", "NaN",
                     "suppressed", "refused", "not_held", "reported", "0.1", '"', "\r", "\n"]),
    st.text(max_size=8))
TIDY_HEADERS = st.permutations(["area", "period", "measure", "breakdown", "value", "status"])
GOOD_TIDY = st.fixed_dictionaries({
    "area": st.sampled_from(["Kent", "Essex", "Herts", "Dorset"]),
    "period": st.sampled_from(["2015/16", "2016/17"]),
    "measure": st.just("child_sex_offences"),
    "breakdown": st.sampled_from(["", "online_flagged", "aged_0_5"]),
    "value": st.sampled_from(["12", "1,234", "0", "3"]),
    "status": st.sampled_from(["", "reported"])})


@FUZZ
@given(header=TIDY_HEADERS, drop=st.integers(0, 12), rows=st.lists(st.one_of(
    GOOD_TIDY, GOOD_TIDY, st.lists(TIDY_CELL, min_size=6, max_size=7)), max_size=8),
    blank=st.booleans(), dataset=st.sampled_from(["fuzz", "nspcc-child-sex-offences"]))
def test_fuzz_tidy_importer(fuzz_store, tmp_path_factory, header, drop, rows, blank, dataset):
    folder = tmp_path_factory.mktemp("tidy")
    columns = [c for i, c in enumerate(header) if i != drop]
    rows = [[row[c] for c in columns] if isinstance(row, dict) else row for row in rows]

    def quote(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\r\n') else cell

    lines = [",".join(columns)] + [",".join(quote(c) for c in row[:len(columns)])
                                   for row in rows]
    if blank:
        lines.insert(len(lines) // 2 + 1, "")
    (folder / "tidy.csv").write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    attempt("tidy importer", fuzz_store, folder / "tidy.csv", dataset=dataset)


# -- checker -----------------------------------------------------------------------------------
WORDS = st.sampled_from([
    "one", "hundred", "and", "thousand", "million", "a", "dozen", "per", "cent", "%", "rose",
    "fell", "by", "to", "from", "in", "Kent", "Hertfordshire", "Police", "Scotland", "2016/17",
    "2017", "771", "1,234", "15.5", "up", "down", "offences", "children", "online", "one in",
    "nearly", "more than", "£", "-", ".", ",", "\n", "NSPCC", "recorded", "sexual", "crimes"])


@pytest.fixture(scope="module")
def bundled():
    from localwire.importing.bundled_data import bundled_store

    with bundled_store() as store:
        yield store


@FUZZ
@given(words=st.lists(WORDS, max_size=60), noise=st.text(max_size=30))
def test_fuzz_checker(bundled, words, noise):
    from localwire.check import check_text

    with counted("checker"):
        try:
            report = check_text(" ".join(words) + noise, bundled)
        except LocalwireError as error:
            REJECTED["checker"] += 1
            assert error.problem.code != "unexpected"
            return
    assert sum(report.counts().values()) >= 0 and report.as_dict() is not None
