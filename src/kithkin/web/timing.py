"""How long the server took over each request, in a ``Server-Timing`` header (``app;dur=12.3``, in ms):
the browser's developer tools show it beside the network time, and ``bench/bench_web.py`` reads it to
tell time spent in the server from time spent on the wire or in the client."""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ServerTiming:
    """Add ``Server-Timing: app;dur=MS`` (from the request's arrival to the response's start) to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - started) * 1000
                message["headers"] = [*message.get("headers", []), (b"server-timing", f"app;dur={took:.1f}".encode())]
            await send(message)

        await self.app(scope, receive, timed)
