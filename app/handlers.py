"""The HTTP interface's one mapping from failures to answers, shared by every route (the CLI's
twin is `policygraph.cli.errors`)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from urllib.parse import quote, unquote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from neo4j.exceptions import (
    ClientError,
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from starlette.requests import ClientDisconnect

from policygraph.admission import Busy
from policygraph.db import OutcomeUnknown
from policygraph.errors import Conflict, Failure, Invalid, NotFound, PreconditionFailed, kind_text, validation_text
from policygraph.i18n import Text, _, render
from policygraph.idempotency import KeyReused, Replay, pending
from policygraph.queries import DatabaseRefused, QueryFileError
from policygraph.services import names
from policygraph.services.changelog import Rehearsed
from policygraph.settings import NotConfigured

RETRY_AFTER_SECONDS = "5"
CLIENT_CLOSED = 499


def _unavailable(reason: Text | str) -> JSONResponse:
    return JSONResponse(
        {"detail": render(_("The graph database is unavailable: {reason}. Retry shortly.", reason=reason))},
        status_code=503,
        headers={"Retry-After": RETRY_AFTER_SECONDS},
    )


class AsciiJSONResponse(JSONResponse):
    """JSON with non-ASCII escaped: an answer that echoes input may hold a lone surrogate, which
    UTF-8 cannot encode; escaped, it is still valid JSON."""

    def render(self, content: object) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _answer(status: int) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def answer(_request: Request, exc: Exception) -> JSONResponse:
        body = exc.body() if isinstance(exc, Failure | Invalid) else {"detail": str(exc)}
        return JSONResponse(body, status_code=status)

    return answer


async def _by_name(request: Request, exc: NotFound) -> Response:
    """An id the graph lacks may be a name (services/names.py): one record by that name answers 307
    to the same path with its id (method and body kept); several answer 300 with the candidates;
    none, 404 with the nearest names as `suggestions`."""
    graph = getattr(request.app.state, "graph", None)
    found = None
    if graph is not None and exc.kind in names.COLLECTIONS:
        try:
            found = await names.find(graph, exc.kind, exc.key)
        except (ServiceUnavailable, SessionExpired, TransientError, ClientError, TimeoutError):
            found = None  # the name lookup is a courtesy: the 404 stands without it
    segments = request.url.path.split("/")
    at = next(
        (
            i
            for i in range(1, len(segments))
            if segments[i - 1] == names.COLLECTIONS.get(exc.kind) and unquote(segments[i]) == exc.key
        ),
        None,
    )
    if found is not None and len(found.matches) == 1 and at is not None:
        record = found.matches[0]
        segments[at] = quote(record["id"], safe="")
        location = "/".join(segments) + (f"?{request.url.query}" if request.url.query else "")
        detail = _("{kind} {key!r} is {id}", kind=kind_text(exc.kind), key=exc.key, id=record["id"])
        return JSONResponse(
            {"detail": render(detail), "match": record}, status_code=307, headers={"Location": location}
        )
    if found is not None and len(found.matches) > 1:
        detail = _(
            "{kind} {key!r} names more than one record; use one of their ids",
            kind=kind_text(exc.kind),
            key=exc.key,
        )
        candidates = found.matches[: names.MOST]
        more = len(found.matches) > names.MOST
        return JSONResponse({"detail": render(detail), "candidates": candidates, "more": more}, status_code=300)
    if found is not None:
        exc.suggestions = found.matches or found.nearest
    return JSONResponse(exc.body(), status_code=404)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def malformed(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{**error, "msg": render(validation_text(error))} for error in exc.errors()]
        return AsciiJSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)

    # The services' failures: the message, or the body the failure builds (every problem listed).
    for failure, status in ((PreconditionFailed, 412), (Conflict, 409), (Invalid, 422)):
        app.add_exception_handler(failure, _answer(status))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return await _by_name(request, exc)

    @app.exception_handler(ConstraintError)
    async def constraint(_request: Request, exc: ConstraintError) -> JSONResponse:
        return JSONResponse({"detail": render(_("Conflicts with existing data: {reason}", reason=exc.message))}, 409)

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    @app.exception_handler(TransientError)
    @app.exception_handler(ConnectionAcquisitionTimeoutError)  # every pooled connection is busy
    async def unavailable(_request: Request, exc: Exception) -> JSONResponse:
        return _unavailable(type(exc).__name__)

    @app.exception_handler(ClientDisconnect)
    async def gone(_request: Request, exc: ClientDisconnect) -> Response:
        # The client left before its body arrived: nothing was read, so nothing was written. 499
        # (nginx's "client closed request") is for the log; no one is there to receive it.
        return Response(status_code=CLIENT_CLOSED)

    @app.exception_handler(Replay)
    async def replay(_request: Request, exc: Replay) -> Response:
        return Response(exc.body, status_code=exc.status, headers={**exc.headers, "Idempotent-Replayed": "true"})

    @app.exception_handler(Rehearsed)
    async def rehearsed(_request: Request, exc: Rehearsed) -> JSONResponse:
        return JSONResponse(exc.impact.model_dump(mode="json"), status_code=200)

    @app.exception_handler(KeyReused)
    async def reused(_request: Request, exc: KeyReused) -> JSONResponse:
        message = render(exc.text)
        errors = [{"path": "Idempotency-Key", "message": message}]  # the documented 422 shape
        detail = render(_("{reason}; nothing was written", reason=exc.text))
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)

    @app.exception_handler(OutcomeUnknown)
    async def unknown(_request: Request, exc: OutcomeUnknown) -> JSONResponse:
        current = pending.get()
        return JSONResponse(
            {
                "detail": render(
                    _(
                        "The outcome of this write is unknown: the database did not confirm the commit "
                        "({reason}). It may have been written. Do not simply retry: send it again with the same "
                        "Idempotency-Key (a retry answers the first outcome and never writes twice), or look for "
                        "it in GET /api/v1/changes.",
                        reason=str(exc),
                    )
                ),
                "outcome": "unknown",
                "change": current.seq if current else None,
                "idempotency_key": current.key if current else None,
            },
            status_code=504,
        )

    @app.exception_handler(Busy)
    async def busy(_request: Request, exc: Busy) -> JSONResponse:
        return JSONResponse({"detail": render(exc.text)}, status_code=503, headers={"Retry-After": RETRY_AFTER_SECONDS})

    @app.exception_handler(TimeoutError)
    async def timed_out(_request: Request, exc: TimeoutError) -> JSONResponse:
        return _unavailable(_("it did not answer in time"))

    @app.exception_handler(NotConfigured)
    async def not_configured(_request: Request, exc: NotConfigured) -> JSONResponse:
        return _unavailable(str(exc))

    @app.exception_handler(QueryFileError)
    @app.exception_handler(DatabaseRefused)
    async def broken(_request: Request, exc: QueryFileError | DatabaseRefused) -> JSONResponse:
        # The server refused the query before running any of it, or the API refused to send it (the
        # database's schema is not the code's): nothing was written.
        reason = str(exc).rstrip(".")
        text = _("The service cannot answer this: {reason}. Nothing was written; tell its operator.", reason=reason)
        return JSONResponse({"detail": render(text)}, status_code=500)

    @app.exception_handler(ClientError)
    async def client_error(_request: Request, exc: ClientError) -> JSONResponse:
        if exc.code and "TransactionTimedOut" in exc.code:
            return _unavailable(_("the query exceeded its time limit"))
        raise exc
