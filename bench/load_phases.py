"""Where one bulk-loaded file spends its time: validation, each statement, and the commit.

    .venv/bin/python -m bench.load_phases 0 1
    .venv/bin/python -m bench.load_phases 2 --drop document_title
    .venv/bin/python -m bench.load_phases 3 --drop document_title document_tier
    .venv/bin/python -m bench.load_phases 4 5 6 --drop-secondary   # only the constraints' own indexes

Loads the 1M registry's files `bench-<N>.json` (generate them with `bench.run --scale 1m` first),
one after another, into a Neo4j of its own under `.data/bench/phases/neo4j` (kept between runs:
a file already loaded is refused, so pick new numbers or delete the folder). `--drop` removes
indexes before loading, to measure what each costs; the server then lacks them until the folder
is deleted. Prints one line per file. Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from neo4j import AsyncGraphDatabase, AsyncManagedTransaction

from bench.run import neo4j_env
from bench.server import BENCH_ROOT, bench_server, cpu_seconds, migrate
from policygraph.db import Graph
from policygraph.services import bulk, validation


class TimedGraph(Graph):
    """A Graph that adds up the seconds each named statement takes inside transactions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seconds: dict[str, float] = {}

    async def run_in(self, tx: AsyncManagedTransaction, name: str, **params: Any) -> list[dict[str, Any]]:
        started = time.perf_counter()
        try:
            return await super().run_in(tx, name, **params)
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


SECONDARY = (
    "SHOW INDEXES YIELD name, type, owningConstraint WHERE owningConstraint IS NULL AND type <> 'LOOKUP' RETURN name"
)


async def load(
    uri: str, auth: tuple[str, str], numbers: list[int], drop: list[str], drop_secondary: bool, neo4j: int
) -> None:
    async with AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF") as driver:
        if drop_secondary:
            records, _, _ = await driver.execute_query(SECONDARY)
            drop = drop + [record["name"] for record in records]
        for index in drop:
            if not index.replace("_", "").isalnum():
                raise SystemExit(f"not an index name: {index!r}")
            await driver.execute_query(f"DROP INDEX {index} IF EXISTS")  # type: ignore[arg-type]
        for number in numbers:
            path = BENCH_ROOT / "1m" / "data" / f"bench-{number}.json"
            raw = validation.parse_text(path.read_bytes(), path.name)
            graph = TimedGraph(driver, "neo4j", 600)
            started, ours, theirs = time.perf_counter(), time.process_time(), cpu_seconds(neo4j)
            policy = await bulk.validate(graph, raw)
            validated = time.perf_counter()
            result = await bulk.write(graph, policy)
            written = time.perf_counter()
            cpu = f"CPU: the loader {time.process_time() - ours:.2f} s, Neo4j {cpu_seconds(neo4j) - theirs:.2f} s"
            statements = sum(graph.seconds.values())
            parts = ", ".join(
                f"{name.split('/')[-1]} {seconds:.2f}" for name, seconds in graph.seconds.items() if seconds >= 0.1
            )
            print(
                f"{path.name}: {result.records} records; validate {validated - started:.2f} s, statements "
                f"{statements:.2f} s ({parts}), commit and the rest {written - validated - statements:.2f} s, "
                f"whole {written - started:.2f} s; {cpu}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("numbers", type=int, nargs="+", help="file numbers N of bench-N.json")
    parser.add_argument("--drop", nargs="*", default=[], help="indexes to drop first")
    parser.add_argument(
        "--drop-secondary", action="store_true", help="drop every index but the constraints' own and the lookups"
    )
    args = parser.parse_args()
    server = bench_server(BENCH_ROOT / "phases" / "neo4j", "4g", "3g")
    server.start(timeout=600)
    try:
        user, password = server.credentials()
        migrate(neo4j_env(server.bolt_uri, user, password))
        neo4j = server.pid()
        assert neo4j is not None, "the phases server is not running"
        asyncio.run(load(server.bolt_uri, (user, password), args.numbers, args.drop, args.drop_secondary, neo4j))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
