"""The audit log: every action, who did it, and for edits the diff."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from localwire.web.pages import User, desktop, page

router = APIRouter()


@router.get("/audit")
def audit(request: Request, _user: User) -> Response:
    desk = desktop(request)
    with desk.store() as store:
        entries = desk.desk(store).audit(limit=500)
    return page(request, "audit.html", entries=entries)
