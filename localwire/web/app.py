"""Routes of the editor's desk."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException

from localwire import bundled
from localwire.areas import gazetteer_of
from localwire.desk.review import (
    MAX_STORY_CHARS,
    REVIEW_STATES,
    Desk,
    ReviewError,
    StoryNotFound,
    run_checker,
)
from localwire.errors import LocalwireError, StoreError, UnknownAreaError
from localwire.facts import FactBook
from localwire.model.periods import Period
from localwire.store import Store
from localwire.web import data
from localwire.web.security import Csrf, GuardMiddleware
from localwire.write.formats import to_html
from localwire.write.pack import Pack
from localwire.write.publish import slugify
from localwire.write.writer import Writer

MAX_CHECK_CHARS = 100_000
STATIC = Path(__file__).parent / "static"
log = logging.getLogger("localwire.web")


@dataclass
class Desktop:
    """Everything the routes share: the store, its lock, packs and cached writers."""

    store: Store
    lock: threading.RLock
    csrf: Csrf
    env: Environment
    packs: dict[str, Pack]
    writers: dict[tuple[str, tuple], Writer]
    written: dict[tuple, list[int]] = field(default_factory=dict)

    @contextmanager
    def locked(self) -> Iterator[Store]:
        with self.lock:
            yield self.store

    def data_version(self) -> tuple:
        return tuple(self.store.db.execute(
            "SELECT (SELECT count(*) FROM observations WHERE current),"
            " (SELECT max(id) FROM observations), (SELECT count(*) FROM areas)").fetchone())

    def writer(self, pack: Pack) -> Writer:
        key = (pack.id, self.data_version())
        if key not in self.writers:
            self.writers = {k: w for k, w in self.writers.items() if k[0] != pack.id}
            self.writers[key] = Writer(self.store, pack)
        return self.writers[key]

    def packs_for(self, dataset: str) -> list[Pack]:
        return [p for p in self.packs.values() if p.config.pack.dataset == dataset]


def create_app(store_path: str | Path, *, secret: bytes | None = None) -> FastAPI:
    """The app over one store file (created and migrated if new)."""
    store = Store(store_path)
    env = Environment(loader=PackageLoader("localwire.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = data.number
    env.filters["state_label"] = lambda s: s.replace("_", " ")
    desk = Desktop(store, threading.RLock(), Csrf(secret), env,
                   {p.name: Pack.load(p) for p in bundled.pack_dirs()}, {})
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        with desk.lock:
            store.close()

    app = FastAPI(title="localwire editor's desk", docs_url=None, redoc_url=None,
                  openapi_url=None, lifespan=lifespan)
    app.state.desk = desk
    app.add_middleware(GuardMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _error_pages(app)
    _routes(app)

    return app


# -- helpers -----------------------------------------------------------------------------------
def _desk(request: Request) -> Desktop:
    return request.app.state.desk


def page(request: Request, template: str, code: int = 200, **context: Any) -> HTMLResponse:
    desk = _desk(request)
    session = request.scope.get("state", {}).get("session", "")
    html = desk.env.get_template(template).render(
        request=request, csrf_token=desk.csrf.token(session), path=request.url.path, **context)
    return HTMLResponse(html, status_code=code)


def csrf_protected(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    session = request.scope.get("state", {}).get("session")
    if not _desk(request).csrf.valid(session, csrf_token):
        raise HTTPException(403, "The form has expired or did not come from this site. "
                                 "Reload the page and try again.")


Protected = [Depends(csrf_protected)]


def _error_pages(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> HTMLResponse:
        return page(request, "error.html", error.status_code, status=error.status_code,
                    message=error.detail)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> HTMLResponse:
        fields = sorted({str(e.get("loc", ["?"])[-1]) for e in error.errors()})
        return page(request, "error.html", 400, status=400,
                    message=f"Bad request: check {', '.join(fields)}.")

    @app.exception_handler(LocalwireError)
    async def localwire_error(request: Request, error: LocalwireError) -> HTMLResponse:
        status = 404 if isinstance(error, StoreError | UnknownAreaError | StoryNotFound) else 400
        return page(request, "error.html", status, status=status, message=error.problem.message,
                    hint=error.problem.hint)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> HTMLResponse:
        log.exception("unexpected error on %s", request.url.path)
        return page(request, "error.html", 500, status=500,
                    message="Something went wrong on our side. The error has been logged.")


def story_html(store: Store, stored: Any) -> Markup:
    # to_html escapes every piece of story text and every attribute value itself.
    return Markup(to_html(stored.as_story(store), standalone=False))


def _period(book: FactBook, measure: str, period: str | None) -> Period:
    if period:
        return Period.parse(period)
    best = data.best_period(book, measure)
    if best is None:
        raise HTTPException(404, f"No figures for {measure} in {book.dataset}.")
    return best


# -- routes ------------------------------------------------------------------------------------
def _routes(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        return RedirectResponse("/datasets", status_code=303)

    @app.get("/datasets", response_class=HTMLResponse)
    def datasets(request: Request) -> Response:
        with _desk(request).locked() as store:
            summaries = [data.summarise(store, d) for d in store.dataset_ids()]
        return page(request, "datasets.html", datasets=summaries)

    @app.get("/datasets/{dataset}", response_class=HTMLResponse)
    def dataset_page(request: Request, dataset: str, period: str | None = None) -> Response:
        with _desk(request).locked() as store:
            summary = data.summarise(store, dataset)
            book = FactBook(store, dataset)
            if summary.measure is None:
                raise HTTPException(404, "This dataset holds no figures yet.")
            chosen = _period(book, summary.measure, period)
            rows, breakdowns = data.dataset_rows(store, book, chosen, summary.measure)
            national = book.national(chosen, summary.measure)
            coverage = data.coverage_text(book, chosen, summary.measure)
            periods = book.periods(summary.measure)
        labels = {b: b.replace("_", " ") for b in breakdowns}
        return page(request, "dataset.html", summary=summary, period=chosen, periods=periods,
                    rows=[r for r in rows if r.kind == "force"],
                    aggregates=[r for r in rows if r.kind != "force"], breakdowns=breakdowns,
                    labels=labels, national=national, coverage=coverage)

    @app.get("/datasets/{dataset}/bar.svg")
    def bar_svg(request: Request, dataset: str, period: str,
                highlight: str | None = None) -> Response:
        from localwire.desk import charts

        with _desk(request).locked() as store:
            book = FactBook(store, dataset)
            summary_measure = data.main_measure(book.config, book)
            svg = charts.bar_chart(book, Period.parse(period), summary_measure, highlight)
        return Response(svg, media_type="image/svg+xml")

    @app.get("/datasets/{dataset}/areas/{slug}/trend.svg")
    def trend_svg(request: Request, dataset: str, slug: str) -> Response:
        from localwire.desk import charts

        with _desk(request).locked() as store:
            book = FactBook(store, dataset)
            area = gazetteer_of(store).resolve(slug)
            svg = charts.trend_chart(book, area.slug, data.main_measure(book.config, book))
        return Response(svg, media_type="image/svg+xml")

    @app.get("/datasets/{dataset}/areas/{slug}", response_class=HTMLResponse)
    def area_page(request: Request, dataset: str, slug: str) -> Response:
        desk = _desk(request)
        with desk.locked() as store:
            store.dataset(dataset)
            area = gazetteer_of(store).resolve(slug)
            if area.slug != slug:
                return RedirectResponse(f"/datasets/{dataset}/areas/{area.slug}", 303)
            sections = []
            for pack in desk.packs_for(dataset):
                sections.append(_pack_section(desk, store, pack, area))
        return page(request, "area.html", dataset=dataset, area=area, sections=sections)

    @app.post("/datasets/{dataset}/areas/{slug}/outlets", dependencies=Protected)
    def add_outlet(request: Request, dataset: str, slug: str,
                   outlet: Annotated[str, Form(max_length=100)],
                   pack: Annotated[str, Form(max_length=200)]) -> Response:
        desk = _desk(request)
        name = " ".join(outlet.split())
        if not name:
            raise HTTPException(400, "Give the outlet a name.")
        with desk.locked() as store:
            area = gazetteer_of(store).resolve(slug)
            chosen = desk.packs.get(pack)
            if chosen is None or chosen.config.pack.dataset != dataset:
                raise HTTPException(404, "No such story pack for this dataset.")
            review = Desk(store)
            for story in desk.writer(chosen).write_area(area, [name]):
                review.save_generated(story)
        return RedirectResponse(f"/datasets/{dataset}/areas/{area.slug}", 303)

    @app.get("/stories", response_class=HTMLResponse)
    def stories(request: Request, state: str | None = None) -> Response:
        if state is not None and state not in REVIEW_STATES:
            raise HTTPException(400, "Unknown review state.")
        with _desk(request).locked() as store:
            found = Desk(store).stories(state=state)
            names = {s.area: gazetteer_of(store).areas[s.area].name for s in found
                     if s.area in gazetteer_of(store).areas}
        return page(request, "stories.html", stories=found, names=names, state=state,
                    states=REVIEW_STATES)

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(request: Request, story_id: int, error: str | None = None) -> Response:
        return _story_view(request, story_id)

    @app.post("/stories/{story_id}/approve", dependencies=Protected)
    def approve(request: Request, story_id: int,
                actor: Annotated[str, Form(max_length=100)] = "editor") -> Response:
        with _desk(request).locked() as store:
            try:
                Desk(store).approve(story_id, actor or "editor")
            except ReviewError as error:
                return _story_view(request, story_id, error=error.problem.message, status=409)
        return RedirectResponse(f"/stories/{story_id}", 303)

    @app.post("/stories/{story_id}/flag", dependencies=Protected)
    def flag(request: Request, story_id: int,
             reason: Annotated[str, Form(max_length=1000)] = "",
             actor: Annotated[str, Form(max_length=100)] = "editor") -> Response:
        with _desk(request).locked() as store:
            try:
                Desk(store).flag(story_id, reason, actor or "editor")
            except ReviewError as error:
                return _story_view(request, story_id, error=error.problem.message, status=400)
        return RedirectResponse(f"/stories/{story_id}", 303)

    @app.post("/stories/{story_id}/edit", dependencies=Protected)
    def edit(request: Request, story_id: int,
             text: Annotated[str, Form(max_length=MAX_STORY_CHARS)],
             actor: Annotated[str, Form(max_length=100)] = "editor") -> Response:
        with _desk(request).locked() as store:
            Desk(store).edit(story_id, text, actor or "editor")
        return RedirectResponse(f"/stories/{story_id}", 303)

    @app.get("/check", response_class=HTMLResponse)
    def check_form(request: Request) -> Response:
        with _desk(request).locked() as store:
            ids = store.dataset_ids()
        return page(request, "check.html", datasets=ids, available=_checker_available(),
                    text="", report=None, segments=[], limit=MAX_CHECK_CHARS)

    @app.post("/check", response_class=HTMLResponse, dependencies=Protected)
    def check_submit(request: Request, text: Annotated[str, Form()] = "",
                     dataset: Annotated[str, Form(max_length=200)] = "") -> Response:
        with _desk(request).locked() as store:
            ids = store.dataset_ids()
            context = {"datasets": ids, "available": _checker_available(), "text": text,
                       "report": None, "segments": [], "limit": MAX_CHECK_CHARS,
                       "chosen": dataset}
            if len(text) > MAX_CHECK_CHARS:
                return page(request, "check.html", 413, **{
                    **context, "text": "", "error":
                    f"The text is {len(text):,} characters; the limit is {MAX_CHECK_CHARS:,}."})
            if dataset and dataset not in ids:
                raise HTTPException(400, "Unknown dataset.")
            report = run_checker(text, store, dataset=dataset or None) if text.strip() else None
        if report is not None:
            report["claims"].sort(key=lambda c: (c["start"], -c["end"]))
            context["report"] = report
            context["segments"] = claim_segments(text, report["claims"])
        return page(request, "check.html", **context)

    @app.get("/export", response_class=HTMLResponse)
    def export_page(request: Request) -> Response:
        with _desk(request).locked() as store:
            review = Desk(store)
            outlets = [(o, len(review.stories(state="approved", outlet=o)))
                       for o in review.approved_outlets()]
        return page(request, "export.html", outlets=outlets)

    @app.get("/export.zip")
    def export_zip(request: Request, outlet: str | None = None) -> Response:
        with _desk(request).locked() as store:
            payload = Desk(store).export_zip(outlet or None)
        name = f"localwire-{slugify(outlet) if outlet else 'approved'}.zip"
        return Response(payload, media_type="application/zip",
                        headers={"content-disposition": f'attachment; filename="{name}"'})

    @app.get("/foi", response_class=HTMLResponse)
    def foi_board(request: Request) -> Response:
        """The status board of every FOI campaign (read-only; `localwire foi` changes it)."""
        from localwire.foi import status_boards

        with _desk(request).locked() as store:
            boards = status_boards(store)
        return page(request, "foi.html", boards=boards)

    @app.get("/audit", response_class=HTMLResponse)
    def audit(request: Request) -> Response:
        with _desk(request).locked() as store:
            entries = Desk(store).audit(limit=500)
        return page(request, "audit.html", entries=entries)


def _checker_available() -> bool:
    try:
        import localwire.check  # noqa: F401
    except ImportError:
        return False
    return True


def _pack_section(desk: Desktop, store: Store, pack: Pack, area: Any) -> dict[str, Any]:
    review = Desk(store)
    writer = desk.writer(pack)
    stored_outlets = {s.outlet for s in review.stories(pack=pack.id, area=area.slug)
                      if s.period == writer.period.code}
    outlets = sorted(set(writer.outlets_for(area)) | stored_outlets)
    section: dict[str, Any] = {"pack": pack, "period": writer.period, "stories": [],
                               "missing": None}
    # The writer runs only when the data (or the outlets) changed since it last wrote here.
    key = (pack.id, area.slug, tuple(outlets), desk.data_version())
    if key not in desk.written:
        try:
            generated = writer.write_area(area, outlets)
        except LocalwireError as error:
            section["missing"] = error.problem.message
            return section
        desk.written[key] = [review.save_generated(story).id for story in generated]
    for story_id in desk.written[key]:
        stored = review.story(story_id)
        section["stories"].append({"stored": stored, "html": story_html(store, stored)})
    return section


def _story_view(request: Request, story_id: int, *, error: str | None = None,
                status: int = 200) -> HTMLResponse:
    with _desk(request).locked() as store:
        stored = Desk(store).story(story_id)
        area = gazetteer_of(store).areas.get(stored.area)
        dataset = Pack.load(stored.pack).config.pack.dataset
        html = story_html(store, stored)
    return page(request, "story.html", status, story=stored, html=html, area=area,
                dataset=dataset, error=error)


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
