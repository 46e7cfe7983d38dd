"""Export approved stories: the zip a CMS can trust (see localwire.desk.export)."""

from __future__ import annotations

import contextlib
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from localwire.desk.export import build_zip, dataset_of, plan_export
from localwire.web.pages import Protected, User, desktop, page
from localwire.write.publish import slugify

router = APIRouter()


@router.get("/export")
def export_page(request: Request, _user: User) -> Response:
    desk = desktop(request)
    with desk.store() as store:
        review = desk.desk(store)
        outlets = [(o, len(review.stories(state="approved", outlet=o)))
                   for o in review.approved_outlets()]
    return page(request, "export.html", outlets=outlets)


@router.post("/export.zip", dependencies=Protected)
def export_download(request: Request, _user: User,
                    outlet: Annotated[str, Form(max_length=100)] = "") -> Response:
    """A POST, since it may write: approved stories whose data changed go back to review
    (logged) and are left out."""
    desk = desktop(request)
    with desk.store() as store:           # checks and send-backs: a short unit of work
        plan = plan_export(store, outlet or None)
    with contextlib.ExitStack() as using:      # formats and charts drawn off the store
        books = {d: using.enter_context(desk.views.facts(d)) for d in sorted(
            {dataset_of(stored) for stored, _w, _n in plan.ready})}
        result = build_zip(plan, books.__getitem__)
    name = f"localwire-{slugify(outlet) if outlet else 'approved'}.zip"
    headers = {"content-disposition": f'attachment; filename="{name}"',
               "x-localwire-held-back": str(len(result.held)),
               "x-localwire-embargoed": str(len(result.embargoed))}
    return Response(result.payload, media_type="application/zip", headers=headers)
