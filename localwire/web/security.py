"""Request safety: a Host allow-list, a per-session CSRF token, an Origin/Referer check, body
size limits, headers.

- Host: only the names the desk was started for are served (Starlette's TrustedHostMiddleware,
  localhost names by default, `--allowed-host` adds one). A page on another domain that
  resolves to 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused, so it can
  neither read pages nor post forms.
- CSRF, with the standard library: each browser gets a random id (`secrets.token_urlsafe`) in an
  HttpOnly, SameSite=Strict cookie; the form token is HMAC-SHA256(app secret, that id), compared
  with `hmac.compare_digest`. Every POST must carry the token and an Origin (or, failing that,
  Referer) naming this very host, itself on the allow-list.
- Sign-in: the session token is a separate HttpOnly, SameSite=Strict cookie (`AUTH_COOKIE`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "lw_session"
AUTH_COOKIE = "lw_auth"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
MAX_BODY_BYTES = 1_000_000
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SECURITY_HEADERS = {
    "content-security-policy": ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                "script-src 'self'; object-src 'none'; base-uri 'none'; "
                                "form-action 'self'; frame-ancestors 'none'"),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


class Csrf:
    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)

    def token(self, session_id: str) -> str:
        return hmac.new(self.secret, session_id.encode(), hashlib.sha256).hexdigest()

    def valid(self, session_id: str | None, token: str | None) -> bool:
        if not session_id or not token:
            return False
        return hmac.compare_digest(self.token(session_id), token)


def same_origin(headers: dict[str, str], scheme: str) -> bool:
    """The request's Origin (or Referer) names the host it was sent to."""
    host = headers.get("host", "")
    origin = headers.get("origin")
    if origin and origin != "null":
        return origin == f"{scheme}://{host}"
    referer = headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        return parts.scheme == scheme and parts.netloc == host
    return False


def _cookie(raw: str, name: str) -> str | None:
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None


class GuardMiddleware:
    """Session cookie, body size limit, same-origin check on unsafe methods, security headers."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        session = _cookie(headers.get("cookie", ""), SESSION_COOKIE)
        new_session = None
        if session is None or len(session) > 100:
            session = new_session = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["session"] = session

        if scope["method"] in UNSAFE_METHODS:
            problem = self._refuse(headers, scope.get("scheme", "http"))
            if problem:
                status, message = problem
                await PlainTextResponse(message, status_code=status)(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    out.setdefault(key, value)
                if new_session:
                    out.append("set-cookie", f"{SESSION_COOKIE}={new_session}; Path=/; "
                                             "HttpOnly; SameSite=Strict")
            await send(message)

        await self.app(scope, self._limited(receive), send_with_headers)

    def _refuse(self, headers: dict[str, str], scheme: str) -> tuple[int, str] | None:
        length = headers.get("content-length")
        if length is None or not length.isdigit():
            return 411, "A length is required."
        if int(length) > self.max_body:
            return 413, f"Request too large (the limit is {self.max_body:,} bytes)."
        if not same_origin(headers, scheme):
            return 403, "Refused: the request did not come from this site."
        return None

    def _limited(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        return wrapped


class BodyTooLarge(Exception):
    pass
