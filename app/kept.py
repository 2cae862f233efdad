"""Answers that cost a pass over the whole registry, kept until the graph changes.

The orphans page needs the unanchored set, and finding it walks every document. That answer
changes only when the graph does, and every write through policygraph takes the change log's
lock and a fresh token (`queries/write/begin.cypher`). So the answer is kept with the token read
before it was computed, and served while the token is still the same: a write through the API,
an import or a bulk load makes the next request compute it again. Writes that bypass policygraph
(Cypher typed into the Browser) leave the token alone; `seconds` bounds how long they go unseen.
Concurrent requests for the same answer wait for one computation instead of starting their own.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

MAX_KEPT = 64  # one entry per framework selection; the oldest goes first


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

    async def get(self, key: Hashable, token: str | None, compute: Callable[[], Awaitable[T]]) -> T:
        """The answer for `key` kept at `token`, else `compute()` (kept when a token is known)."""
        if self.seconds <= 0 or token is None:
            return await compute()
        async with self._locks.setdefault(key, asyncio.Lock()):
            entry = self._entries.get(key)
            if entry is not None and entry.token == token and time.monotonic() - entry.at < self.seconds:
                return entry.value  # type: ignore[no-any-return]
            value = await compute()
            self._entries[key] = _Entry(token, time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_KEPT:
                old, _ = self._entries.popitem(last=False)
                self._locks.pop(old, None)
            return value
