"""Answers that cost a pass over the whole registry, kept until the graph changes.

The orphans page needs the unanchored set, and finding it walks every document. That answer
changes only when the graph does, and every write through policygraph takes the change log's
lock and a fresh token (`queries/write/begin.cypher`). So the answer is kept with the token read
before it was computed, and served while the token is still the same: a write through the API,
an import or a bulk load makes the next request compute it again, and that request waits for it.
Concurrent requests for the same answer wait for one computation instead of starting their own.

Writes that bypass policygraph (Cypher typed into the Browser) leave the token alone. So an
answer older than `seconds` is computed again in the background, while requests keep getting
the kept one (stale-while-revalidate): such writes show within `seconds` plus one computation,
and no request waits for a walk unless the graph changed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

MAX_KEPT = 64  # one entry per framework selection; the oldest goes first

log = logging.getLogger("policygraph")


@dataclass
class _Entry:
    token: str
    at: float
    value: Any


class Kept:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._refreshing: dict[Hashable, asyncio.Task[None]] = {}

    async def get(self, key: Hashable, token: str | None, compute: Callable[[], Awaitable[T]]) -> T:
        """The answer for `key` kept at `token`, else `compute()` (kept when a token is known)."""
        if self.seconds <= 0 or token is None:
            return await compute()
        entry = self._entries.get(key)
        if entry is not None and entry.token == token:
            if time.monotonic() - entry.at >= self.seconds and key not in self._refreshing:
                self._refreshing[key] = asyncio.create_task(self._refresh(key, token, compute))
            return entry.value  # type: ignore[no-any-return]
        async with self._locks.setdefault(key, asyncio.Lock()):
            entry = self._entries.get(key)
            if entry is not None and entry.token == token:  # computed while this request waited
                return entry.value  # type: ignore[no-any-return]
            value = await compute()
            self._keep(key, token, value)
            return value

    async def _refresh(self, key: Hashable, token: str, compute: Callable[[], Awaitable[Any]]) -> None:
        try:
            async with self._locks.setdefault(key, asyncio.Lock()):
                value = await compute()
                entry = self._entries.get(key)
                if entry is None or entry.token == token:  # not overtaken by an answer to a newer write
                    self._keep(key, token, value)
        except Exception as exc:  # the kept answer stays; the next request past the age tries again
            log.warning("refreshing a kept answer failed: %s", exc)
        finally:
            self._refreshing.pop(key, None)

    def _keep(self, key: Hashable, token: str, value: Any) -> None:
        self._entries[key] = _Entry(token, time.monotonic(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > MAX_KEPT:
            old, _ = self._entries.popitem(last=False)
            self._locks.pop(old, None)

    async def close(self) -> None:
        """Stop refreshes still running (the driver they use is about to close)."""
        tasks = list(self._refreshing.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
