"""The desk's application layer (localwire.desk) without a browser: export, charts, the gate
that lets the CLI in while the desk runs, and the CLI commands for users and export."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest

from localwire.areas import gazetteer_of
from localwire.desk import charts
from localwire.desk.accounts import now
from localwire.desk.export import ExportError, export_zip, outlet_folders
from localwire.desk.gate import Gate
from localwire.desk.generate import add_outlet, generate
from localwire.desk.review import Desk
from localwire.facts import FactBook
from localwire.importing import import_file
from localwire.importing.bundled_data import bundled_store
from localwire.model.periods import Period
from localwire.store import Store
from localwire.write.pack import Pack
from tests.desk_stores import PASSWORD
from tests.desk_stores import desk_store as build_desk_store
from tests.story_rules import with_response

DATASET = "nspcc-child-sex-offences"
MEASURE = "child_sex_offences"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_desk_store(tmp_path_factory.mktemp("desk") / "template.duckdb", users=("sam",))


@pytest.fixture
def desk_store(tmp_path: Path, template: Path):
    path = tmp_path / "desk.duckdb"
    shutil.copyfile(template, path)
    with Store(path) as store:
        yield store


def approve(desk: Desk, story_id: int, user: str = "sam") -> None:
    """Fill the right of reply (no approval with an editor's note left), then approve."""
    story = desk.story(story_id)
    if with_response(story.text) != story.text:
        story = desk.edit(story_id, with_response(story.text), story.version, user)
    desk.approve(story_id, story.version, user)


def herts(desk: Desk, outlet: str = "localwire"):
    return next(s for s in desk.stories(area="hertfordshire") if s.outlet == outlet)


def test_export_paths_manifest_ninjs_and_feed(desk_store):
    desk = Desk(desk_store)
    area = gazetteer_of(desk_store).resolve("Herts")
    add_outlet(desk_store, Pack.load(DATASET), area, "Herts Advertiser", actor="sam")
    for story in desk.stories(area="hertfordshire"):
        approve(desk, story.id)
    result = export_zip(desk_store)
    archive = zipfile.ZipFile(io.BytesIO(result.payload))
    names = set(archive.namelist())
    for folder in ("localwire", "herts-advertiser"):
        base = f"{folder}/{DATASET}/hertfordshire-2016-17"
        assert {f"{base}.{fmt}" for fmt in ("md", "html", "txt", "json", "ninjs.json")} <= names
        assert f"{folder}/{DATASET}/charts/hertfordshire-2016-17-trend.svg" in names
        assert f"{folder}/feed.atom" in names
    manifest = json.loads(archive.read("manifest.json"))
    entry = next(s for s in manifest["stories"] if s["outlet"] == "Herts Advertiser")
    stored = herts(desk, "Herts Advertiser")
    assert entry["approved_by"] == "sam" and entry["version"] == stored.version
    assert entry["sha256"] == hashlib.sha256(stored.text.encode()).hexdigest()
    for file in entry["files"]:
        assert hashlib.sha256(archive.read(file["path"])).hexdigest() == file["sha256"]
    ninjs = json.loads(archive.read(f"herts-advertiser/{DATASET}/hertfordshire-2016-17.ninjs.json"))
    assert ninjs["type"] == "text" and ninjs["headlines"][0]["value"] == stored.headline
    assert ninjs["version"] == str(stored.version) and ninjs["versioncreated"].endswith("Z")
    assert ninjs["places"][0]["name"] == "Hertfordshire"
    feed = ElementTree.fromstring(archive.read("herts-advertiser/feed.atom"))
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in feed.findall(f"{atom}entry")]
    assert titles == [stored.headline]


# The parts of IPTC ninjs 2.0 (www.iptc.org/std/ninjs/ninjs-schema_2.0.json) the export uses,
# written from the standard: no other top-level field is allowed there either.
DATE_TIMES = ("firstcreated", "versioncreated", "contentcreated", "embargoed")
NINJS_2 = {
    "type": "object", "required": ["uri"], "additionalProperties": False,
    "properties": {
        **{name: {"type": "string"} for name in (
            "uri", "profile", "version", "language", "by", "located", "usageterms")},
        **{name: {"type": "string"} for name in DATE_TIMES},
        "type": {"enum": ["text", "audio", "video", "picture", "graphic", "composite",
                          "component"]},
        "pubstatus": {"enum": ["usable", "withheld", "canceled"]},
        "headlines": {"type": "array", "items": {
            "type": "object", "required": ["value"], "additionalProperties": False,
            "properties": {k: {"type": "string"} for k in ("role", "contenttype", "value")}}},
        "bodies": {"type": "array", "items": {
            "type": "object", "required": ["value"], "additionalProperties": False,
            "properties": {**{k: {"type": "string"} for k in ("role", "contenttype", "value")},
                           "charcount": {"type": "number"}, "wordcount": {"type": "number"}}}},
        "places": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                              "properties": {k: {"type": "string"} for k in (
                                                  "name", "rel", "uri", "literal")}}},
        "infosources": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "properties": {k: {"type": "string"} for k in ("name", "role", "uri", "literal")}}},
        "altids": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "properties": {k: {"type": "string"} for k in ("role", "value")}}},
        "standard": {"type": "object", "additionalProperties": False,
                     "properties": {k: {"type": "string"} for k in ("name", "version", "schema")}},
    },
}


def test_ninjs_documents_are_valid_ninjs_2(desk_store):
    import jsonschema

    desk = Desk(desk_store)
    story = herts(desk)
    approve(desk, story.id)
    desk.set_embargo(story.id, now() - timedelta(hours=1), desk.story(story.id).version, "sam")
    archive = zipfile.ZipFile(io.BytesIO(export_zip(desk_store, with_charts=False).payload))
    document = json.loads(archive.read(f"localwire/{DATASET}/hertfordshire-2016-17.ninjs.json"))
    assert [e.message for e in jsonschema.Draft7Validator(NINJS_2).iter_errors(document)] == []
    for name in DATE_TIMES:       # RFC 3339 date-times, in UTC
        moment = datetime.fromisoformat(document[name].replace("Z", "+00:00"))
        assert moment.utcoffset() == timedelta(0), name
    assert document["standard"] == {"name": "ninjs", "version": "2.0", "schema":
                                    "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"}
    assert "embargoed" in document and document["located"] == "Hertfordshire"


def test_outlets_that_slug_alike_are_refused():
    with pytest.raises(ExportError, match="would share the folder 'herts-advertiser'"):
        outlet_folders(["Herts Advertiser", "Herts-Advertiser"])
    assert outlet_folders(["../../x", "Herts Advertiser"]) == {
        "../../x": "x", "Herts Advertiser": "herts-advertiser"}


def test_export_after_a_correction_holds_no_stale_story(desk_store, tmp_path):
    desk = Desk(desk_store)
    story = herts(desk)
    other = next(s for s in desk.stories(area="bedfordshire"))
    approve(desk, story.id)
    approve(desk, other.id)
    book = FactBook(desk_store, DATASET)
    value = book.value("hertfordshire", Period.parse("2016/17"), MEASURE).value
    corrected = tmp_path / "correction.csv"
    corrected.write_text("area,period,measure,breakdown,value,status,note,source\n"
                         f"Hertfordshire,2016/17,{MEASURE},,{int(value) + 7},reported,,"
                         "corrected reply\n", encoding="utf-8")
    import_file(desk_store, corrected, dataset=DATASET)
    # Every story quotes the national total, which sums Hertfordshire: both are stale now.
    with pytest.raises(ExportError, match="2 sent back to review because the data changed"):
        export_zip(desk_store)
    sent_back = desk.story(story.id)
    assert sent_back.review_state == "needs_review" and sent_back.audit[0]["action"] == "sent-back"
    assert "since replaced" in sent_back.audit[0]["detail"]["problems"][0]
    generate(desk_store, Pack.load(DATASET), actor="sam")
    revised = desk.story(story.id)
    assert f"{int(value) + 7:,}" in revised.pending["text"]
    desk.accept_revision(story.id, revised.pending["id"], revised.version, "sam")
    approve(desk, story.id)
    result = export_zip(desk_store)
    assert [s["id"] for s in result.manifest["stories"]] == [story.id]
    archive = zipfile.ZipFile(io.BytesIO(result.payload))
    text = archive.read(f"localwire/{DATASET}/hertfordshire-2016-17.md").decode()
    assert f"{int(value) + 7:,}" in text and not [n for n in archive.namelist()
                                                  if "bedfordshire" in n]


def test_embargo_keeps_a_story_out_of_export_and_feed_until_its_time(desk_store):
    desk = Desk(desk_store)
    story = herts(desk)
    other = next(s for s in desk.stories(area="bedfordshire"))
    for item in (story, other):
        approve(desk, item.id)
    until = now() + timedelta(hours=2)
    desk.set_embargo(story.id, until, desk.story(story.id).version, "sam")
    assert desk.story(story.id).review_state == "approved"      # an embargo is no edit
    early = export_zip(desk_store, at=until - timedelta(minutes=1))
    assert [e["id"] for e in early.embargoed] == [story.id]
    archive = zipfile.ZipFile(io.BytesIO(early.payload))
    feed = ElementTree.fromstring(archive.read("localwire/feed.atom"))
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title")
              for e in feed.findall("{http://www.w3.org/2005/Atom}entry")]
    assert titles == [desk.story(other.id).headline]
    assert not [n for n in archive.namelist() if "hertfordshire" in n]
    late = export_zip(desk_store, at=until + timedelta(minutes=1))
    archive = zipfile.ZipFile(io.BytesIO(late.payload))
    ninjs = json.loads(archive.read(f"localwire/{DATASET}/hertfordshire-2016-17.ninjs.json"))
    assert ninjs["embargoed"] == until.isoformat() + "Z"


def test_export_refuses_approved_text_changed_behind_the_desk(desk_store):
    desk = Desk(desk_store)
    story = herts(desk)
    approve(desk, story.id)
    with desk_store.transaction() as db:
        db.execute("UPDATE stories SET text = text || 'Tampered.' WHERE id = ?", [story.id])
    with pytest.raises(ExportError, match="1 sent back to review"):
        export_zip(desk_store)


def test_trend_chart_orders_periods_by_date_and_never_mixes_kinds(tmp_path, shared_data):
    with bundled_store(tmp_path / "ho.duckdb") as store:
        import_file(store, shared_data / "raw" /
                    "rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv",
                    dataset="police-recorded-crime", recipe="home-office-rolling-year")
        book = FactBook(store, "police-recorded-crime")
        gazetteer_of(store)
        kinds = {p.end_month for p in book.periods("recorded_crime")}
        assert kinds == {3, 6, 9, 12}                  # the table mixes kinds of year
        svg = charts.trend_chart(book, "cleveland", "recorded_crime", Period.parse("2016/17"))
    shown = re.findall(r'aria-label="period: ([^;]+); [^"]*area: Cleveland', svg)
    periods = [Period.parse(code) for code in dict.fromkeys(shown)]
    assert periods == sorted(periods) and len(periods) >= 15
    assert {p.end_month for p in periods} == {3}
    assert re.search(r"period: 2016/17; [^\"]*area: Cleveland; value: 50,901", svg)
    assert "Source: Home Office" in svg and "financial years" in svg
    narrow = charts.trend_chart(book, "cleveland", "recorded_crime", Period.parse("2017"),
                                size="narrow")
    assert "calendar years" in narrow and "YE 2017-06" not in narrow
    assert re.findall(r'font-size="(\d+)px"', narrow) and min(
        int(size) for size in re.findall(r'font-size="(\d+)px"', narrow)) >= 11


def test_the_cli_gets_the_store_while_the_desk_has_it_open(tmp_path, template):
    path = tmp_path / "shared.duckdb"
    shutil.copyfile(template, path)
    gate = Gate(path)
    with gate.use() as store:
        assert store.rows("SELECT count(*) AS n FROM desk_users")[0]["n"] == 1
    command = subprocess.Popen(
        [sys.executable, "-m", "localwire", "users", "add", "alex", "--db", str(path),
         "--password-stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    command.stdin.write(PASSWORD + "\n")
    command.stdin.close()
    stop = threading.Event()
    longest = 0.0

    def desk_traffic() -> None:
        nonlocal longest
        while not stop.is_set():
            began = time.monotonic()
            with gate.use() as store:
                store.rows("SELECT count(*) FROM stories")
            longest = max(longest, time.monotonic() - began)
            time.sleep(0.02)

    traffic = threading.Thread(target=desk_traffic)
    traffic.start()
    try:
        assert command.wait(timeout=120) == 0, command.stderr.read()
    finally:
        stop.set()
        traffic.join(timeout=60)
    idle = subprocess.run(                 # and with no request at all: the gate's watcher
        [sys.executable, "-m", "localwire", "users", "add", "kim", "--db", str(path),
         "--password-stdin"], input=PASSWORD + "\n", capture_output=True, text=True,
        timeout=120)
    assert idle.returncode == 0, idle.stderr
    with gate.use() as store:
        names = [r["name"] for r in store.rows("SELECT name FROM desk_users ORDER BY name")]
    gate.close()
    assert names == ["alex", "kim", "sam"]
    assert longest < 60       # desk requests wait only while the command holds the file
    assert not Path(f"{path}.wait").exists()


def test_cli_users_and_export(tmp_path, template):
    from localwire.cli import main

    path = tmp_path / "cli.duckdb"
    shutil.copyfile(template, path)
    with Store(path) as store:
        desk = Desk(store)
        approve(desk, herts(desk).id)
    out = tmp_path / "out" / "herts.zip"
    assert main(["export", "--db", str(path), "--out", str(out)]) == 0
    names = zipfile.ZipFile(out).namelist()
    assert f"localwire/{DATASET}/hertfordshire-2016-17.ninjs.json" in names
    assert main(["export", "--db", str(path), "--outlet", "Nobody", "--out",
                 str(tmp_path / "none.zip")]) == 1
    assert not (tmp_path / "none.zip").exists()
    short = subprocess.run([sys.executable, "-m", "localwire", "users", "add", "kim", "--db",
                            str(path), "--password-stdin"], input="short\n", text=True,
                           capture_output=True)
    assert short.returncode == 1 and "shorter than 10" in short.stderr
