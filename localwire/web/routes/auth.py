"""Signing in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from localwire.desk import accounts
from localwire.web.pages import Protected, User, desktop, page
from localwire.web.security import AUTH_COOKIE

router = APIRouter()


def _safe_next(target: str | None) -> str:
    # Only a path on this site: "//evil.example" or "https://..." would leave it.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/datasets"
    return target


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    with desktop(request).store() as store:
        anyone = accounts.has_users(store)
    return page(request, "login.html", next=_safe_next(next), anyone=anyone, error=None)


@router.post("/login", dependencies=Protected)
def login(request: Request, name: Annotated[str, Form(max_length=40)],
          password: Annotated[str, Form(max_length=1000)],
          next: Annotated[str, Form(max_length=2000)] = "/datasets") -> Response:
    with desktop(request).store() as store:
        token = accounts.sign_in(store, name.strip().lower(), password)
    if token is None:
        return page(request, "login.html", 401, next=_safe_next(next), anyone=True,
                    error="That name and password do not match an account.", name=name)
    response = RedirectResponse(_safe_next(next), 303)
    response.set_cookie(AUTH_COOKIE, token, httponly=True, samesite="strict", path="/",
                        max_age=accounts.SESSION_HOURS * 3600)
    return response


@router.post("/logout", dependencies=Protected)
def logout(request: Request, _user: User) -> Response:
    token = request.cookies.get(AUTH_COOKIE, "")
    desk = desktop(request)
    with desk.store() as store:
        accounts.sign_out(store, token)
    desk.forget_session(token)
    response = RedirectResponse("/login", 303)
    response.delete_cookie(AUTH_COOKIE, path="/")
    return response
