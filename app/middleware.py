"""Pure ASGI middleware wrapped around every request: a body-size limit, security
headers on every response (error pages included), and a last-resort error page."""

import asyncio
import logging

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import DomainError, PayloadTooLarge, render_error

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
            await self.app(scope, self._limited(receive), send_with_headers)
        except Exception as exc:  # the last line of defence: log it, answer a plain error
            if started:
                raise
            error = PayloadTooLarge() if isinstance(exc, BodyTooLarge) else _internal_error(exc)
            response = render_error(Request(scope), error)
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

    def _limited(self, receive: Receive) -> Receive:
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # An HTTPException passes through FastAPI's body parsing unchanged.
                    raise HTTPException(413, "Request too large")
            return message

        return limited_receive


def _internal_error(exc: Exception) -> DomainError:
    log.exception("unhandled error", exc_info=exc)
    error = DomainError("Something went wrong on our side. It has been logged.")
    error.status_code = 500
    return error


class SQLiteWriteQueue:
    """On SQLite, one write request at a time per process, queued on the event loop.

    SQLite has a single writer. A write request takes the write lock when its first query
    runs, then needs further worker threads for the rest of its dependencies and handler. If
    every worker thread were taken by other writers waiting for that lock, the lock holder
    could not finish: all would wait out the busy timeout. Queueing writers here, where
    waiting costs no thread, keeps the threads free for the one writer that holds the lock
    (and for readers, which WAL never blocks).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.lock = asyncio.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        async with self.lock:
            await self.app(scope, receive, send)
