"""Idempotency keys: a client that sends `Idempotency-Key` with a write can send it again (after a
timeout, a lost connection, an unknown outcome) and get the first outcome, never a second write.

- `remember` (a dependency of every write route, through `WriteKey`): a key seen before, for the
  same request, answers as it answered then (`Replay`); for another request, 422. A new key is
  held for the request (a context variable).
- `claim` (called by each write's transaction right after it takes the change log's lock):
  records the key with the change number in that very transaction, so a key exists exactly when
  its write committed. A retry that raced the first request finds it there and replays.
- `AnswerRecorder` (middleware): once a committed write has answered, keeps the answer on its key.
  Should that fail, a retry still learns the change number it committed as.

Keys live in the database (any API instance finds them) and expire after
`POLICYGRAPH_IDEMPOTENCY_HOURS` (24). A write answered with an error committed nothing and keeps
no key: its retry runs again.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Header, Request
from neo4j import AsyncManagedTransaction
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policygraph.db import Graph
from policygraph.errors import Failure
from policygraph.i18n import _, render
from policygraph.queries import named

CLAIM = named("idempotency/claim")
ANSWER = named("idempotency/answer")
FIND = named("idempotency/find")
CLAIM_JOB = named("idempotency/claim_job")
KEPT_HEADERS = ("content-type", "location", "etag")
MAX_KEPT_BODY = 256 * 1024  # answers larger than this are not kept; a retry gets the change number
log = logging.getLogger("policygraph")

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Any unique string (a UUID): a retry with the same key answers the first outcome and "
        "never writes twice. Keys expire after POLICYGRAPH_IDEMPOTENCY_HOURS (24).",
    ),
]


@dataclass
class Pending:
    """The key of the write under way, and the change it committed as (once claimed)."""

    id: str
    key: str
    fingerprint: str
    hours: float
    seq: int | None = None


pending: contextvars.ContextVar[Pending | None] = contextvars.ContextVar("idempotency", default=None)


class Replay(Exception):
    """The request was made before with this key: answer as then."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        super().__init__(f"replay of an earlier answer ({status})")
        self.status, self.body, self.headers = status, body, headers


class KeyReused(Failure):
    """The key was used before for a different request."""


def replay_of(row: dict[str, Any]) -> Replay:
    if row.get("status") is None:  # committed, but its answer was not kept
        body = json.dumps(
            {
                "detail": render(
                    _(
                        "This request was committed as change {change}; its first answer was not kept. "
                        "See GET /api/v1/changes?since={since}.",
                        change=row["seq"],
                        since=row["seq"] - 1,
                    )
                ),
                "change": row["seq"],
            }
        ).encode()
        return Replay(200, body, {"content-type": "application/json"})
    return Replay(row["status"], row["body"].encode(), json.loads(row["headers"] or "{}"))


async def remember(request: Request, actor: str, key: str | None) -> None:
    """Replay or refuse a key seen before; hold a new one for this request's transaction."""
    pending.set(None)
    if key is None:
        return
    body = await request.body()
    digest = hashlib.sha256()
    for part in (request.method, request.url.path, request.url.query, actor):
        digest.update(part.encode() + b"\0")
    digest.update(body)
    hours = request.app.state.settings.idempotency_hours
    current = Pending(id=f"{actor} {key}", key=key, fingerprint=digest.hexdigest(), hours=hours)
    graph: Graph = request.app.state.graph
    row = await graph.read_one(FIND, id=current.id)
    if row is not None:
        if row["fingerprint"] != current.fingerprint:
            raise KeyReused(
                _("Idempotency-Key {key!r} was used before for a different request; use a new key", key=key)
            )
        raise replay_of(row)
    pending.set(current)


async def claim(graph: Graph, tx: AsyncManagedTransaction, seq: int) -> None:
    """Record the pending key (if any) with its change number, in the write's own transaction."""
    current = pending.get()
    if current is None:
        return
    [row] = await graph.run_in(tx, CLAIM, id=current.id, fingerprint=current.fingerprint, seq=seq, hours=current.hours)
    if row["taken"]:  # a retry with this key committed first: this transaction rolls back
        await _answer_earlier(graph, tx, current, row["fingerprint"])
    current.seq = seq


async def claim_job(graph: Graph, tx: AsyncManagedTransaction, job_id: str, body: str, location: str) -> None:
    """Record the pending key (if any) with a job's 202 answer, in the transaction that creates the
    job; the key then answers for the job, and the job's own import claims none."""
    current = pending.get()
    if current is None:
        return
    headers = json.dumps({"content-type": "application/json", "location": location})
    [row] = await graph.run_in(
        tx,
        CLAIM_JOB,
        id=current.id,
        fingerprint=current.fingerprint,
        job=job_id,
        body=body,
        headers=headers,
        hours=current.hours,
    )
    if not row["ours"]:  # a retry with this key created its job first: this transaction rolls back
        await _answer_earlier(graph, tx, current, row["fingerprint"])


async def _answer_earlier(graph: Graph, tx: AsyncManagedTransaction, current: Pending, fingerprint: str) -> None:
    """The key was taken meanwhile: replay its answer, or refuse another request with it."""
    if fingerprint != current.fingerprint:
        raise KeyReused(
            _("Idempotency-Key {key!r} was used before for a different request; use a new key", key=current.key)
        )
    found = await graph.run_in(tx, FIND, id=current.id)
    raise replay_of(found[0])


class AnswerRecorder:
    """Keeps the answer of each committed write that came with an Idempotency-Key."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not any(name == b"idempotency-key" for name, _ in scope["headers"]):
            await self.app(scope, receive, send)
            return
        status = 0
        headers: dict[str, str] = {}
        body = bytearray()

        async def keep() -> None:
            current = pending.get()
            if current is None or current.seq is None or not 200 <= status < 300 or len(body) > MAX_KEPT_BODY:
                return
            try:
                graph: Graph = scope["app"].state.graph
                await graph.write(ANSWER, id=current.id, status=status, body=body.decode(), headers=json.dumps(headers))
            except Exception as exc:  # the write committed; a retry still learns its change number
                log.warning("could not keep the answer of change %s for its idempotency key: %s", current.seq, exc)

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    if name.decode().lower() in KEPT_HEADERS:
                        headers[name.decode().lower()] = value.decode()
            elif message["type"] == "http.response.body":
                if len(body) <= MAX_KEPT_BODY:
                    body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    # Kept before the answer's last byte leaves: a retry sent on receiving it finds it.
                    await keep()
            await send(message)

        await self.app(scope, receive, capture)
