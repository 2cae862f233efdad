"""Admission control: a bounded number of heavy operations at once (whole-framework passes:
the audit and its report, export, import; and deep traversals). Past the bound a request waits
up to `heavy_wait` seconds for a slot, then answers 503 with Retry-After, so `/health` and cheap
reads keep their share of the event loop, the connection pool and Neo4j while heavy work queues."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from policygraph.errors import Failure
from policygraph.i18n import Text, _


class Busy(Failure):
    """Every slot for heavy operations is taken; nothing was done."""

    def __init__(self, what: Text) -> None:
        super().__init__(_("The server is busy: {what}. Nothing was done; retry shortly.", what=what))


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
                _(
                    "{slots} heavy operation(s) (audit, report, export, import, deep traversals) are already running",
                    slots=self.slots,
                )
            ) from None
        try:
            yield
        finally:
            self._free.release()
