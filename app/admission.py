"""Admission control: a bounded number of heavy operations at once (whole-framework passes:
the audit and its report, export, import; and deep traversals). Past the bound a request waits
up to `heavy_wait` seconds for a slot, then answers 503 with Retry-After, so `/health` and cheap
reads keep their share of the event loop, the connection pool and Neo4j while heavy work queues."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Busy(Exception):
    """Every slot for heavy operations is taken; nothing was done."""

    def __init__(self, what: str) -> None:
        super().__init__(f"The server is busy: {what}. Nothing was done; retry shortly.")


class Admission:
    def __init__(self, slots: int, wait: float) -> None:
        self.slots = slots
        self.wait = wait
        self._free = asyncio.Semaphore(slots)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        try:
            async with asyncio.timeout(self.wait):
                await self._free.acquire()
        except TimeoutError:
            raise Busy(
                f"{self.slots} heavy operation(s) (audit, report, export, import, deep traversals) are already running"
            ) from None
        try:
            yield
        finally:
            self._free.release()
