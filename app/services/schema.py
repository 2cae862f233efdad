"""The database schema: numbered migrations under `graph/migrations/`, and its recorded version.

Each migration file is idempotent (IF NOT EXISTS, MERGE), applied in order, and recorded on the
`(:PolicygraphSchema)` node (version and list of applied migrations), as Alembic records its
head. `graph/schema.cypher` is the whole current schema in one file, for reading and pasting;
a test checks that the migrations produce exactly it. The API refuses to start against a
database whose version differs from the code's, saying which command to run.

After start the API EXPLAINs every query file in the background (`start_sweep`; queries.QueryCheck says
why a first run needs no check of its own). The record keeps a stamp of the last such check
(server version and the digest of every query text); a start with the same stamp skips it, as the
answer cannot differ. A migration clears the stamp.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from neo4j import AsyncDriver, AsyncSession

from policygraph.db import Graph
from policygraph.model.interchange import Document
from policygraph.queries import QueryBook, QueryFileError, book, named
from policygraph.resources import MIGRATIONS as MIGRATIONS_DIR
from policygraph.resources import SCHEMA_FILE
from policygraph.services import records

VERSION = named("schema/version")
RECORD = named("schema/record")
QUERIES_CHECKED = named("schema/queries_checked")
STORED = named("lifecycle/stored")
DERIVE = named("lifecycle/derive")
REFRESH = named("lifecycle/refresh")
log = logging.getLogger(__name__)
LEGACY_VERSION = 1  # a database with data and no version record was made before versioning: version 1


def schema_statements(path: Path = SCHEMA_FILE) -> list[str]:
    """A file's statements: `//` comment lines dropped, split at a `;` that ends a line."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("//")]
    parts = re.split(r";\s*$", "\n".join(lines), flags=re.MULTILINE)
    return [part.strip() for part in parts if part.strip()]


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    path: Path

    def statements(self) -> list[str]:
        return schema_statements(self.path)


def migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migrations in order; their numbers must run 1, 2, 3... without a gap."""
    found = []
    for path in sorted(folder.glob("*.cypher")):
        match = re.match(r"^(\d{4})_[a-z0-9_]+$", path.stem)
        if not match:
            raise ValueError(f"{path.name}: a migration is named NNNN_what_it_does.cypher")
        found.append(Migration(int(match.group(1)), path.stem, path))
    numbers = [m.number for m in found]
    if numbers != list(range(1, len(found) + 1)):
        raise ValueError(f"migrations must be numbered 1..{len(found)} without gaps, found {numbers}")
    return found


CODE_VERSION = len(migrations())


class SchemaMismatch(RuntimeError):
    """The database's schema version is not the code's."""


@dataclass(frozen=True)
class SchemaState:
    version: int
    applied: list[str]
    has_data: bool
    queries_checked: str | None = None  # the stamp of the last query check


async def database_state(driver: AsyncDriver, database: str, queries: QueryBook | None = None) -> SchemaState:
    queries = queries or book()
    records, _, _ = await driver.execute_query(queries[VERSION].text, database_=database)
    row = records[0]
    version = row["version"]
    if version is None:
        version = LEGACY_VERSION if row["has_data"] else 0
    return SchemaState(int(version), list(row["applied"] or []), bool(row["has_data"]), row["queries_checked"])


def check(state: SchemaState, code_version: int = CODE_VERSION) -> None:
    """Raise SchemaMismatch, saying what to do, unless the database is at the code's version."""
    if state.version < code_version:
        raise SchemaMismatch(
            f"The database schema is version {state.version}; this policygraph needs {code_version}. "
            "Run `policygraph db migrate` (it applies graph/migrations/ in order), then start again."
        )
    if state.version > code_version:
        raise SchemaMismatch(
            f"The database schema is version {state.version}, newer than this policygraph's "
            f"{code_version}. Upgrade policygraph to the release that wrote it; do not downgrade data."
        )


async def check_queries(graph: Graph, state: SchemaState, width: int = 4) -> bool:
    """EXPLAIN every query file (QueryFileError if one does not parse) unless the database's record
    says these very texts were checked on this server version; stamp the record after a check.
    True if it checked."""
    agent = (await graph.driver.get_server_info()).agent
    stamp = f"{agent} {graph.queries.digest}"
    if state.queries_checked == stamp:
        log.info("query files unchanged since checked on %s; not checked again", agent)
        return False
    await graph.explain_all(width)
    await graph.driver.execute_query(graph.queries[QUERIES_CHECKED].text, stamp=stamp, database_=graph.database)
    log.info("%d query files checked on %s", len(graph.queries.names()), agent)
    return True


SWEEP_WIDTH = 1  # one EXPLAIN at a time: a core stays free for the requests the API answers meanwhile


def start_sweep(graph: Graph, state: SchemaState) -> asyncio.Task[None]:
    """The API's check of its query files, started in the background after start: `graph.check`
    says `checking` at once, then `checked` when every file parses (or the stamp says they did) or
    `failed` naming the first that does not (Graph marks it). Neo4j gone meanwhile leaves it
    `unchecked`; the next start checks again."""
    graph.check.state = "checking"
    return asyncio.create_task(_sweep(graph, state), name="query check")


async def _sweep(graph: Graph, state: SchemaState) -> None:
    try:
        await check_queries(graph, state, SWEEP_WIDTH)
    except QueryFileError as exc:
        log.error("%s; /ready answers 503 until it is mended and the API restarted", exc)
    except Exception as exc:  # an outage, a timeout: the files are still checked by their first runs
        log.warning("the query files' check stopped: %s: %s", type(exc).__name__, exc)
        graph.check.ended("unchecked")
    else:
        graph.check.ended("checked")


RETRY_EVERY = 2.0  # seconds between asks while Neo4j has not answered since the API started


def start_when_reachable(
    graph: Graph, check_queries: bool, every: float = RETRY_EVERY, code_version: int = CODE_VERSION
) -> asyncio.Task[None]:
    """Neo4j did not answer at startup: ask again every `every` seconds, in the background, and
    when it answers do what the start would have. Until then no query runs (`schema_pending`:
    503, /ready 503). A schema at another version than the code's refuses every query for as
    long as the API runs (500 naming it, /ready 503 `broken`), as a start would have refused to
    start; otherwise the API serves, and the query files' sweep starts if asked for."""
    graph.check.schema_pending = True
    graph.check.state = "unchecked"
    return asyncio.create_task(_when_reachable(graph, check_queries, every, code_version), name="late start")


async def _when_reachable(graph: Graph, check_queries: bool, every: float, code_version: int) -> None:
    while True:
        try:
            async with asyncio.timeout(graph.timeout):
                state = await database_state(graph.driver, graph.database, graph.queries)
            break
        except Exception as exc:  # down, frozen, refusing: ask again
            log.debug("Neo4j not answering yet: %s: %s", type(exc).__name__, exc)
            await asyncio.sleep(every)
    try:
        check(state, code_version)
    except SchemaMismatch as exc:
        log.error("%s (Neo4j answered after the API started; every query is refused.)", exc)
        graph.check.refuse(str(exc))
        return
    graph.check.schema_pending = False
    log.info("Neo4j answered; the schema is at version %d, as the code's", state.version)
    if check_queries:
        graph.check.state = "checking"
        await _sweep(graph, state)
    else:
        graph.check.state = "off"


async def _derive(session: AsyncSession, queries: QueryBook) -> None:
    """Schemas 7 and 8: fill in what the titles and numbers of documents written before say, their
    captions, and what REPEALS links say (records.document_derived, lifecycle/refresh)."""
    after = ""
    while True:
        result = await session.run(queries[STORED].text, after=after, limit=10_000)
        rows = [record["props"] async for record in result]
        if not rows:
            break
        derived = []
        for props in rows:
            document = Document.model_validate(records.node_record(props), context=records.LENIENT)
            derived.append({"id": props["id"], "derived": records.document_derived(document)})
        await (await session.run(queries[DERIVE].text, rows=derived)).consume()
        after = rows[-1]["id"]
    await (await session.run(queries[REFRESH].text, frameworks=None)).consume()


# Work a migration needs beyond its Cypher file, run after the file, before the version is recorded.
BACKFILLS: dict[int, Callable[[AsyncSession, QueryBook], Awaitable[None]]] = {7: _derive, 8: _derive}


async def migrate(driver: AsyncDriver, database: str, queries: QueryBook | None = None) -> list[str]:
    """Apply every migration past the database's version, in order; returns their names."""
    queries = queries or book()
    state = await database_state(driver, database, queries)
    applied = []
    async with driver.session(database=database) as session:
        for migration in migrations():
            if migration.number <= state.version:
                continue
            for statement in migration.statements():
                await (await session.run(statement)).consume()  # type: ignore[arg-type]
            await (await session.run("CALL db.awaitIndexes(300)")).consume()
            if migration.number in BACKFILLS:
                await BACKFILLS[migration.number](session, queries)
            record = await session.run(queries[RECORD].text, version=migration.number, migration=migration.name)
            await record.consume()
            applied.append(migration.name)
    return applied
