"""Kept answers (app/kept.py), on their own: no database, a counting computation instead.

The orphans page's use of them against the real server is in test_audit.py."""

from __future__ import annotations

import asyncio
import logging

import pytest

from policygraph.kept import Kept


class Walk:
    """A computation that counts its runs and answers with the run number (optionally slowly)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.runs = 0
        self.delay = delay
        self.fail = False

    async def __call__(self) -> int:
        self.runs += 1
        run = self.runs
        await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("database gone")
        return run


async def test_one_computation_per_token_shared_by_concurrent_requests() -> None:
    kept, walk = Kept(60), Walk(delay=0.05)
    answers = await asyncio.gather(*(kept.get("k", "t1", walk) for _ in range(16)))
    assert answers == [1] * 16 and walk.runs == 1
    assert await kept.get("k", "t1", walk) == 1 and walk.runs == 1
    # A write (new token) is seen by the very next request, which waits for the new answer.
    assert await kept.get("k", "t2", walk) == 2 and walk.runs == 2
    # Keys are separate (one per framework selection).
    assert await kept.get("other", "t2", walk) == 3


async def test_nothing_kept_without_a_token_or_with_zero_seconds() -> None:
    walk = Walk()
    assert [await Kept(60).get("k", None, walk) for _ in range(2)] == [1, 2]
    zero = Kept(0)
    assert [await zero.get("k", "t", walk) for _ in range(2)] == [3, 4]


async def test_an_old_answer_is_served_while_it_is_computed_again() -> None:
    kept, walk = Kept(0.05), Walk(delay=0.05)
    assert await kept.get("k", "t", walk) == 1
    await asyncio.sleep(0.06)
    # Past its age: the request gets the kept answer without waiting (the refresh it started
    # has not run yet when the answer comes back).
    assert await kept.get("k", "t", walk) == 1
    assert walk.runs == 1
    assert await kept.get("k", "t", walk) == 1  # one refresh at a time
    await asyncio.sleep(0.1)
    assert walk.runs == 2
    assert await kept.get("k", "t", walk) == 2


async def test_a_failed_refresh_keeps_the_answer_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    kept, walk = Kept(0.01), Walk()
    assert await kept.get("k", "t", walk) == 1
    await asyncio.sleep(0.02)
    walk.fail = True
    with caplog.at_level(logging.WARNING, logger="policygraph"):
        assert await kept.get("k", "t", walk) == 1
        await asyncio.sleep(0.01)
    assert "database gone" in caplog.text
    walk.fail = False
    assert await kept.get("k", "t", walk) == 1  # still kept; this request starts another refresh
    await asyncio.sleep(0.01)
    assert await kept.get("k", "t", walk) == 3


async def test_close_stops_a_refresh_in_flight() -> None:
    kept, walk = Kept(0.01), Walk()
    assert await kept.get("k", "t", walk) == 1
    walk.delay = 10
    await asyncio.sleep(0.02)
    assert await kept.get("k", "t", walk) == 1
    await asyncio.sleep(0)
    await asyncio.wait_for(kept.close(), 1)
    assert walk.runs == 2
