"""RequestObserver: a request id for every request (X-Request-ID, in and out), its metrics
(count and latency by route template and status) and one log line when it ends. ChooseLocale:
the language the request is answered in."""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policygraph import i18n
from policygraph.i18n import Locale, negotiate
from policygraph.logs import log, request_id
from policygraph.metrics import Metrics

VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
QUIET = {"/health", "/ready", "/metrics"}  # probes and scrapes log at debug level


class RequestObserver:
    def __init__(self, app: ASGIApp, metrics: Metrics | None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = offered if VALID_ID.match(offered) else uuid.uuid4().hex
        token = request_id.set(rid)
        status = 500
        started = time.perf_counter()

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope["method"]
            if self.metrics:
                self.metrics.requests.labels(method, route, str(status)).inc()
                self.metrics.request_seconds.labels(method, route, str(status)).observe(seconds)
            log.log(
                10 if scope["path"] in QUIET else 20,
                "request",
                extra={
                    "method": method,
                    "route": route,
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            request_id.reset(token)


class ChooseLocale:
    """The reader's language for everything a request answers (`policygraph.i18n.current`):
    `?lang=` first, then Accept-Language, then the `locale` setting. Answers say which
    (Content-Language) and that it depends on the header (Vary)."""

    def __init__(self, app: ASGIApp, default: Locale) -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        header = dict(scope["headers"]).get(b"accept-language", b"").decode("latin-1")
        locale = negotiate((query.get("lang") or [None])[0], header, self.default)
        token = i18n.current.set(locale)

        async def marked_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"content-language", locale.value.encode()), (b"vary", b"Accept-Language")]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, marked_send)
        finally:
            i18n.current.reset(token)
