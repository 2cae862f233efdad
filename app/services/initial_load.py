"""Initial load: an empty database filled by `neo4j-admin database import full`.

`neo4j-admin` writes the store files directly, several times faster than transactions, but only
into a database that is not running, and it knows nothing of the schema or the change log. So
for the local server (`policygraph bulk-load --initial`):

1. every file is checked as a bulk load checks it (in the command's worker processes), and
   written as CSV (`initial_csv`); an id in two files is refused too;
2. the database must hold nothing but its schema record; its constraints, indexes and that
   record are read;
3. `neo4j-admin` imports the CSV into a home of its own beside the server (the live store is
   untouched) while the server stops; the new store is moved in, the old one kept aside, and
   the server started again;
4. the constraints, the indexes and the schema record are made again, the indexes built, the
   lifecycle derived where files repeal documents, and one change recorded per file.

Any failure before step 3 writes nothing; a failure in or after it puts the old (empty) store
back, so the database is as it was. Writes made through the API while the server is stopped fail
(503); writes made between step 2 and the stop would be lost with the old store, which is why
`--initial` is for a database nothing else writes to yet (docs/operations.md).
"""

from __future__ import annotations

import asyncio
import shutil
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policygraph.db import Graph
from policygraph.errors import Conflict, Invalid, Problems, kind_text
from policygraph.i18n import Text, _
from policygraph.neo4j_server.local import LocalNeo4j
from policygraph.queries import named
from policygraph.services import bulk, changelog, initial_csv
from policygraph.services.changelog import Change
from policygraph.services.initial_csv import ADMIN_ARRAY_DELIMITER, Part
from policygraph.services.validation import collector_paused

HELD = named("initial/held")
CONSTRAINTS = named("initial/constraints")
INDEXES = named("initial/indexes")
SCHEMA_RECORD = named("initial/schema_record")

Say = Callable[[Text | str], None]
INDEX_SECONDS = 3600  # how long the index builds after the import may take


@dataclass
class Held:
    """What the empty database holds that the imported store must get back."""

    constraints: list[str]
    indexes: list[dict[str, Any]]
    schema: list[dict[str, Any]]


def duplicates(parts: list[Part]) -> Problems:
    """Ids that more than one file creates (each file alone was checked); all counted, the first
    shown."""
    problems = Problems()
    for space in sorted({space for part in parts for space in part.ids}):
        held = [(part.source, set(part.ids.get(space, ()))) for part in parts]
        seen = Counter(key for _source, keys in held for key in keys)
        for key in sorted(key for key, count in seen.items() if count > 1):
            problems.add(
                "(files)",
                _(
                    "{kind} {key!r} is in more than one file: {files}",
                    kind=kind_text(space.lower()),
                    key=key,
                    files=", ".join(source for source, keys in held if key in keys),
                ),
            )
    return problems


async def held(graph: Graph) -> Held:
    """The empty database's schema; Conflict when it holds anything else (nothing is written)."""
    row = await graph.read_one(HELD)
    assert row is not None
    if row["held"]:
        raise Conflict(
            _(
                "the database is not empty: an initial load (--initial) fills an empty database only. "
                "Load into it without --initial."
            )
        )
    constraints = [item["statement"] for item in await graph.read(CONSTRAINTS)]
    return Held(constraints, await graph.read(INDEXES), row["schema"])


def admin_arguments(parts: list[Part], report: Path) -> list[str]:
    args = [f"--nodes={path}" for part in parts for path in part.nodes]
    args += [f"--relationships={path}" for part in parts for path in part.relationships]
    return [
        *args,
        f"--array-delimiter={ADMIN_ARRAY_DELIMITER}",
        f"--multiline-fields={'true' if any(part.multiline for part in parts) else 'false'}",
        f"--report-file={report}",
        "--overwrite-destination=true",
    ]


def replace(server: LocalNeo4j, parts: list[Part], staging: Path, say: Say) -> Path:
    """Import into a store beside the server, stop it, move the store in, start it. Returns the
    home the old store was moved to. On failure the old store is back and the server running."""
    new, aside = staging / "new", staging / "old"
    files = sum(len(part.nodes) + len(part.relationships) for part in parts)
    say(_("neo4j-admin database import full: {count} CSV files; Neo4j stops meanwhile", count=files))
    # The server stops while neo4j-admin imports (it writes a store of its own): the stop's wait
    # for the server to shut down is not added to the load's.
    try:
        with ThreadPoolExecutor(1) as beside:
            stopped = beside.submit(server.stop)
            try:
                server.import_full(new, *admin_arguments(parts, staging / "import.report"))
            finally:
                stopped.result()
        server.replace_store(new, aside)
    except BaseException:
        server.start()  # on the store it had, untouched
        raise
    say(_("starting Neo4j on the imported store"))
    try:
        server.start()
    except BaseException:
        put_back(server, staging)
        raise
    return aside


def put_back(server: LocalNeo4j, staging: Path) -> None:
    """The old store in place again, the server running."""
    server.stop()
    server.replace_store(staging / "old", staging / "failed")
    server.start()


async def finish(graph: Graph, before: Held, parts: list[Part], say: Say, actor: str) -> list[int]:
    """The schema made again on the imported store, then one change per file; the change numbers."""
    say(_("making the constraints and indexes again and building them"))
    async with graph.driver.session(database=graph.database) as session:
        # The statements are the server's own (SHOW ... createStatement), never the user's.
        # The indexes first: they are built in the background, side by side with the
        # constraints' own indexes, which each statement builds before it returns.
        present = {(row["type"], row["entityType"]) for row in await graph.read(INDEXES) if row["type"] == "LOOKUP"}
        for index in before.indexes:
            if (index["type"], index["entityType"]) not in present:
                await (await session.run(index["statement"])).consume()  # type: ignore[arg-type]
        for statement in before.constraints:
            await (await session.run(statement)).consume()  # type: ignore[arg-type]
        for props in before.schema:
            await graph.write(SCHEMA_RECORD, props=props)
        await (await session.run("CALL db.awaitIndexes($seconds)", seconds=INDEX_SECONDS)).consume()
    numbers = []
    for part in parts:

        async def record(change: Change, part: Part = part) -> int:
            if part.changes:
                await change.run(bulk.REFRESH, frameworks=[part.result.framework])
            summary = {"mode": "initial", **part.result.model_dump(exclude={"framework"})}
            return await change.record_import(part.result.framework, summary)

        numbers.append(await changelog.write(graph, actor, record))
    return numbers


async def prepare(graph: Graph, raw: Any, folder: Path, source: str) -> Part:
    """A file checked as a bulk load checks it (Invalid, nothing written), then written as CSV.
    The collector is paused throughout (`collector_paused`): about half the time of building the
    rows went to its passes over the checked file's objects."""
    with collector_paused():
        policy = await bulk.validate(graph, raw)
        return await asyncio.to_thread(initial_csv.write, policy, folder, source)


async def load(
    server: LocalNeo4j, connect: Callable[[], Graph], parts: list[Part], staging: Path, say: Say, actor: str = "cli"
) -> list[int]:
    """Steps 2-4 above for checked files (their CSV written under `staging`, on the server's
    filesystem); the change numbers, one per file. Raises with the database as it was."""
    problems = duplicates(parts)
    if problems:
        raise Invalid(problems)
    graph = connect()
    try:
        before = await held(graph)
    finally:
        await graph.close()
    await asyncio.to_thread(replace, server, parts, staging, say)
    try:
        graph = connect()
        try:
            numbers = await finish(graph, before, parts, say, actor)
        finally:
            await graph.close()
    except BaseException:
        say(_("the load failed after the import: putting the empty database back"))
        await asyncio.to_thread(put_back, server, staging)
        raise
    await asyncio.to_thread(shutil.rmtree, staging, True)
    return numbers
