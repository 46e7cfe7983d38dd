"""Where each observation came from, stored as what it is (migration 011): a tidy CSV's line
as an integer `source_line`, any other place as `source_place`, read as `source_location`.
A store built by the migrations before 011 upgrades without changing a single location."""

import shutil
from pathlib import Path

import localwire.store as store_module
from localwire.importing import import_file
from localwire.store import Store

OLD_PLACES = [  # as stores built before 011 hold them
    "row 2", "row 1000001", "Sheet1!C7", "page 2 table 1 row 4", "foi request 3",
    "derived: obs 1 + obs 2", "row 07", "row 0", "row", "row 2 column C", None]


def old_store(tmp_path, monkeypatch) -> Path:
    """A store file built by migrations 001 to 008 only, with observations at OLD_PLACES."""
    old = tmp_path / "old-migrations"
    old.mkdir()
    for script in sorted(Path(str(store_module.MIGRATIONS)).glob("00[1-8]_*.sql")):
        shutil.copy(script, old / script.name)
    monkeypatch.setattr(store_module, "MIGRATIONS", old)
    path = tmp_path / "old.duckdb"
    with Store(path) as before:
        assert before.schema_version() == 8
        before.db.execute(
            "INSERT INTO observations (dataset, area, period, measure, value, status, "
            "source_location, version, current) SELECT 'd', 'kent', '2016/17', 'm' || i, i, "
            "'reported', place, 1 + i % 2, i % 2 = 0 FROM (SELECT unnest(?::VARCHAR[]) AS "
            "place, unnest(range(?)) AS i) ORDER BY i", [OLD_PLACES, len(OLD_PLACES)])
    monkeypatch.undo()
    return path


def test_an_old_store_upgrades_with_every_location_unchanged(tmp_path, monkeypatch):
    path = old_store(tmp_path, monkeypatch)
    with Store(path) as after:
        assert after.schema_version() == 11
        rows = after.rows("SELECT id, measure, value, version, current, source_location, "
                          "source_line, source_place FROM observations ORDER BY id")
        constraints = after.rows("SELECT constraint_type FROM duckdb_constraints() "
                                 "WHERE table_name = 'observations'")
        after.db.execute("INSERT INTO observations (dataset, area, period, measure, status, "
                         "source_line) VALUES ('d', 'kent', '2017/18', 'm', 'reported', 5)")
        newest = after.rows("SELECT id, source_location FROM observations ORDER BY id DESC "
                            "LIMIT 1")[0]
    assert [r["source_location"] for r in rows] == OLD_PLACES
    assert [r["id"] for r in rows] == list(range(1, len(OLD_PLACES) + 1))
    assert [(r["measure"], r["value"], r["version"], r["current"]) for r in rows] == [
        (f"m{i}", i, 1 + i % 2, i % 2 == 0) for i in range(len(OLD_PLACES))]
    # only a plain "row N" became a line; "row 07" would not read back the same
    assert [r["source_line"] for r in rows][:3] == [2, 1000001, None]
    assert [r["source_place"] for r in rows if r["source_line"] is not None] == [None, None]
    assert "PRIMARY KEY" not in {c["constraint_type"] for c in constraints}
    assert newest == {"id": len(OLD_PLACES) + 1, "source_location": "row 5"}


def test_an_upgraded_store_imports_and_versions_as_before(tmp_path, monkeypatch):
    path = old_store(tmp_path, monkeypatch)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("area,period,measure,value\n\nKent,2016/17,offences,12\n"
                     "Herts,2016/17,offences,7\n", encoding="utf-8")
    second.write_text("area,period,measure,value\nKent,2016/17,offences,13\n"
                      "Herts,2016/17,offences,7\n", encoding="utf-8")
    with Store(path) as store:
        import_file(store, first, dataset="test")
        changed = import_file(store, second, dataset="test")
        rows = store.rows("SELECT area, value, version, current, source_location, source_line, "
                          "source_place FROM observations WHERE dataset = 'test' ORDER BY id")
    assert len(changed.changes) == 1 and changed.added == 1
    assert sorted((r["area"], r["value"], r["version"], r["current"], r["source_location"])
                  for r in rows) == [
        ("hertfordshire", 7, 1, True, "row 4"),          # the blank line 2 is counted
        ("kent", 12, 1, False, "row 3"), ("kent", 13, 2, True, "row 2")]
    assert {(r["source_line"], r["source_place"]) for r in rows} == {(4, None), (3, None),
                                                                      (2, None)}


def test_a_recipe_place_is_kept_as_text(store, tmp_path):
    """A place that is not a line of a tidy file (here a derived band) is stored as written."""
    path = tmp_path / "a.csv"
    path.write_text("area,period,measure,value\nKent,2016/17,offences,12\n", encoding="utf-8")
    import_file(store, path, dataset="test")
    store.db.execute("INSERT INTO observations (dataset, area, period, measure, status, "
                     "source_place) VALUES ('test', 'kent', '2017/18', 'x', 'refused', "
                     "'foi request 3')")
    assert store.rows("SELECT source_location FROM observations ORDER BY id") == [
        {"source_location": "row 2"}, {"source_location": "foi request 3"}]
