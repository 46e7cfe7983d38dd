"""What every route shares: the desk's state, page rendering, sign-in and form checks."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from starlette.exceptions import HTTPException

from localwire.desk import accounts
from localwire.desk.datasets import Views
from localwire.desk.gate import Gate
from localwire.desk.review import Desk
from localwire.store import Store
from localwire.web.security import AUTH_COOKIE, Csrf
from localwire.write.pack import Pack

SESSION_RECHECK = 30.0  # seconds a signed-in session is trusted before the store is asked again
DATASET_ID = r"^[a-z0-9][a-z0-9_-]{0,99}$"
SLUG = r"^[a-z0-9][a-z0-9-]{0,99}$"


@dataclass
class Desktop:
    """Everything the routes share."""

    gate: Gate
    views: Views
    csrf: Csrf
    env: Environment
    packs: dict[str, Pack]
    _sessions: dict[str, tuple[str, float]] = field(default_factory=dict)
    _sessions_lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """This thread's store for one short unit of work; derived views refreshed."""
        with self.gate.use() as store:
            self.views.refresh(store)
            yield store

    def desk(self, store: Store) -> Desk:
        """The review desk, its claim checks reusing the loaded facts."""
        def checker(text: str, dataset: str | None, area: str | None,
                    period: str | None) -> dict[str, Any] | None:
            if not dataset:
                return None
            with self.views.checking(dataset) as found:
                if found is None:
                    return None
                return found.check(text, area=area, period=period).as_dict()
        return Desk(store, checker)

    def packs_for(self, dataset: str) -> list[Pack]:
        return [p for p in self.packs.values() if p.config.pack.dataset == dataset]

    def user_of(self, token: str | None) -> str | None:
        if not token:
            return None
        key = accounts.token_hash(token)
        with self._sessions_lock:
            known = self._sessions.get(key)
        if known and time.monotonic() - known[1] < SESSION_RECHECK:
            return known[0]
        with self.store() as store:
            user = accounts.user_of_session(store, token)
        with self._sessions_lock:
            if user:
                self._sessions[key] = (user, time.monotonic())
            else:
                self._sessions.pop(key, None)
        return user

    def forget_session(self, token: str) -> None:
        with self._sessions_lock:
            self._sessions.pop(accounts.token_hash(token), None)


def desktop(request: Request) -> Desktop:
    return request.app.state.desk


def page(request: Request, template: str, code: int = 200, **context: Any) -> HTMLResponse:
    desk = desktop(request)
    session = request.scope.get("state", {}).get("session", "")
    html = desk.env.get_template(template).render(
        request=request, csrf_token=desk.csrf.token(session), path=request.url.path,
        user=request.scope.get("state", {}).get("user"), **context)
    return HTMLResponse(html, status_code=code)


class SignInRequired(Exception):
    """Raised by `signed_in`; the app answers with the sign-in page (or 401 for a form)."""


def signed_in(request: Request) -> str:
    """The signed-in user's name (every action is attributed to it)."""
    user = desktop(request).user_of(request.cookies.get(AUTH_COOKIE))
    if user is None:
        raise SignInRequired
    request.scope.setdefault("state", {})["user"] = user
    return user


User = Annotated[str, Depends(signed_in)]


def csrf_protected(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    session = request.scope.get("state", {}).get("session")
    if not desktop(request).csrf.valid(session, csrf_token):
        raise HTTPException(403, "The form has expired or did not come from this site. "
                                 "Reload the page and try again.")


Protected = [Depends(csrf_protected)]
Version = Annotated[int, Form(ge=1)]
