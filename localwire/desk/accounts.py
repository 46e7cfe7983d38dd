"""Local accounts of the editor's desk: names, argon2id password hashes, sessions.

    add_user(store, "sam", password)           # `localwire users add sam` prompts for it
    token = sign_in(store, "sam", password)    # None when the name or password is wrong
    user_of_session(store, token)              # "sam", until the session expires or signs out

Passwords are hashed with argon2-cffi's PasswordHasher (argon2id, salted, its default cost);
a session token is 32 random bytes, and only its sha256 is stored, so a copy of the store
does not hold a usable session.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from localwire.errors import LocalwireError
from localwire.store import Store
from localwire.store import stories as rows

SESSION_HOURS = 12
MIN_PASSWORD = 10
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the name is unknown, so a wrong name costs as long as a wrong
    password. Made on first use: an argon2 hash at import cost every command 0.2 s."""
    return _hasher.hash(secrets.token_urlsafe(16))


class AccountError(LocalwireError):
    code = "account"


def now() -> datetime:
    """UTC, without a zone (the store's TIMESTAMP columns)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _checked_name(name: str) -> str:
    if not NAME.match(name):
        raise AccountError(f"{name!r} is not a user name",
                           hint="lower-case letters, digits, '.', '_' or '-', up to 40")
    return name


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is shorter than {MIN_PASSWORD} characters")
    return password


def add_user(store: Store, name: str, password: str) -> None:
    _checked_name(name)
    digest = _hasher.hash(_checked_password(password))
    if rows.user_row(store, name) is not None:
        raise AccountError(f"there is already a user {name!r}",
                           hint="`localwire users passwd NAME` changes a password")
    with store.transaction() as db:
        rows.add_user(db, name, digest)


def set_password(store: Store, name: str, password: str) -> None:
    digest = _hasher.hash(_checked_password(password))
    with store.transaction() as db:
        if not rows.set_password(db, name, digest):
            raise AccountError(f"no user {name!r}")


def users(store: Store) -> list[dict]:
    return rows.user_rows(store)


def has_users(store: Store) -> bool:
    return bool(rows.user_rows(store))


def verify_password(store: Store, name: str, password: str) -> bool:
    row = rows.user_row(store, name)
    try:
        _hasher.verify(row["password_hash"] if row else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return row is not None and not row["disabled"]


def sign_in(store: Store, name: str, password: str) -> str | None:
    """A new session token for the user, or None when the name or password is wrong."""
    if not verify_password(store, name, password):
        return None
    token = secrets.token_urlsafe(32)
    with store.transaction() as db:
        rows.delete_expired_sessions(db, now())
        rows.add_session(db, token_hash(token), name, now() + timedelta(hours=SESSION_HOURS))
    return token


def user_of_session(store: Store, token: str | None) -> str | None:
    if not token or len(token) > 100:
        return None
    return rows.session_user(store, token_hash(token), now())


def sign_out(store: Store, token: str) -> None:
    with store.transaction() as db:
        rows.delete_session(db, token_hash(token))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
