"""Check any text: every claim marked supported, contradicted or unverifiable.

The check runs off the store: the dataset's checker (its facts loaded once per data version)
is fetched in a short unit of work, and the text is checked after it, so a 100 KB article
holds no connection while it is read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from localwire.web.pages import Protected, User, desktop, page

router = APIRouter()
MAX_CHECK_CHARS = 100_000


def _checker_available() -> bool:
    try:
        import localwire.check  # noqa: F401
    except ImportError:
        return False
    return True


@router.get("/check")
def check_form(request: Request, _user: User) -> Response:
    with desktop(request).store() as store:
        ids = store.dataset_ids()
    return page(request, "check.html", datasets=ids, available=_checker_available(),
                text="", report=None, segments=[], limit=MAX_CHECK_CHARS)


@router.post("/check", dependencies=Protected)
def check_submit(request: Request, _user: User, text: Annotated[str, Form()] = "",
                 dataset: Annotated[str, Form(max_length=200)] = "") -> Response:
    desk = desktop(request)
    with desk.store() as store:
        ids = store.dataset_ids()
        context: dict[str, Any] = {"datasets": ids, "available": _checker_available(),
                                   "text": text, "report": None, "segments": [],
                                   "limit": MAX_CHECK_CHARS, "chosen": dataset}
        if len(text) > MAX_CHECK_CHARS:
            return page(request, "check.html", 413, **{
                **context, "text": "", "error":
                f"The text is {len(text):,} characters; the limit is {MAX_CHECK_CHARS:,}."})
        if dataset and dataset not in ids:
            raise HTTPException(400, "Unknown dataset.")
        against = None
        if text.strip() and context["available"]:
            from localwire.check import best_dataset

            against = dataset or best_dataset(text, store)
    if against is not None:
        with desk.views.checking(against) as checker:     # off the store's gate
            report = checker.check(text).as_dict()
        report["claims"].sort(key=lambda c: (c["start"], -c["end"]))
        context["report"] = report
        context["segments"] = claim_segments(text, report["claims"])
    return page(request, "check.html", **context)


def claim_segments(text: str, claims: list[dict[str, Any]]) -> list[tuple[str, dict | None]]:
    """The text cut into plain pieces and claims (overlapping claims after the first dropped)."""
    segments: list[tuple[str, dict | None]] = []
    cursor = 0
    for number, claim in enumerate(sorted(claims, key=lambda c: (c["start"], -c["end"])), 1):
        if claim["start"] < cursor or claim["end"] > len(text):
            continue
        segments.append((text[cursor:claim["start"]], None))
        segments.append((text[claim["start"]:claim["end"]], {**claim, "number": number}))
        cursor = claim["end"]
    segments.append((text[cursor:], None))
    return segments
