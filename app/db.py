"""The driver's lifecycle and the two ways queries run: reads (READ routing) and writes.

Every query runs by name from `queries/`, with its values as parameters and a timeout. A query the
server refuses to compile raises QueryFileError naming its file (nothing of it ran) and marks the
Graph's QueryCheck failed. Nothing runs while the QueryCheck says the schema is not yet checked
(ServiceUnavailable) or not the code's (DatabaseRefused).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from typing import Any, TypeVar

from neo4j import (
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    Query,
    Record,
    RoutingControl,
    unit_of_work,
)
from neo4j.exceptions import CypherSyntaxError, ServiceUnavailable, SessionExpired

from policygraph.kept import Kept
from policygraph.metrics import QueryWatch
from policygraph.plain import record_data
from policygraph.queries import DatabaseRefused, QueryBook, QueryCheck, QueryFileError, book, named
from policygraph.settings import Settings

T = TypeVar("T")
Shape = Callable[[Record], dict[str, Any]]
# A record as plain values (nodes as their properties): what most queries' rows are read as.
AS_DATA: Shape = record_data
# A record's values as the driver decoded them, for rows of lists, maps and values only (no nodes):
# they are not walked again in Python. record.data() took seconds over the audit's packed links
# and 0.3 s of each audit's findings at 1M.
AS_VALUES: Shape = dict
STREAM_TIMEOUTS = 30  # a streamed read (an export) may run this many query timeouts on the server


def create_driver(settings: Settings) -> AsyncDriver:
    conn = settings.connection()
    return AsyncGraphDatabase.driver(
        conn.uri,
        auth=(conn.user, conn.password.get_secret_value()),
        connection_timeout=settings.connection_timeout,
        connection_acquisition_timeout=settings.acquisition_timeout,
        max_connection_pool_size=settings.max_pool_size,
        # Retries of managed transactions stop well inside the fault budget (503, never a hang).
        max_transaction_retry_time=min(settings.query_timeout, 15.0),
        liveness_check_timeout=30.0,
        # Server notifications ("unknown label" on an empty database, EXPLAIN without
        # parameters) would flood the log; plans are checked with PROFILE in benchmarks instead.
        notifications_min_severity="OFF",
    )


def open_graph(
    settings: Settings,
    *,
    queries: QueryBook | None = None,
    deadline: float | None = None,
    watch: QueryWatch | None = None,
    kept: Kept | None = None,
) -> Graph:
    """A Graph on a new driver, as the settings describe: the one way the API, the CLI, the tests
    and the benchmarks connect. `await graph.close()` closes its driver."""
    database, timeout = settings.connection().database, settings.query_timeout
    return Graph(create_driver(settings), database, timeout, queries, deadline, watch, kept)


class OutcomeUnknown(Exception):
    """A write's commit was sent but not confirmed: it may or may not have been written."""


CHANGE_TOKEN = named("change_token")  # new with every write through policygraph


class Graph:
    """Named queries against one database, with a timeout on each."""

    concurrent = True  # reads may run side by side

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        timeout: float,
        queries: QueryBook | None = None,
        deadline: float | None = None,
        watch: QueryWatch | None = None,
        kept: Kept | None = None,
        check: QueryCheck | None = None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.timeout = timeout
        self.queries = queries or book()
        # Client-side bound on each call, whatever the server does (stopped, frozen, slow):
        # past it the call raises TimeoutError, which the API answers with 503.
        self.deadline = deadline
        self.watch = watch
        # Whole-registry answers kept until the next write (none kept unless the caller says so).
        self.kept = kept or Kept(0)
        self.check = check or QueryCheck()

    async def close(self) -> None:
        await self.kept.close()
        await self.driver.close()

    async def until_next_write(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        """`compute()`, kept (`self.kept`) under the change token it was computed at: a whole-registry
        answer (the orphans list, the critical ranking) served again until a write changes the token."""
        rows = await self.read(CHANGE_TOKEN)
        token = rows[0]["token"] if rows else None
        return await self.kept.get(key, token, compute)

    def with_deadline(self, deadline: float) -> Graph:
        """The same database with another deadline (a job's, longer than a request's); its write
        transactions get that time on the server too."""
        return Graph(
            self.driver, self.database, self.timeout, self.queries, deadline, self.watch, self.kept, self.check
        )

    def admit(self) -> None:
        """Refuse to run anything against a database whose schema is not known to be the code's
        (/ready asks too, so it says the same)."""
        if self.check.refusal is not None:
            raise DatabaseRefused(self.check.refusal)
        if self.check.schema_pending:
            raise ServiceUnavailable("Neo4j did not answer when the API started; its schema is not yet checked")

    async def _checked(self, name: str, work: Awaitable[T]) -> T:
        """`work`, which runs query `name`; the server's refusal to compile it is the file's fault."""
        try:
            return await work
        except CypherSyntaxError as exc:
            failure = QueryFileError(f"queries/{name}.cypher does not parse: {exc.message}")
            self.check.failed(str(failure))
            raise failure from exc

    async def _watched(self, name: str, params: dict[str, Any], work: Awaitable[T]) -> T:
        if self.watch is None:
            return await self._checked(name, work)
        self.watch.started()
        started = time.perf_counter()
        ok = False
        try:
            result = await self._checked(name, work)
            ok = True
            return result
        finally:
            self.watch.finished(name, time.perf_counter() - started, params, ok)

    async def _bounded(self, work: Awaitable[T]) -> T:
        if self.deadline is None:
            return await work
        async with asyncio.timeout(self.deadline):  # no task of its own, unlike wait_for
            return await work

    def query(self, name: str, timeout: float | None = None) -> Query:
        return Query(self.queries[name].text, timeout=timeout or self.timeout)

    async def _execute(
        self,
        name: str,
        routing: RoutingControl,
        params: dict[str, Any],
        timeout: float | None = None,
        shape: Shape = AS_DATA,
    ) -> list[dict[str, Any]]:
        self.admit()
        records, _, _ = await self._bounded(
            self._watched(
                name,
                params,
                self.driver.execute_query(self.query(name, timeout), params, routing_=routing, database_=self.database),
            )
        )
        return [shape(record) for record in records]

    async def read(self, name: str, *, timeout_: float | None = None, **params: Any) -> list[dict[str, Any]]:
        """Run a read query (routed to any member that can serve reads); records as dicts.

        `timeout_` overrides the default timeout for queries known to scan (the audit)."""
        return await self._execute(name, RoutingControl.READ, params, timeout_)

    async def read_one(self, name: str, **params: Any) -> dict[str, Any] | None:
        rows = await self.read(name, **params)
        return rows[0] if rows else None

    async def read_row(self, name: str, *, timeout_: float | None = None, **params: Any) -> dict[str, Any] | None:
        """A query's first row of lists, maps and values (no nodes), as the driver decoded them (AS_VALUES)."""
        rows = await self._execute(name, RoutingControl.READ, params, timeout_, AS_VALUES)
        return rows[0] if rows else None

    async def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return await self._execute(name, RoutingControl.WRITE, params)

    async def in_write_transaction(
        self,
        work: Callable[[AsyncManagedTransaction], Awaitable[T]],
    ) -> T:
        """Run `work` in one managed write transaction: all of it commits, or none.

        A failure before `work` has finished leaves nothing written. A failure after it, while the
        commit is on its way (the deadline passes, the connection drops), leaves the outcome
        unknown: that raises OutcomeUnknown, never an error that reads as "nothing was written"."""
        self.admit()
        finished = False

        async def tracked(tx: AsyncManagedTransaction) -> T:
            nonlocal finished
            finished = False  # a retried transaction starts over
            result = await work(tx)
            finished = True
            return result

        if self.deadline is not None:  # the server ends the transaction too, past the deadline
            tracked = unit_of_work(timeout=self.deadline)(tracked)

        async def run() -> T:
            async with self.driver.session(database=self.database) as session:
                return await session.execute_write(tracked)

        try:
            return await self._bounded(run())
        except (TimeoutError, ServiceUnavailable, SessionExpired) as exc:
            if finished:
                raise OutcomeUnknown(f"{type(exc).__name__} while committing") from exc
            raise

    async def stream(self, steps: list[tuple[str, dict[str, Any]]]) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """Run read queries one after another in one read transaction (one consistent view) and
        yield (query name, record) as records arrive: memory stays bounded by the driver's fetch
        size. Each wait for the server is bounded by the deadline."""
        self.admit()
        async with self.driver.session(database=self.database, default_access_mode="READ") as session:
            tx = await self._bounded(session.begin_transaction(timeout=self.timeout * STREAM_TIMEOUTS))
            try:
                for name, params in steps:
                    result = await self._bounded(self._checked(name, tx.run(self.queries[name].text, params)))
                    records = aiter(result)
                    while True:
                        try:
                            record = await self._bounded(anext(records))
                        except StopAsyncIteration:
                            break
                        yield name, record_data(record)
            finally:
                await tx.close()

    async def run_in(
        self, tx: AsyncManagedTransaction, name: str, shape: Shape = AS_DATA, **params: Any
    ) -> list[dict[str, Any]]:
        async def run() -> list[dict[str, Any]]:
            result = await tx.run(self.queries[name].text, params)
            return [shape(record) async for record in result]

        return await self._watched(name, params, run())

    def within(self, tx: AsyncManagedTransaction) -> InTransaction:
        """Named reads inside an open write transaction, read as from a Graph (a dry run's audit)."""
        return InTransaction(self, tx)

    async def explain_all(self, width: int = 4) -> None:
        """EXPLAIN every query file (QueryFileError for the first that does not parse). `width`
        sessions side by side (planning is the server's work: 12.4 s one at a time here, 6.9 s four
        at a time; bench/start.py)."""
        waiting = list(self.queries.names())

        async def explain() -> None:
            async with self.driver.session(database=self.database) as session:
                while waiting:
                    name = waiting.pop(0)
                    text = self.queries[name].text

                    async def run(text: str = text) -> None:
                        await (await session.run(f"EXPLAIN {text}")).consume()  # type: ignore[arg-type]

                    await self._checked(name, run())  # outages pass through as themselves

        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(width):
                    group.create_task(explain())
        except BaseExceptionGroup as failed:  # the first failure, as itself (an outage stays ServiceUnavailable)
            raise failed.exceptions[0]  # noqa: B904

    async def ping(self, timeout: float) -> None:
        """`RETURN 1`, bounded: raises on any failure or after `timeout` seconds."""

        async def probe() -> None:
            records, _, _ = await self.driver.execute_query(
                "RETURN 1 AS ok", routing_=RoutingControl.READ, database_=self.database
            )
            assert records[0]["ok"] == 1

        try:
            await asyncio.wait_for(probe(), timeout)
        except TimeoutError as exc:  # says nothing of its own
            raise TimeoutError(f"Neo4j did not answer within {timeout:g} s") from exc


class InTransaction:
    """A Graph's reads, run one after another inside one open transaction: they see its writes."""

    concurrent = False  # one transaction answers one query at a time

    def __init__(self, graph: Graph, tx: AsyncManagedTransaction) -> None:
        self.graph, self.tx = graph, tx

    async def read(self, name: str, *, timeout_: float | None = None, **params: Any) -> list[dict[str, Any]]:
        return await self.graph.run_in(self.tx, name, **params)

    async def read_one(self, name: str, **params: Any) -> dict[str, Any] | None:
        rows = await self.read(name, **params)
        return rows[0] if rows else None

    async def read_row(self, name: str, *, timeout_: float | None = None, **params: Any) -> dict[str, Any] | None:
        rows = await self.graph.run_in(self.tx, name, AS_VALUES, **params)
        return rows[0] if rows else None


Reader = Graph | InTransaction
