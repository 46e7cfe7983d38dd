"""The review queue and a story's page: edit, flag, resolve, approve, revisions, embargo.

Every form carries the story's version; a stale one is answered 409 with what changed (and,
for an edit, the editor's own text kept in the box so nothing typed is lost)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.exceptions import HTTPException

from localwire.areas import gazetteer_of
from localwire.desk.review import (
    MAX_REASON_CHARS,
    MAX_STORY_CHARS,
    REVIEW_STATES,
    ReviewError,
    StaleVersion,
)
from localwire.web.pages import Protected, User, Version, desktop, page
from localwire.write.formats import to_html

router = APIRouter()
Note = Annotated[str, Form(max_length=MAX_REASON_CHARS)]


@router.get("/stories")
def stories(request: Request, _user: User,
            state: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    if state is not None and state not in REVIEW_STATES:
        raise HTTPException(400, "Unknown review state.")
    desk = desktop(request)
    with desk.store() as store:
        found = desk.desk(store).stories(state=state)
        areas = gazetteer_of(store).areas
    names = {s.area: areas[s.area].name for s in found if s.area in areas}
    return page(request, "stories.html", stories=found, names=names, state=state,
                states=REVIEW_STATES)


@router.get("/stories/{story_id}")
def story_page(request: Request, story_id: int, _user: User) -> Response:
    return story_view(request, story_id)


def story_view(request: Request, story_id: int, *, error: str | None = None, status: int = 200,
               stale: StaleVersion | None = None, draft: str | None = None) -> HTMLResponse:
    desk = desktop(request)
    with desk.store() as store:
        stored = desk.desk(store).story(story_id)
        area = gazetteer_of(store).areas.get(stored.area)
        html = Markup(to_html(stored.as_story(store), standalone=False))
    return page(request, "story.html", status, story=stored, html=html, area=area,
                dataset=stored.dataset, error=error, stale=stale, draft=draft, status=status,
                limit=MAX_STORY_CHARS)


def _act(request: Request, story_id: int, action: Any, *, draft: str | None = None) -> Response:
    """Run a desk action; answer with the story page, or 409 / 400 with the reason."""
    desk = desktop(request)
    try:
        with desk.store() as store:
            action(desk.desk(store))
    except StaleVersion as stale:
        return story_view(request, story_id, error=stale.problem.message, status=409,
                          stale=stale, draft=draft)
    except ReviewError as error:
        status = 409 if error.code == "approval-refused" else 400
        return story_view(request, story_id, error=error.problem.message, status=status,
                          draft=draft)
    return RedirectResponse(f"/stories/{story_id}", 303)


@router.post("/stories/{story_id}/approve", dependencies=Protected)
def approve(request: Request, story_id: int, user: User, version: Version) -> Response:
    return _act(request, story_id, lambda d: d.approve(story_id, version, user))


@router.post("/stories/{story_id}/flag", dependencies=Protected)
def flag(request: Request, story_id: int, user: User, version: Version, reason: Note) -> Response:
    return _act(request, story_id, lambda d: d.flag(story_id, reason, version, user))


@router.post("/stories/{story_id}/flags/{flag_id}/resolve", dependencies=Protected)
def resolve(request: Request, story_id: int, flag_id: int, user: User, version: Version,
            note: Note) -> Response:
    return _act(request, story_id, lambda d: d.resolve(story_id, flag_id, note, version, user))


@router.post("/stories/{story_id}/edit", dependencies=Protected)
def edit(request: Request, story_id: int, user: User, version: Version,
         text: Annotated[str, Form(max_length=MAX_STORY_CHARS)]) -> Response:
    return _act(request, story_id, lambda d: d.edit(story_id, text, version, user), draft=text)


@router.post("/stories/{story_id}/revisions/{revision_id}/{decision}", dependencies=Protected)
def decide(request: Request, story_id: int, revision_id: int, decision: str, user: User,
           version: Version) -> Response:
    if decision not in ("accept", "reject"):
        raise HTTPException(404, "Accept or reject a revision.")
    method = "accept_revision" if decision == "accept" else "reject_revision"
    return _act(request, story_id,
                lambda d: getattr(d, method)(story_id, revision_id, version, user))


@router.post("/stories/{story_id}/embargo", dependencies=Protected)
def embargo(request: Request, story_id: int, user: User, version: Version,
            until: Annotated[str, Form(max_length=40)] = "") -> Response:
    """Set (a UTC date and time, e.g. 2026-06-01T09:00) or clear (empty) the embargo."""
    moment = None
    if until.strip():
        try:
            moment = datetime.fromisoformat(until.strip()).replace(tzinfo=None)
        except ValueError:
            return story_view(request, story_id, status=400,
                              error=f"{until!r} is not a date and time (2026-06-01T09:00)")
    return _act(request, story_id, lambda d: d.set_embargo(story_id, moment, version, user))
