"""The change log's unit of work: the one way anything is written.

Every write (an edit, an import, a bulk load) is one managed write transaction that takes the
change log's lock and the next change number (`write/begin`), claims the request's
Idempotency-Key, writes, marks suspect the links into documents whose substance it changed, and
records itself as one `(:Change)`. A refusal raises before the commit, so it writes nothing.

Edits and imports take the lock first, so checks inside the transaction cannot race another
write. A bulk load takes it last (`lock_first=False`): it only creates new ids, which the
uniqueness constraints guard, so loads of different frameworks write side by side.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from neo4j import AsyncManagedTransaction
from pydantic import BaseModel

from policygraph import idempotency
from policygraph.db import Graph
from policygraph.queries import named

T = TypeVar("T")

BEGIN = named("write/begin")
RECORD = named("write/record")
MARK_SUSPECT = named("write/mark_suspect")

BATCH_SIZE = 5000
SUBSTANCE = ("title", "status", "effective_from", "effective_until")  # a change here makes dependents suspect


@dataclass(frozen=True)
class Touched:
    """The records a write is about to change, by kind (`Kind.section`), and their frameworks."""

    documents: frozenset[str] = frozenset()
    pillars: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    frameworks: frozenset[str] = frozenset()

    @classmethod
    def of(cls, section: str, keys: Iterable[str], framework: str | None = None) -> Touched:
        return cls(**{section: frozenset(keys)}, frameworks=frozenset([framework] if framework else []))

    def __or__(self, other: Touched) -> Touched:
        return Touched(
            self.documents | other.documents,
            self.pillars | other.pillars,
            self.departments | other.departments,
            self.frameworks | other.frameworks,
        )

    def __bool__(self) -> bool:
        return bool(self.documents or self.pillars or self.departments or self.frameworks)


class Rehearsal(Protocol):
    """A dry run's reads around its write (services/impact.py)."""

    async def start(self) -> None: ...
    async def touching(self, touched: Touched) -> None: ...
    async def finish(self) -> BaseModel: ...


# Set while a write is a dry run: makes each Change's rehearsal.
rehearsing: contextvars.ContextVar[Callable[[Change], Rehearsal] | None] = contextvars.ContextVar(
    "rehearsing", default=None
)


class Rehearsed(Exception):
    """A dry run has finished its write: raised inside the transaction, so it rolls back."""

    def __init__(self, impact: BaseModel) -> None:
        super().__init__("dry run: rolled back")
        self.impact = impact


def substance_change(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What changed in substance, as the suspect link's reason ('' when nothing did)."""
    return "; ".join(
        f"{f} changed from {old.get(f)!r} to {new.get(f)!r}" for f in SUBSTANCE if old.get(f) != new.get(f)
    )


def batches(rows: list[dict[str, Any]], size: int = BATCH_SIZE) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _json(value: BaseModel | dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return json.dumps(data, ensure_ascii=False)


class Change:
    """One write's transaction: its change number, its queries, its suspect links, its record."""

    def __init__(self, graph: Graph, tx: AsyncManagedTransaction, actor: str) -> None:
        self.graph, self.tx, self.actor = graph, tx, actor
        self.seq = 0  # set by begin()
        self.recorded = False  # whether it records a change (writes something)
        self.subject: str | None = None
        rehearse = rehearsing.get()
        self.rehearsal = rehearse(self) if rehearse else None

    async def touching(self, touched: Touched) -> None:
        """Say what the write is about to change, before it changes anything (a dry run reads it
        then; a real write does nothing here)."""
        if self.rehearsal is not None:
            await self.rehearsal.touching(touched)

    async def begin(self) -> int:
        """Take the change log's lock and the next change number; claim the Idempotency-Key."""
        [row] = await self.run(BEGIN)
        self.seq = row["seq"]
        if self.rehearsal is None:  # a dry run keeps no key
            await idempotency.claim(self.graph, self.tx, self.seq)
        return self.seq

    async def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return await self.graph.run_in(self.tx, name, **params)

    async def one(self, name: str, **params: Any) -> dict[str, Any] | None:
        rows = await self.run(name, **params)
        return rows[0] if rows else None

    async def mark_suspect(self, rows: list[dict[str, Any]]) -> None:
        """Mark suspect the links into each document {id, reason}: its substance changed."""
        for batch in batches(rows):
            await self.run(MARK_SUSPECT, seq=self.seq, rows=batch)

    async def record(
        self,
        action: str,
        kind: str,
        subject: str,
        framework: str | None,
        before: BaseModel | dict[str, Any] | None,
        after: BaseModel | dict[str, Any] | None,
        fields: list[str],
    ) -> int:
        """Record this write as one change, with its before and after; returns its number."""
        assert self.seq, "begin() first: a change is recorded under the change log's lock"
        self.recorded, self.subject = True, subject
        await self.run(
            RECORD,
            seq=self.seq,
            actor=self.actor,
            action=action,
            kind=kind,
            subject=subject,
            framework=framework,
            fields=fields,
            before=_json(before),
            after=_json(after),
        )
        return self.seq

    async def record_import(self, framework: str, summary: dict[str, Any]) -> int:
        """The change an import (merge, replace or bulk) records: one per file, with its summary."""
        return await self.record("import", "framework", framework, framework, None, summary, sorted(summary))


async def write(graph: Graph, actor: str, work: Callable[[Change], Awaitable[T]], *, lock_first: bool = True) -> T:
    """Run `work` as one write: a managed transaction, the lock taken first unless told otherwise
    (then `work` calls `change.begin()` itself before it records). In a dry run (`rehearsing`), the
    rehearsal's answer is raised as `Rehearsed` once `work` is done, which rolls it all back."""

    async def run(tx: AsyncManagedTransaction) -> T:
        change = Change(graph, tx, actor)
        if lock_first:
            await change.begin()
        if change.rehearsal is not None:
            await change.rehearsal.start()
        result = await work(change)
        if change.rehearsal is not None:
            raise Rehearsed(await change.rehearsal.finish())
        return result

    return await graph.in_write_transaction(run)
