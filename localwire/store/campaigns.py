"""Every FOI query: campaigns, requests, their dated events, replies and the dataset they feed.

Functions take the `Store` (reads) or an open transaction's connection `db` (writes), so a
caller can put several writes in one transaction. Rows come back as dicts; `localwire.foi`
turns them into its own types. Nothing here decides anything about a request's state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

from localwire.model.statuses import NO_REPLY, NOT_HELD, REFUSED, REPORTED

Row = dict[str, Any]
STATUS_WRITABLE = (REFUSED, NOT_HELD, NO_REPLY)   # statuses a request may write over each other


def _rows(db: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# -- campaigns and requests ------------------------------------------------------------------------
def campaign_row(store, name: str) -> Row | None:
    rows = store.rows("SELECT * FROM foi_campaigns WHERE name = ?", [name])
    return rows[0] if rows else None


def campaign_names(store) -> list[str]:
    return [r["name"] for r in store.rows("SELECT name FROM foi_campaigns ORDER BY id")]


def insert_campaign(db, *, name: str, question: str, question_file: str | None,
                    dataset: str | None, measures: list[str], periods: list[str],
                    requester: str | None, address: str | None) -> int:
    return db.execute(
        "INSERT INTO foi_campaigns (name, question_template, question_file, dataset, measures,"
        " periods, requester, requester_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [name, question, question_file, dataset, measures, periods, requester, address],
    ).fetchone()[0]


def insert_requests(db, campaign_id: int, forces_and_laws: Iterable[tuple[str, str]]) -> None:
    db.executemany("INSERT INTO foi_requests (campaign_id, force, foi_law) VALUES (?, ?, ?)",
                   [[campaign_id, force, law] for force, law in forces_and_laws])


def request_rows(store, campaign_id: int, forces: Sequence[str] | None = None) -> list[Row]:
    sql, params = "SELECT * FROM foi_requests WHERE campaign_id = ?", [campaign_id]
    if forces is not None:
        sql += " AND list_contains(?, force)"
        params.append(list(forces))
    return store.rows(sql + " ORDER BY force", params)


def set_reference(db, request_id: int, reference: str) -> None:
    db.execute("UPDATE foi_requests SET reference = ? WHERE id = ?", [reference, request_id])


# -- events ----------------------------------------------------------------------------------------
def event_rows(store, request_ids: Sequence[int]) -> dict[int, list[Row]]:
    """The events of each request (one query for a whole board), in the order entered."""
    found: dict[int, list[Row]] = {request_id: [] for request_id in request_ids}
    for row in store.rows("SELECT * FROM foi_request_events WHERE list_contains(?, request_id) "
                          "ORDER BY id", [list(request_ids)]):
        found[row["request_id"]].append(row)
    return found


def insert_event(db, request_id: int, *, kind: str, on_date, outcome: str | None,
                 sections: Sequence[str], until, reply_id: int | None, note: str | None) -> int:
    return db.execute(
        "INSERT INTO foi_request_events (request_id, kind, on_date, outcome, sections, until,"
        " reply_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [request_id, kind, on_date, outcome, list(sections), until, reply_id, note]).fetchone()[0]


# -- replies ---------------------------------------------------------------------------------------
def reply_rows(store, request_id: int) -> list[Row]:
    return store.rows("SELECT * FROM foi_replies WHERE request_id = ? ORDER BY id", [request_id])


def reply_by_hash(store, request_id: int, sha256: str) -> Row | None:
    rows = store.rows("SELECT * FROM foi_replies WHERE request_id = ? AND sha256 = ?",
                      [request_id, sha256])
    return rows[0] if rows else None


def insert_reply(db, request_id: int, *, sha256: str, filename: str, stored_path: str,
                 size_bytes: int) -> int:
    return db.execute(
        "INSERT INTO foi_replies (request_id, sha256, filename, stored_path, size_bytes) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        [request_id, sha256, filename, stored_path, size_bytes]).fetchone()[0]


def link_reply_import(db, request_id: int, reply_id: int, source_id: int) -> None:
    db.execute("INSERT INTO foi_reply_imports (request_id, reply_id, source_id) "
               "SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM foi_reply_imports "
               "WHERE reply_id = ? AND source_id = ?)",
               [request_id, reply_id, source_id, reply_id, source_id])


def reply_import_rows(store, request_id: int | None = None) -> list[Row]:
    if request_id is None:
        return store.rows("SELECT * FROM foi_reply_imports ORDER BY reply_id, source_id")
    return store.rows("SELECT * FROM foi_reply_imports WHERE request_id = ? "
                      "ORDER BY reply_id, source_id", [request_id])


def source_statuses(store, source_id: int) -> list[Row]:
    """What an import wrote, counted by (area, period, measure, status)."""
    return store.rows("SELECT area, period, measure, status, count(*) AS n FROM observations "
                      "WHERE source_id = ? GROUP BY ALL ORDER BY ALL", [source_id])


def source_notes(store, source_id: int, area: str) -> list[str]:
    """The notes on one area's observations from an import (where a reply cites sections)."""
    return [r["note"] for r in store.rows(
        "SELECT DISTINCT note FROM observations WHERE source_id = ? AND area = ? AND note IS NOT "
        "NULL ORDER BY note", [source_id, area])]


# -- the dataset a campaign feeds ------------------------------------------------------------------
def dataset_statuses(store, dataset: str, forces: Sequence[str], measures: Sequence[str] = (),
                     periods: Sequence[str] = ()) -> dict[str, set[str]]:
    """For each force, the statuses of its current observations in `dataset` (asked-for
    measures and periods only, when given)."""
    sql = ("SELECT area, list_distinct(list(status)) AS statuses FROM observations "
           "WHERE current AND dataset = ? AND list_contains(?, area)")
    params: list[Any] = [dataset, list(forces)]
    for column, values in (("measure", list(measures)), ("period", list(periods))):
        if values:
            sql += f" AND list_contains(?, {column})"
            params.append(values)
    found = {force: set() for force in forces}
    for row in store.rows(sql + " GROUP BY area", params):
        found[row["area"]] = set(row["statuses"])
    return found


def forces_with_figures(store, dataset: str, forces: Sequence[str], measures: Sequence[str] = (),
                        periods: Sequence[str] = ()) -> list[str]:
    statuses = dataset_statuses(store, dataset, forces, measures, periods)
    return sorted(force for force, found in statuses.items() if REPORTED in found)


def dataset_registered(db, dataset: str) -> bool:
    return db.execute("SELECT 1 FROM datasets WHERE id = ?", [dataset]).fetchone() is not None


def write_status_observations(db, *, dataset: str, force: str, request_id: int,
                              measures: Sequence[str], periods: Sequence[str], status: str,
                              note: str, cited: str) -> tuple[int, int]:
    """One `status` observation per measure and period asked for, linked to the request.

    A figure already in the store is never replaced; an earlier refused / not held / no reply
    status is replaced by a new version. The dataset must be registered. Returns (written,
    kept)."""
    written = kept = 0
    for measure in measures:
        for period in periods:
            current = db.execute(
                "SELECT id, status, version FROM observations WHERE current AND dataset = ? AND "
                "area = ? AND period = ? AND measure = ? AND breakdown = ''",
                [dataset, force, period, measure]).fetchone()
            if current and current[1] == status:
                continue
            if current and current[1] not in STATUS_WRITABLE:
                kept += 1
                continue
            if current:
                db.execute("UPDATE observations SET current = FALSE WHERE id = ?", [current[0]])
            observation_id = db.execute(
                "INSERT INTO observations (dataset, area, period, measure, breakdown, value, status,"
                " note, cited_source, source_place, version) VALUES (?, ?, ?, ?, '', NULL, ?, ?,"
                " ?, ?, ?) RETURNING id",
                [dataset, force, period, measure, status, note, cited, f"foi request {request_id}",
                 (current[2] if current else 0) + 1]).fetchone()[0]
            db.execute("INSERT INTO foi_status_observations VALUES (?, ?)",
                       [request_id, observation_id])
            written += 1
    return written, kept


def status_observation_rows(store, request_id: int | None = None) -> list[Row]:
    sql = ("SELECT s.request_id, o.* FROM foi_status_observations s JOIN observations o "
           "ON o.id = s.observation_id")
    if request_id is None:
        return store.rows(sql + " ORDER BY o.id")
    return store.rows(sql + " WHERE s.request_id = ? ORDER BY o.id", [request_id])
