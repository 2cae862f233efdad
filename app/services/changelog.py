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

import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

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

    async def begin(self) -> int:
        """Take the change log's lock and the next change number; claim the Idempotency-Key."""
        [row] = await self.run(BEGIN)
        self.seq = row["seq"]
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
    (then `work` calls `change.begin()` itself before it records)."""

    async def run(tx: AsyncManagedTransaction) -> T:
        change = Change(graph, tx, actor)
        if lock_first:
            await change.begin()
        return await work(change)

    return await graph.in_write_transaction(run)
