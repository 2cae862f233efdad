"""The API's start: from launching `policygraph serve` to /ready answering 200, on the development
server (`policygraph neo4j start`), side by side in one run with what the start used to wait for.

    .venv/bin/python -m bench.start [--rounds 3]

Each round, in turn:
- `unchecked`: the query files' stamp removed (a new server, or new texts): the API EXPLAINs every
  file before it answers; also timed until the stamp is written;
- `checked`: the stamp in place (the usual restart);
- `EXPLAINs alone`: EXPLAIN of every file, one after another, in this process (the part of the
  unchecked start that the stamp saves).

Neo4j answers before each launch (a `RETURN 1` is timed first), so the times are from Neo4j answering.
Everything listens on 127.0.0.1. Results in .data/bench/results/start.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.run import RESULTS
from policygraph.db import open_graph
from policygraph.neo4j_server.machine import free_port
from policygraph.settings import get_settings

STAMP = "MATCH (s:PolicygraphSchema) RETURN s.queries_checked AS q"


def launch(log: Path) -> tuple[subprocess.Popen[bytes], float]:
    """`policygraph serve`; seconds until /ready answers 200 (polled every 20 ms)."""
    port = free_port()
    started = time.perf_counter()
    with log.open("wb") as out:
        command = [sys.executable, "-m", "policygraph.cli", "serve", "--port", str(port)]
        process = subprocess.Popen(command, env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT)
    while time.perf_counter() - started < 120:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as answer:
                if answer.status == 200:
                    return process, time.perf_counter() - started
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.02)
    process.terminate()
    raise RuntimeError(log.read_text(errors="replace")[-2000:])


async def neo4j(query: str) -> object:
    graph = open_graph(get_settings())
    try:
        rows = await graph.driver.execute_query(query, database_=graph.database)
        return rows.records[0][0] if rows.records else None
    finally:
        await graph.close()


async def check_before_answering() -> float:
    graph = open_graph(get_settings())
    try:
        started = time.perf_counter()
        await graph.explain_all()
        return time.perf_counter() - started
    finally:
        await graph.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[float]] = {"unchecked": [], "all checked after": [], "checked": [], "before": []}
    log = Path(tempfile.mkdtemp()) / "api.log"
    for _ in range(args.rounds):
        asyncio.run(neo4j("RETURN 1"))
        asyncio.run(neo4j("MATCH (s:PolicygraphSchema) REMOVE s.queries_checked RETURN 1"))
        process, seconds = launch(log)
        results["unchecked"].append(seconds)
        began = time.perf_counter()
        while asyncio.run(neo4j(STAMP)) is None and time.perf_counter() - began < 120:
            time.sleep(0.2)
        results["all checked after"].append(seconds + time.perf_counter() - began)
        process.terminate()
        process.wait(30)
        asyncio.run(neo4j("RETURN 1"))
        process, seconds = launch(log)
        results["checked"].append(seconds)
        process.terminate()
        process.wait(30)
        results["before"].append(asyncio.run(check_before_answering()))
    print("| start | /ready after (s), each round | median |")
    print("|---|---|---|")
    names = {
        "unchecked": "new texts: every file checked before answering",
        "all checked after": "... stamp written",
        "checked": "texts checked before (the stamp)",
        "before": "EXPLAINs alone, in this process",
    }
    for key, label in names.items():
        values = results[key]
        print(f"| {label} | {', '.join(f'{v:.1f}' for v in values)} | {statistics.median(values):.1f} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "start.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
