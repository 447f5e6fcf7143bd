"""Which language a request is answered in, before any route runs: the switcher's cookie, else
the browser's Accept-Language, else English. A signed-in person's own setting overrides it once
they are identified (app.deps.identify). Responses say which language they speak."""

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import i18n


class LocaleMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookie = cookie_parser(headers.get("cookie", "")).get(i18n.LANGUAGE_COOKIE)
        i18n.set_current(i18n.negotiate(cookie=cookie, accept_language=headers.get("accept-language")))

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                # Read when the answer starts: by then a signed-in person's setting has applied.
                response_headers.setdefault("Content-Language", i18n.current())
                response_headers.add_vary_header("Accept-Language")
                response_headers.add_vary_header("Cookie")
            await send(message)

        await self.app(scope, receive, send_with_language)

