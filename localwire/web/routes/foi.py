"""The FOI board: every campaign's requests, sortable, overdue highlighted, and a form per
request to record what happened (so nobody needs the CLI while the desk runs)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from localwire.desk import foi_board
from localwire.foi import FoiError
from localwire.web.pages import Protected, User, desktop, page

router = APIRouter()


def _board(request: Request, code: int = 200, **context: object) -> Response:
    today = date.today()
    with desktop(request).store() as store:
        boards = foi_board.boards(store, today)
    return page(request, "foi.html", code, boards=boards, today=today.isoformat(), **context)


@router.get("/foi")
def foi_page(request: Request, _user: User, done: str | None = None) -> Response:
    return _board(request, done=done, error=None)


@router.post("/foi/{campaign}/{force}", dependencies=Protected)
def foi_mark(request: Request, campaign: str, force: str, user: User,
             what: Annotated[str, Form(max_length=40)],
             on: Annotated[date | None, Form()] = None,
             sections: Annotated[str, Form(max_length=200)] = "") -> Response:
    today = date.today()
    cited = [s.strip() for s in sections.split(",") if s.strip()]
    try:
        with desktop(request).store() as store:
            name = foi_board.mark(store, campaign, force, what, on=on or today, today=today,
                                  sections=cited, actor=user)
    except FoiError as error:
        return _board(request, 400, done=None, error=error.problem.message)
    return RedirectResponse(f"/foi?done={name}", 303)
