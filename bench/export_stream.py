"""Export of a 50,000-document framework: streamed (a record at a time) against the same text
held whole in memory (what an answer built before it is sent holds at least), side by side in
one run, on the development server (`policygraph neo4j start`).

    .venv/bin/python -m bench.export_stream [--documents 50000]

Loads the generated framework `bench-0` with a bulk load when the database does not hold it.
Memory is Python's peak allocation (tracemalloc) while each export runs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import tracemalloc

from bench.generate import framework
from policygraph.db import Graph, create_driver
from policygraph.services import bulk, exporter
from policygraph.settings import get_settings


async def measure(graph: Graph, buffered: bool) -> tuple[float, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    size = 0
    held = []
    async for piece in exporter.chunks(graph, "bench-0", "json"):
        size += len(piece.encode())
        if buffered:
            held.append(piece)
    text = "".join(held) if buffered else ""
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del text
    return seconds, peak / 2**20, size


async def main(documents: int) -> None:
    settings = get_settings()
    driver = create_driver(settings)
    graph = Graph(driver, settings.connection().database, settings.query_timeout)
    try:
        held = await graph.driver.execute_query("MATCH (d:Document {framework: 'bench-0'}) RETURN count(d) AS n")
        if held.records[0]["n"] == 0:
            print(f"bulk-loading bench-0 ({documents:,} documents)")
            await bulk.bulk_load(graph, framework(0, documents, random.Random(0)))
        for buffered in (False, True, False, True):
            seconds, peak, size = await measure(graph, buffered)
            way = "held whole" if buffered else "streamed  "
            print(f"{way}: {size / 2**20:6.1f} MiB of JSON in {seconds:5.1f} s, peak Python memory {peak:7.1f} MiB")
    finally:
        await driver.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50_000)
    asyncio.run(main(parser.parse_args().documents))
