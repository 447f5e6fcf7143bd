"""Pure ASGI middleware wrapped around every request: a body-size limit, refusal of NUL bytes
and invalid UTF-8, security headers on every response (error pages included), and a
last-resort error page."""

import asyncio
import logging
import re
from urllib.parse import unquote_to_bytes

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import BadRequest, DomainError, PayloadTooLarge, render_error
from app.i18n import N_, _

log = logging.getLogger("app.requests")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class BodyTooLarge(Exception):
    pass


class GuardMiddleware:
    """Reads the body first (at most `max_body_bytes`: else 413) and refuses NUL bytes and
    invalid UTF-8 anywhere in the path, query or body (400), before any route sees them.
    PostgreSQL cannot store NUL in text, and no field of this app takes binary data."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if scope.get("state", {}).get("signed_in"):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        try:
            if self._declared_length(scope) > self.max_body_bytes:
                raise BodyTooLarge
            body, ending = await self._read_body(receive)
            refusal = refuse_bad_text(scope, body)
            if refusal is not None:
                raise refusal
            await self.app(scope, _replay(body, ending, receive), send_with_headers)
        except Exception as exc:  # the last line of defence: log it, answer a plain error
            if started:
                raise
            response = render_error(Request(scope), _as_error(exc))
            await response(scope, receive, send_with_headers)

    @staticmethod
    def _declared_length(scope: Scope) -> int:
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0
        return 0

    async def _read_body(self, receive: Receive) -> tuple[bytes, Message | None]:
        """The whole body, and the message that ended it early (the client went away), if any."""
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return bytes(body), message
            body += message.get("body", b"")
            if len(body) > self.max_body_bytes:
                raise BodyTooLarge
            if not message.get("more_body", False):
                return bytes(body), None


def _replay(body: bytes, ending: Message | None, receive: Receive) -> Receive:
    """Hand the app the body read ahead, then the client's own messages (a disconnect)."""
    pending: list[Message] = [ending or {"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


# A JSON string escape of NUL: \u0000 after an even number of backslashes (\\u0000 is text).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
NUL_REFUSED = N_("The request contains a NUL byte, which no field accepts.")


def refuse_bad_text(scope: Scope, body: bytes) -> BadRequest | None:
    """A 400 for NUL bytes or invalid UTF-8 in the path, the query string or the body."""
    content_type = Headers(scope=scope).get("content-type", "").lower()
    is_json = not content_type or "json" in content_type  # FastAPI reads a body without a type as JSON
    is_form = content_type.startswith("application/x-www-form-urlencoded")
    if b"\x00" in body or (is_json and _JSON_NUL.search(body)):
        return BadRequest(_(NUL_REFUSED))
    path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    parts = [unquote_to_bytes(path), unquote_to_bytes(scope.get("query_string", b""))]
    if is_json or is_form or content_type.startswith("text/"):
        parts.append(unquote_to_bytes(body) if is_form else body)
    for part in parts:
        if b"\x00" in part:
            return BadRequest(_(NUL_REFUSED))
        try:
            part.decode("utf-8")
        except UnicodeDecodeError:
            return BadRequest(_("The request is not valid UTF-8."))
    return None


def _as_error(exc: Exception) -> DomainError:
    if isinstance(exc, BodyTooLarge):
        return PayloadTooLarge()
    if isinstance(exc, DomainError):
        return exc
    return _internal_error(exc)


def _internal_error(exc: Exception) -> DomainError:
    log.exception("unhandled error", exc_info=exc)
    error = DomainError(_("Something went wrong on our side. It has been logged."))
    error.status_code = 500
    return error


class RequestGate:
    """Admits at most `max_in_flight` requests per process, and on SQLite one writer at a time;
    the others wait on the event loop, where waiting costs no thread and no connection.

    Handlers run in worker threads and keep their database connection from their first query
    to the end of the request, across several thread hops. Were more requests in flight than
    the pool has connections, threads would block waiting for connections held by requests
    that themselves wait for a thread: the process would stall until the pool timeout.
    Likewise SQLite has a single writer: a writer holding the lock must never wait for a
    thread taken by other writers waiting for that lock.
    """

    def __init__(self, app: ASGIApp, *, max_in_flight: int, single_writer: bool) -> None:
        self.app = app
        self.slots = asyncio.Semaphore(max_in_flight)
        self.writer = asyncio.Lock() if single_writer else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with self.slots:
            if self.writer is None or scope["method"] in ("GET", "HEAD", "OPTIONS"):
                await self.app(scope, receive, send)
                return
            async with self.writer:
                await self.app(scope, receive, send)
