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
from policygraph.settings import Settings


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return json.load(answer)


def launch(log: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str, float]:
    """`policygraph serve`; its address and the seconds until /ready answers 200 (polled every 20 ms)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    with log.open("wb") as out:
        command = [sys.executable, "-m", "policygraph.cli", "serve", "--port", str(port)]
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
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


SEED_LINEAGE = "/api/v1/documents/km-party-led-property-services-opinion/lineage"


def first_read(url: str, path: str) -> float:
    """Seconds for the API's first answer to `path` (a lineage read)."""
    started = time.perf_counter()
    get(f"{url}{path}")
    return time.perf_counter() - started


def settings_of(env: dict[str, str]) -> Settings:
    """The settings the API launched with `env` reads."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        return Settings()
    finally:
        os.environ.clear()
        os.environ.update(saved)


async def neo4j(settings: Settings, query: str) -> object:
    graph = open_graph(settings)
    try:
        rows = await graph.driver.execute_query(query, database_=graph.database)
        return rows.records[0][0] if rows.records else None
    finally:
        await graph.close()


async def check_before_answering(settings: Settings) -> float:
    graph = open_graph(settings)
    try:
        started = time.perf_counter()
        await graph.explain_all()
        return time.perf_counter() - started
    finally:
        await graph.close()


LABELS = {
    "unchecked": "new texts: /ready (every file checked in the background)",
    "all checked after": "... /ready says `checked`",
    "first read, checking": "... the first lineage read, during the check",
    "checked": "texts checked before (the stamp): /ready",
    "first read, checked": "... the first lineage read",
    "before": "EXPLAINs alone, four side by side (what a start waited for before)",
}


def measure(env: dict[str, str], rounds: int, path: str = SEED_LINEAGE) -> dict[str, list[float]]:
    """Each round: a start with new texts, one with the stamp, and the EXPLAINs alone (seconds)."""
    settings = settings_of(env)
    results: dict[str, list[float]] = {key: [] for key in LABELS}
    log = Path(tempfile.mkdtemp()) / "api.log"
    for _ in range(rounds):
        asyncio.run(neo4j(settings, "RETURN 1"))
        asyncio.run(neo4j(settings, "MATCH (s:PolicygraphSchema) REMOVE s.queries_checked RETURN 1"))
        process, url, seconds = launch(log, env)
        began = time.perf_counter()
        results["unchecked"].append(seconds)
        results["first read, checking"].append(first_read(url, path))
        while get(f"{url}/ready")["queries"] == "checking" and time.perf_counter() - began < 300:
            time.sleep(0.2)
        assert get(f"{url}/ready")["queries"] == "checked", get(f"{url}/ready")
        results["all checked after"].append(seconds + time.perf_counter() - began)
        process.terminate()
        process.wait(30)
        asyncio.run(neo4j(settings, "RETURN 1"))
        process, url, seconds = launch(log, env)
        results["checked"].append(seconds)
        results["first read, checked"].append(first_read(url, path))
        process.terminate()
        process.wait(30)
        results["before"].append(asyncio.run(check_before_answering(settings)))
    return results


def table(results: dict[str, list[float]]) -> list[str]:
    lines = ["| start | seconds, each round | median |", "|---|---|---|"]
    for key, label in LABELS.items():
        values = results[key]
        lines.append(f"| {label} | {', '.join(f'{v:.1f}' for v in values)} | {statistics.median(values):.1f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results = measure({}, args.rounds)
    print("\n".join(table(results)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "start.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
