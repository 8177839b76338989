"""What stands between the local server and anyone but the ESP at this laptop.

- The server listens on 127.0.0.1 only (``server.py``); a request whose Host is not
  127.0.0.1 or localhost (DNS rebinding: a web page whose name points at 127.0.0.1) is refused.
- The opening URL carries a one-time secret; it is exchanged for a session cookie (HttpOnly,
  SameSite=Strict) and is useless after that. Every other request needs the cookie.
- Every POST needs the session's CSRF token (a hidden field, or the ``X-CSRF-Token`` header) and
  an Origin (or Referer) that is this server.
- Answers never appear in a URL (pages are named by random handles), a log (the access log is
  off) or the browser's cache (``Cache-Control: no-store``).
- A session idle for longer than the configured time locks: its cookie stops working, and the
  terminal that runs the server prints a new one-time link.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

COOKIE = "ipsdocs_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})

SECURITY_HEADERS = [
    (b"cache-control", b"no-store"),
    (b"pragma", b"no-cache"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
]

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


@dataclass
class Guard:
    """The per-launch secrets: the opening key, the session, its CSRF token and its last activity."""

    port: int = 0
    idle_seconds: float = 15 * 60
    opening_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    session: str | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    last_seen: float = field(default_factory=time.monotonic)
    announce: Callable[[str], None] = field(default=lambda text: print(text, file=sys.stderr, flush=True))

    def opening_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/open?key={self.opening_key}"

    def open(self, key: str) -> str | None:
        """Exchange the one-time key for a new session; None when the key is wrong or used."""
        if not self.opening_key or not _same(key, self.opening_key):
            return None
        self.opening_key = ""
        self.session = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        self.last_seen = time.monotonic()
        return self.session

    def valid_session(self, cookie: str | None) -> bool:
        return bool(self.session and cookie and _same(cookie, self.session))

    def idle(self) -> bool:
        return time.monotonic() - self.last_seen > self.idle_seconds

    def lock(self) -> None:
        """End the session; a new one-time link is printed where the server runs."""
        self.session = None
        self.opening_key = secrets.token_urlsafe(32)
        self.announce(f"The browser session locked after {self.idle_seconds / 60:g} minutes without use.")
        self.announce(f"To continue, open: {self.opening_url()}")

    def allowed_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.hostname in LOCAL_HOSTS and (parts.port or 80) == self.port


def _same(given: str, secret: str) -> bool:
    """Constant-time comparison that any text (not only ASCII) can take part in."""
    return secrets.compare_digest(given.encode("utf-8", "replace"), secret.encode("utf-8"))


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _host_ok(host: str, guard: Guard) -> bool:
    name, _, port = host.rpartition(":") if ":" in host else (host, "", "")
    return name in LOCAL_HOSTS and (not port or port == str(guard.port))


async def _plain(send: Callable[[Any], Awaitable[None]], status: int, text: str, extra: list[Any] = ()) -> None:  # type: ignore[assignment]
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + SECURITY_HEADERS + list(extra)})
    await send({"type": "http.response.body", "body": body})


REFUSED = (
    "Refused. Open ipsdocs with the link that 'ipsdocs serve' printed in its terminal "
    "(it works once; a locked session prints a new one)."
)


class GuardMiddleware:
    """Host check, the opening exchange, the session cookie, CSRF and Origin on POST, no-store."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        guard = self.guard
        headers = _headers(scope)
        if not _host_ok(headers.get("host", ""), guard):
            await _plain(send, 403, "Refused: this server answers only to 127.0.0.1 or localhost.")
            return
        if scope["path"] == "/open":
            await self._open(scope, send)
            return
        cookie = SimpleCookie(headers.get("cookie", "")).get(COOKIE)
        if not guard.valid_session(cookie.value if cookie else None):
            await _plain(send, 403, REFUSED)
            return
        if guard.idle():
            guard.lock()
            await _plain(send, 403, "Locked after a time without use. " + REFUSED)
            return
        if scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin") or headers.get("referer", "")
            if not origin or not guard.allowed_origin(origin):
                await _plain(send, 403, "Refused: the request did not come from this page.")
                return
            receive = await _checked_csrf(receive, headers, guard)
            if receive is None:
                await _plain(
                    send, 403, "Refused: the form is out of date or did not come from ipsdocs; reload the page."
                )
                return
        guard.last_seen = time.monotonic()
        scope.setdefault("state", {})["csrf"] = guard.csrf

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as error:  # the details may hold a person's answers: never in the server's log
            if os.environ.get("IPSDOCS_DEBUG"):
                raise
            guard.announce(
                f"ipsdocs serve: a page failed ({error.__class__.__name__}); set IPSDOCS_DEBUG=1 for details."
            )
            with contextlib.suppress(RuntimeError):
                await _plain(send, 500, "Something went wrong on this page. Every answer given so far is in the draft.")

    async def _open(self, scope: Scope, send: Any) -> None:
        key = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("key") or [""])[0]
        session = self.guard.open(key)
        if session is None:
            await _plain(send, 403, REFUSED)
            return
        cookie = f"{COOKIE}={session}; HttpOnly; SameSite=Strict; Path=/".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [(b"location", b"/"), (b"set-cookie", cookie), (b"content-length", b"0"), *SECURITY_HEADERS],
            }
        )
        await send({"type": "http.response.body", "body": b""})


MAX_BODY = 2_000_000


async def _checked_csrf(receive: Any, headers: dict[str, str], guard: Guard) -> Any:
    """Read the body, check the token (header or form field), and hand the same body on; None if refused."""
    chunks = []
    size = 0
    more = True
    while more:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    body = b"".join(chunks)
    token = headers.get(CSRF_HEADER, "")
    if not token and headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        token = (parse_qs(body.decode("utf-8", "replace")).get(CSRF_FIELD) or [""])[0]
    if not token or not _same(token, guard.csrf):
        return None
    sent = False

    async def replay() -> Any:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
