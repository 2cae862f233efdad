"""The API's start: from launching `policygraph serve` to /ready answering 200, on the development
server (`policygraph neo4j start`), side by side in one run with what the start used to wait for.

    .venv/bin/python -m bench.start [--rounds 3]

Each round, in turn:
- `unchecked`: the query files' stamp removed (a new server, or new texts): the API answers at
  once and EXPLAINs every file in the background; also timed until /ready says `checked`, and the
  first lineage read right after /ready (while the check runs);
- `checked`: the stamp in place (the usual restart), with its first lineage read;
- `EXPLAINs alone`: EXPLAIN of every file, four side by side, in this process (what a start
  waited for before the check moved to the background).

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


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return json.load(answer)


def launch(log: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    """`policygraph serve`; its address and the seconds until /ready answers 200 (polled every 20 ms)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    with log.open("wb") as out:
        command = [sys.executable, "-m", "policygraph.cli", "serve", "--port", str(port)]
        process = subprocess.Popen(command, env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT)
    while time.perf_counter() - started < 120:
        try:
            with urllib.request.urlopen(f"{url}/ready", timeout=2) as answer:
                if answer.status == 200:
                    return process, url, time.perf_counter() - started
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.02)
    process.terminate()
    raise RuntimeError(log.read_text(errors="replace")[-2000:])


def first_read(url: str) -> float:
    """Seconds for the API's first lineage read (the seed's deepest supporting document)."""
    started = time.perf_counter()
    get(f"{url}/api/v1/documents/km-party-led-property-services-opinion/lineage")
    return time.perf_counter() - started


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
    keys = ("unchecked", "all checked after", "first read, checking", "checked", "first read, checked", "before")
    results: dict[str, list[float]] = {key: [] for key in keys}
    log = Path(tempfile.mkdtemp()) / "api.log"
    for _ in range(args.rounds):
        asyncio.run(neo4j("RETURN 1"))
        asyncio.run(neo4j("MATCH (s:PolicygraphSchema) REMOVE s.queries_checked RETURN 1"))
        process, url, seconds = launch(log)
        began = time.perf_counter()
        results["unchecked"].append(seconds)
        results["first read, checking"].append(first_read(url))
        while get(f"{url}/ready")["queries"] == "checking" and time.perf_counter() - began < 300:
            time.sleep(0.2)
        assert get(f"{url}/ready")["queries"] == "checked", get(f"{url}/ready")
        results["all checked after"].append(seconds + time.perf_counter() - began)
        process.terminate()
        process.wait(30)
        asyncio.run(neo4j("RETURN 1"))
        process, url, seconds = launch(log)
        results["checked"].append(seconds)
        results["first read, checked"].append(first_read(url))
        process.terminate()
        process.wait(30)
        results["before"].append(asyncio.run(check_before_answering()))
    print("| start | /ready after (s), each round | median |")
    print("|---|---|---|")
    names = {
        "unchecked": "new texts: /ready (every file checked in the background)",
        "all checked after": "... /ready says `checked`",
        "first read, checking": "... the first lineage read, during the check",
        "checked": "texts checked before (the stamp): /ready",
        "first read, checked": "... the first lineage read",
        "before": "EXPLAINs alone, four side by side (what a start waited for before)",
    }
    for key, label in names.items():
        values = results[key]
        print(f"| {label} | {', '.join(f'{v:.1f}' for v in values)} | {statistics.median(values):.1f} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "start.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
