"""The editor's desk app: middleware, error pages and the routes of each page family."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from localwire import bundled
from localwire.desk.datasets import Views, number
from localwire.desk.gate import Gate, StoreBusy
from localwire.desk.review import ApprovalRefused, StaleVersion, StoryNotFound
from localwire.errors import LocalwireError, StoreError, UnknownAreaError
from localwire.web.pages import Desktop, SignInRequired, page
from localwire.web.routes import audit, auth, check, datasets, export, foi, stories
from localwire.web.security import LOCAL_HOSTS, Csrf, GuardMiddleware
from localwire.write.pack import Pack

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("localwire.web")


def create_app(store_path: str | Path, *, secret: bytes | None = None,
               allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The app over one store file (created and migrated if new). Only requests whose Host is
    a localhost name or one of `allowed_hosts` are served."""
    env = Environment(loader=PackageLoader("localwire.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = number
    env.filters["state_label"] = lambda s: s.replace("_", " ")
    env.filters["when"] = lambda d: d.strftime("%d %b %Y %H:%M") if d else ""
    gate = Gate(store_path)
    desk = Desktop(gate, Views(gate), Csrf(secret), env,
                   {p.name: Pack.load(p) for p in bundled.pack_dirs()})

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        gate.close()

    app = FastAPI(title="localwire editor's desk", docs_url=None, redoc_url=None,
                  openapi_url=None, lifespan=lifespan)
    app.state.desk = desk
    app.add_middleware(GuardMiddleware)
    app.add_middleware(TrustedHostMiddleware,
                       allowed_hosts=[*LOCAL_HOSTS, *(h.strip().lower() for h in allowed_hosts)])
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _error_pages(app)
    for module in (auth, datasets, stories, check, export, foi, audit):
        app.include_router(module.router)
    return app


def _status_of(error: LocalwireError) -> int:
    if isinstance(error, StoreBusy):
        return 503
    if isinstance(error, StoreError | UnknownAreaError | StoryNotFound):
        return 404
    if isinstance(error, StaleVersion | ApprovalRefused):
        return 409
    return 400


def _error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, _error: SignInRequired) -> Response:
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", 303)
        return page(request, "error.html", 401, status=401,
                    message="Sign in to do that (your session may have expired).")

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
        status = _status_of(error)
        return page(request, "error.html", status, status=status, message=error.problem.message,
                    hint=error.problem.hint)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> HTMLResponse:
        log.exception("unexpected error on %s", request.url.path)
        return page(request, "error.html", 500, status=500,
                    message="Something went wrong on our side. The error has been logged.")
