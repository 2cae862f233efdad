"""What the command modules share: running async service calls on a Graph built from settings,
and progress display for long commands."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from policygraph.cli.errors import INVALID, console, fail
from policygraph.db import Graph, open_graph
from policygraph.i18n import _
from policygraph.model.lifecycle import FIRST_DAY, LAST_DAY
from policygraph.settings import Settings

T = TypeVar("T")
Advance = Callable[[int, int], None]  # (done, total)


def with_graph(settings: Settings, work: Callable[[Graph], Awaitable[T]]) -> T:
    """Run `work` with a Graph on a fresh driver, closed afterwards (failures go to `handled`)."""

    # The driver logs each retry of an unreachable server; a command says it once (errors.handled).
    logging.getLogger("neo4j").setLevel(logging.ERROR)

    async def main() -> T:
        graph = open_graph(settings)
        try:
            return await work(graph)
        finally:
            await graph.close()

    return asyncio.run(main())


@contextmanager
def progress(description: str) -> Iterator[tuple[Advance, Callable[[str], None]]]:
    """A progress bar on stderr (gone when done): `advance(done, total)` moves it, `step(text)`
    prints a line and shows it as the current step. Without a total it spins, with elapsed time."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        def step(text: str) -> None:
            bar.console.print(text, highlight=False, markup=False)
            bar.update(task, description=text[:60])

        yield advance, step


def as_of_day(text: str | None) -> dt.date | None:
    """`--as-of YYYY-MM-DD` as a day in the range the queries take (fail with a usage error otherwise)."""
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        fail(_("--as-of {text!r} is not a date: write YYYY-MM-DD", text=text), INVALID)
    if not FIRST_DAY <= day <= LAST_DAY:
        fail(_("--as-of must be a day between {first} and {last}", first=FIRST_DAY, last=LAST_DAY), INVALID)
    return day
