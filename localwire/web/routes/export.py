"""Export approved stories: the zip a CMS can trust (see localwire.desk.export)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from localwire.desk.export import build_zip, plan_export
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
    result = build_zip(plan, desk.views.book)   # formats and charts drawn off the store
    name = f"localwire-{slugify(outlet) if outlet else 'approved'}.zip"
    headers = {"content-disposition": f'attachment; filename="{name}"',
               "x-localwire-held-back": str(len(result.held)),
               "x-localwire-embargoed": str(len(result.embargoed))}
    return Response(result.payload, media_type="application/zip", headers=headers)
