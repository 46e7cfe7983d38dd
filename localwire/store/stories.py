"""Queries of stories under review, their texts, flags, revisions, the audit log and the desk's
users and sessions. `localwire.desk` holds the rules; this module only reads and writes rows.

Writes take the open transaction (`db`) so that a desk action and its audit row commit together.
`update_story` is the optimistic lock: it changes a row only when its version is the one the
caller read, and bumps the version, so two editors cannot both win.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from localwire.store import Store

STORY_COLUMNS = ("text", "generated_text", "previous_text", "figures", "generated_figures",
                 "verification", "review_state", "flag_reason", "edited", "dataset",
                 "approved_version", "approved_sha256", "approved_by", "approved_at",
                 "embargo_until")


# -- stories ---------------------------------------------------------------------------------
def story_row(store: Store, story_id: int) -> dict[str, Any] | None:
    rows = store.rows("SELECT * FROM stories WHERE id = ?", [story_id])
    return rows[0] if rows else None


def find_story(store: Store, pack: str, area: str, outlet: str,
               period: str) -> dict[str, Any] | None:
    rows = store.rows("SELECT * FROM stories WHERE pack = ? AND area = ? AND outlet = ? "
                      "AND period = ?", [pack, area, outlet, period])
    return rows[0] if rows else None


def story_rows(store: Store, **equal: Any) -> list[dict[str, Any]]:
    """Stories whose columns equal the values given (None: any), by area, outlet and id."""
    where, params = [], []
    for column, value in equal.items():
        if column not in {"pack", "area", "outlet", "period", "review_state", "dataset"}:
            raise ValueError(f"cannot select stories by {column}")
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    sql = "SELECT * FROM stories" + (" WHERE " + " AND ".join(where) if where else "")
    return store.rows(sql + " ORDER BY area, outlet, id", params)


def story_heads(store: Store, pack: str, area: str) -> list[dict[str, Any]]:
    """What a list of stories shows, without their texts and figures (cheap to read)."""
    return store.rows("SELECT id, pack, area, outlet, period, version, review_state, edited "
                      "FROM stories WHERE pack = ? AND area = ? ORDER BY outlet, id",
                      [pack, area])


def insert_story(db: Any, key: list[str], dataset: str | None, text: str,
                 figures: list[dict[str, Any]], verification: dict[str, Any]) -> int:
    return db.execute(
        "INSERT INTO stories (pack, area, outlet, period, dataset, text, generated_text, figures,"
        " generated_figures, verification) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [*key, dataset, text, text, json.dumps(figures), json.dumps(figures),
         json.dumps(verification)]).fetchone()[0]


def update_story(db: Any, story_id: int, version: int, **values: Any) -> int | None:
    """Set columns of a story read at `version`; returns the new version, or None when the
    story changed since (or does not exist)."""
    unknown = set(values) - set(STORY_COLUMNS)
    if unknown:
        raise ValueError(f"unknown story columns: {', '.join(sorted(unknown))}")
    sets = [f"{column} = ?" for column in values]
    params = [json.dumps(v) if column in ("figures", "generated_figures", "verification")
              else v for column, v in values.items()]
    found = db.execute(
        "UPDATE stories SET " + ", ".join([*sets, "version = version + 1",
                                           "updated_at = current_timestamp"])
        + " WHERE id = ? AND version = ? RETURNING version",
        [*params, story_id, version]).fetchone()
    return found[0] if found else None


def approved_outlets(store: Store) -> list[str]:
    return [r["outlet"] for r in store.rows(
        "SELECT DISTINCT outlet FROM stories WHERE review_state = 'approved' ORDER BY outlet")]


# -- texts -----------------------------------------------------------------------------------
def add_text(db: Any, story_id: int, version: int, text: str, sha256: str, by: str,
             how: str) -> None:
    db.execute("INSERT INTO story_texts (story_id, version, text, sha256, made_by, how) "
               "VALUES (?, ?, ?, ?, ?, ?)", [story_id, version, text, sha256, by, how])


def text_at(store: Store, story_id: int, version: int) -> str | None:
    """The story's text as it stood at `version`."""
    rows = store.rows("SELECT text FROM story_texts WHERE story_id = ? AND version <= ? "
                      "ORDER BY version DESC, id DESC LIMIT 1", [story_id, version])
    return rows[0]["text"] if rows else None


# -- flags -----------------------------------------------------------------------------------
def add_flag(db: Any, story_id: int, reason: str, by: str) -> int:
    return db.execute("INSERT INTO story_flags (story_id, reason, raised_by) VALUES (?, ?, ?) "
                      "RETURNING id", [story_id, reason, by]).fetchone()[0]


def resolve_flag(db: Any, story_id: int, flag_id: int, note: str, by: str) -> bool:
    found = db.execute(
        "UPDATE story_flags SET resolved_by = ?, resolved_at = current_timestamp, "
        "resolution = ? WHERE id = ? AND story_id = ? AND resolved_at IS NULL RETURNING id",
        [by, note, flag_id, story_id]).fetchone()
    return found is not None


def flags(store: Store, story_id: int) -> list[dict[str, Any]]:
    return store.rows("SELECT * FROM story_flags WHERE story_id = ? ORDER BY id", [story_id])


def open_flag_count(db: Any, story_id: int) -> int:
    return db.execute("SELECT count(*) FROM story_flags WHERE story_id = ? AND "
                      "resolved_at IS NULL", [story_id]).fetchone()[0]


# -- revisions -------------------------------------------------------------------------------
def add_revision(db: Any, story_id: int, text: str, figures: list[dict[str, Any]],
                 verification: dict[str, Any], reason: str, by: str) -> int:
    """A pending revision; an older pending one is superseded."""
    db.execute("UPDATE story_revisions SET status = 'superseded', decided_by = ?, "
               "decided_at = current_timestamp WHERE story_id = ? AND status = 'pending'",
               [by, story_id])
    return db.execute(
        "INSERT INTO story_revisions (story_id, text, figures, verification, reason, made_by) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [story_id, text, json.dumps(figures), json.dumps(verification), reason, by]).fetchone()[0]


def revisions(store: Store, story_id: int) -> list[dict[str, Any]]:
    rows = store.rows("SELECT * FROM story_revisions WHERE story_id = ? ORDER BY id DESC",
                      [story_id])
    for row in rows:
        row["figures"] = json.loads(row["figures"])
        row["verification"] = json.loads(row["verification"] or "{}")
    return rows


def decide_revision(db: Any, story_id: int, revision_id: int, status: str, by: str) -> bool:
    found = db.execute(
        "UPDATE story_revisions SET status = ?, decided_by = ?, decided_at = current_timestamp "
        "WHERE id = ? AND story_id = ? AND status = 'pending' RETURNING id",
        [status, by, revision_id, story_id]).fetchone()
    return found is not None


# -- audit -----------------------------------------------------------------------------------
def log(db: Any, story_id: int | None, action: str, actor: str, detail: dict[str, Any]) -> None:
    db.execute("INSERT INTO audit_log (story_id, action, actor, detail) VALUES (?, ?, ?, ?)",
               [story_id, action, actor, json.dumps(detail, default=str)])


def audit_rows(store: Store, story_id: int | None = None, limit: int = 500) -> list[dict]:
    sql = "SELECT id, logged_at, story_id, action, actor, detail FROM audit_log"
    params: list[Any] = []
    if story_id is not None:
        sql += " WHERE story_id = ?"
        params.append(story_id)
    rows = store.rows(sql + " ORDER BY id DESC LIMIT ?", [*params, int(limit)])
    for row in rows:
        row["detail"] = json.loads(row["detail"]) if row["detail"] else {}
    return rows


# -- users and sessions ----------------------------------------------------------------------
def add_user(db: Any, name: str, password_hash: str) -> None:
    db.execute("INSERT INTO desk_users (name, password_hash) VALUES (?, ?)", [name, password_hash])


def set_password(db: Any, name: str, password_hash: str) -> bool:
    found = db.execute("UPDATE desk_users SET password_hash = ? WHERE name = ? RETURNING name",
                       [password_hash, name]).fetchone()
    return found is not None


def user_row(store: Store, name: str) -> dict[str, Any] | None:
    rows = store.rows("SELECT * FROM desk_users WHERE name = ?", [name])
    return rows[0] if rows else None


def user_rows(store: Store) -> list[dict[str, Any]]:
    return store.rows("SELECT name, created_at, disabled FROM desk_users ORDER BY name")


def add_session(db: Any, token_sha256: str, user: str, expires_at: datetime) -> None:
    db.execute("INSERT INTO desk_sessions (token_sha256, user_name, expires_at) VALUES (?, ?, ?)",
               [token_sha256, user, expires_at])


def session_user(store: Store, token_sha256: str, now: datetime) -> str | None:
    rows = store.rows(
        "SELECT s.user_name FROM desk_sessions s JOIN desk_users u ON u.name = s.user_name "
        "WHERE s.token_sha256 = ? AND s.expires_at > ? AND NOT u.disabled", [token_sha256, now])
    return rows[0]["user_name"] if rows else None


def delete_session(db: Any, token_sha256: str) -> None:
    db.execute("DELETE FROM desk_sessions WHERE token_sha256 = ?", [token_sha256])


def delete_expired_sessions(db: Any, now: datetime) -> None:
    db.execute("DELETE FROM desk_sessions WHERE expires_at <= ?", [now])
