"""Latency, load and memory at 10k, 100k or 1M documents: the API side by side with the raw driver.

    .venv/bin/python -m bench.run --scale 100k
    .venv/bin/python -m bench.run --scale 1m --admin-import

For a scale it (1) generates the registry (bench/generate.py, seed 1) unless it exists, (2) starts
a Neo4j of its own (bench/server.py) and, when that database is empty, loads it with
`policygraph bulk-load` and times it, (3) optionally (`--admin-import`) times `neo4j-admin
database import full` of the same data into a second, empty home (bench/admin_import.py) and
`policygraph bulk-load --initial` into a third (bench/initial_load.py), (4) starts the API on
loopback and measures each operation through HTTP (an aiohttp client: `bench.clients` measures
why not httpx) and through the raw async driver running the very queries and parameters the API
ran (recorded from the service layer), at concurrency 1
and 16, then once more with the driver's Rust extension off (concurrency 1), (5) runs PROFILE
on each operation's queries for db hits, (6) measures lineage and dependents once more through a
bare FastAPI app on the same driver (bench/bare_app.py: what any API adds here), and (7) reads
memory: Neo4j heap and RSS, store size, the API's RSS. Results: .data/bench/results/<scale>.json,
and Markdown tables on stdout. Everything listens on 127.0.0.1; every loop is bounded by a request count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from neo4j import AsyncDriver, AsyncGraphDatabase, RoutingControl

from bench.generate import PER_FRAMEWORK, PILLARS, TOPICS, write_files
from bench.server import BENCH_ROOT, bench_server, memory, migrate, rss_bytes, store_bytes
from policygraph import api_process
from policygraph.db import Graph
from policygraph.kept import Kept
from policygraph.neo4j_server.local import LocalNeo4j
from policygraph.queries import book
from policygraph.services import audit, traversal

SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
RESULTS = BENCH_ROOT / "results"
SLOW = {"audit"}  # whole-registry passes: SLOW_REQUESTS timed per side, whatever the budget
SLOW_REQUESTS = 5
# Before any is timed, this many per side: a started Neo4j compiles the audit's paths over its first
# ten or so runs (at 1M, one after another: 18.8, 4.1, 3.8, 3.8, 3.3, 3.3, 3.3, 3.3, 2.7, 2.5 s,
# then 2.3-2.7 s), where the fast operations' warm-up is hundreds of requests.
SLOW_WARM = 12
KEPT = {"orphans"}  # served from a list kept until the next write (app/kept.py)


# ---- what the API ran -------------------------------------------------------------------------


class RecordingGraph(Graph):
    """A Graph that runs queries as usual and records each (query name, parameters)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def _execute(self, name: str, routing: RoutingControl, params: dict[str, Any], *args: Any):  # type: ignore[no-untyped-def]
        self.calls.append((name, params))
        return await super()._execute(name, routing, params, *args)


@dataclass
class Sample:
    """One request: its URL, and the queries the service ran for it (replayed raw)."""

    url: str
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


OPERATIONS = ("lineage", "dependents", "pillar_dependents", "search", "orphans", "audit")


def operations(documents: int, per_op: int, rng: random.Random) -> dict[str, list[tuple[str, Callable]]]:
    """For each operation, sample URLs with the service call that answers each."""
    frameworks = max(1, -(-documents // PER_FRAMEWORK))

    def doc_id() -> str:
        index = rng.randrange(frameworks)
        size = min(PER_FRAMEWORK, documents - index * PER_FRAMEWORK)
        return f"bench-{index}-s{rng.randrange(size - 8)}"

    ops: dict[str, list[tuple[str, Callable]]] = {name: [] for name in OPERATIONS if name != "audit"}
    for _ in range(per_op):
        d = doc_id()
        ops["lineage"].append((f"/api/v1/documents/{d}/lineage", lambda g, d=d: traversal.lineage(g, d, 10, False)))
        d = doc_id()
        ops["dependents"].append(
            (
                f"/api/v1/documents/{d}/dependents?max_depth=3",
                lambda g, d=d: traversal.dependents(g, d, 3, 0, 50, False),
            )
        )
        key = f"bench-{rng.randrange(frameworks)}-{rng.choice(PILLARS)}"
        ops["pillar_dependents"].append(
            (
                f"/api/v1/pillars/{key}/dependents?limit=50",
                lambda g, key=key: traversal.pillar_dependents(g, key, 10, None, None, 0, 50, False),
            )
        )
        word = rng.choice(TOPICS)
        ops["search"].append(
            (
                f"/api/v1/documents?q={word}&limit=50",
                lambda g, word=word: traversal.documents(
                    g, framework=None, tier=None, status=None, pillar=None, department=None, q=word, offset=0, limit=50
                ),
            )
        )
        offset = rng.randrange(10) * 100
        ops["orphans"].append(
            (
                f"/api/v1/audit/orphans?limit=100&offset={offset}",
                lambda g, offset=offset: audit.orphans(g, None, offset, 100),
            )
        )
    ops["audit"] = [("/api/v1/audit", lambda g: audit.run_audit(g, None, None, 1000, None, 3600))]
    return ops


async def record(driver: AsyncDriver, ops: dict[str, list[tuple[str, Callable]]]) -> dict[str, list[Sample]]:
    """Run every sample once through the service layer (this also warms the caches).

    A kept answer is recorded as the API serves it between writes: the sample runs once to fill
    the list, and the second run, which reads it, is what is recorded and replayed."""
    recorded: dict[str, list[Sample]] = {}
    kept = Kept(3600)
    for name, pairs in ops.items():
        recorded[name] = []
        for url, call in pairs:
            if name in KEPT:
                await call(RecordingGraph(driver, "neo4j", 3600, kept=kept))
            graph = RecordingGraph(driver, "neo4j", 3600, kept=kept)
            await call(graph)
            recorded[name].append(Sample(url, graph.calls))
    return recorded


# ---- timing -----------------------------------------------------------------------------------


def percentiles(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    if len(ms) < 2:
        return {"p50": ms[0], "p95": ms[0], "p99": ms[0], "n": len(ms)}
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": statistics.median(ms), "p95": cuts[94], "p99": cuts[98], "n": len(ms)}


def http_client(url: str, concurrency: int) -> aiohttp.ClientSession:
    """The API's client: `concurrency` kept-alive connections. aiohttp, not httpx: on this machine
    httpx spent 0.9 ms of CPU a request at concurrency 1 and 1.7-1.9 ms at 16, as much as the API
    itself, on the same two cores; aiohttp 0.1-0.35 ms (`python -m bench.clients`)."""
    connector = aiohttp.TCPConnector(limit=concurrency)
    return aiohttp.ClientSession(base_url=url, connector=connector, timeout=aiohttp.ClientTimeout(total=3600))


async def get(client: aiohttp.ClientSession, path: str) -> bytes:
    """GET `path`, its whole body read; an error status raises."""
    async with client.get(path) as response:
        body = await response.read()
        response.raise_for_status()
        return body


async def timed_loop(
    requests: int, concurrency: int, one: Callable[[int], Awaitable[None]], budget: float, start: int = 0
) -> list[float]:
    """Up to `requests` calls of one(i), `concurrency` at a time; the latency of each. No call
    starts after `budget` seconds (slow operations at large scales get fewer requests). `i` counts
    from `start`."""
    latencies: list[float] = []
    counter = iter(range(start, start + requests))
    stop = time.perf_counter() + budget

    async def worker() -> None:
        for i in counter:
            if time.perf_counter() > stop and len(latencies) >= 3:
                return
            started = time.perf_counter()
            await one(i)
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


async def replay(driver: AsyncDriver, calls: list[tuple[str, dict[str, Any]]]) -> None:
    """The sample's queries on the raw driver, as the service ran them (the audit's checks at once)."""
    queries = book()

    async def run(name: str, params: dict[str, Any]) -> None:
        await driver.execute_query(queries[name].text, params, routing_=RoutingControl.READ, database_="neo4j")

    first, *rest = calls
    await run(*first)
    if rest:
        await asyncio.gather(*(run(name, params) for name, params in rest))


async def measure(
    url: str,
    driver: AsyncDriver,
    samples: dict[str, list[Sample]],
    concurrency: int,
    requests: int,
    budget: float,
    slow: int = SLOW_REQUESTS,
) -> dict[str, dict[str, Any]]:
    """Each operation's latencies at `concurrency`, API and raw driver: up to `requests` (`slow`
    for SLOW operations, all of them) within `budget` seconds per side.

    Each side runs in two halves, in the order API, raw, raw, API: a drift of the machine over the
    operation's time (the JIT, the collector, a neighbour's load) then weighs on both sides alike,
    where one pass each let it fall on one side only."""
    results: dict[str, dict[str, Any]] = {}
    async with http_client(url, concurrency) as client:
        for name, items in samples.items():
            count, seconds = (slow, math.inf) if name in SLOW else (requests, budget)
            halves = ((count + 1) // 2, count // 2)

            async def api(i: int, items: list[Sample] = items) -> None:
                await get(client, items[i % len(items)].url)

            async def raw(i: int, items: list[Sample] = items) -> None:
                await replay(driver, items[i % len(items)].calls)

            api_times = await timed_loop(halves[0], concurrency, api, seconds / 2)
            raw_times = await timed_loop(halves[0], concurrency, raw, seconds / 2)
            raw_times += await timed_loop(halves[1], concurrency, raw, seconds / 2, start=halves[0])
            api_times += await timed_loop(halves[1], concurrency, api, seconds / 2, start=halves[0])
            a, r = percentiles(api_times), percentiles(raw_times)
            results[name] = {"api": a, "raw": r, "ratio_p50": a["p50"] / r["p50"]}
            print(f"  c={concurrency} {name}: api p50 {a['p50']:.1f} ms, raw {r['p50']:.1f} ms", file=sys.stderr)
    return results


async def profile(driver: AsyncDriver, samples: dict[str, list[Sample]]) -> dict[str, dict[str, int]]:
    """PROFILE of each operation's first sample: db hits and rows summed over its queries."""
    queries = book()

    def hits(plan: dict[str, Any]) -> int:
        return plan.get("dbHits", 0) + sum(hits(child) for child in plan.get("children", []))

    out = {}
    for name, items in samples.items():
        total = 0
        for query, params in items[0].calls:
            async with driver.session(database="neo4j") as session:
                result = await session.run("PROFILE " + queries[query].text, params)  # type: ignore[arg-type]
                summary = await result.consume()
            total += hits(summary.profile or {})
        out[name] = {"db_hits": total, "queries": len(items[0].calls)}
    return out


# ---- phases -----------------------------------------------------------------------------------


def neo4j_env(uri: str, user: str, password: str) -> dict[str, str]:
    return {
        "NEO4J_URI": uri,
        "NEO4J_USER": user,
        "NEO4J_PASSWORD": password,
        # The benchmark measures how long things take; the service's 15 s guard would cut them.
        "POLICYGRAPH_DB_DEADLINE": "300",
        "POLICYGRAPH_AUDIT_TIMEOUT": "3600",
        "POLICYGRAPH_QUERY_TIMEOUT": "600",
        # Heavy operations (the audit) queue for one of the service's slots: at concurrency 16 the
        # audit's times include that queue, waited out in full rather than answered 503 after 2 s.
        "POLICYGRAPH_HEAVY_WAIT": "60",
        "POLICYGRAPH_LOG_FORMAT": "json",
    }


@contextmanager
def api_on_bench_server(
    home: Path,
    log: str,
    heap: str = "4g",
    pagecache: str = "3g",
    prepare: Callable[[LocalNeo4j, dict[str, str]], None] | None = None,
) -> Iterator[tuple[LocalNeo4j, subprocess.Popen[bytes], str]]:
    """The bench server under `home` (loaded by bench.run, or by `prepare(server, env)` once it is
    migrated), and the API on it, its output in `home`/`log`; both stopped after."""
    server = bench_server(home / "neo4j", heap, pagecache)
    server.start(timeout=600)
    env = neo4j_env(server.bolt_uri, *server.credentials())
    try:
        migrate(env)
        if prepare:
            prepare(server, env)
        api, url = api_process.start(env, home / log, timeout=300)
        try:
            yield server, api, url
        finally:
            api_process.stop(api)
    finally:
        server.stop()


def bulk_load(paths: list[Path], env: dict[str, str], parallel: int, *options: str) -> dict[str, Any]:
    """`policygraph bulk-load` (with `options`, e.g. --initial) of `paths`, timed from outside."""
    # English output: the last line is parsed ("<records> records in <s> s (...)").
    command = [sys.executable, "-m", "policygraph.cli", "--lang", "en", "bulk-load", *options]
    command += ["--parallel", str(parallel), *map(str, paths)]
    started = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bulk-load {' '.join(options)} failed:\n{done.stdout}{done.stderr}")
    last = done.stderr.strip().splitlines()[-1]  # "<records> records in <s> s (...)"
    records = int(last.split()[0])
    return {
        "records": records,
        "seconds": round(seconds, 1),
        "records_per_s": round(records / seconds),
        "parallel": parallel,
    }


async def latency_phase(url: str, uri: str, auth: tuple[str, str], args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    ops = operations(SCALES[args.scale], args.samples, rng)
    if args.only:
        ops = {name: samples for name, samples in ops.items() if name in args.only}
    async with AsyncGraphDatabase.driver(
        uri, auth=auth, max_connection_pool_size=64, notifications_min_severity="OFF"
    ) as driver:
        samples = await record(driver, ops)
        out = await at_each_concurrency(url, driver, samples, args)
        if args.profile:
            out["profile"] = await profile(driver, samples)
            if "orphans" in samples:
                out["orphans_walk"] = await orphans_walk(driver, args.budget)
            out["http_floor"] = await http_floor(url, args.requests, args.budget)
            bare = {name: items for name, items in samples.items() if name in BARE}
            if bare:
                out["bare"] = await bare_phase(bare, driver, neo4j_env(uri, *auth), args)
    return out


BARE = ("lineage", "dependents")  # the reads the API-overhead target names


async def bare_phase(
    samples: dict[str, list[Sample]], driver: AsyncDriver, env: dict[str, str], args: argparse.Namespace
) -> dict[str, Any]:
    """The same reads through a bare FastAPI app (bench.bare_app): what any API adds over the raw
    driver here, measured as the API was, with its own HTTP floor."""
    from bench.bare import bare_app

    with bare_app(env, samples, BENCH_ROOT / args.scale) as (_, url):
        out = await at_each_concurrency(url, driver, samples, args)
        out["http_floor"] = await http_floor(url, args.requests, args.budget)
    return out


async def at_each_concurrency(
    url: str, driver: AsyncDriver, samples: dict[str, list[Sample]], args: argparse.Namespace
) -> dict[str, Any]:
    """`measure` at each of `args.concurrency` ("c1", "c16"), after one untimed pass at 2 that
    warms the JIT and the page cache on both paths."""
    await measure(url, driver, samples, 2, args.requests, args.budget / 2, slow=SLOW_WARM)
    return {
        f"c{concurrency}": await measure(url, driver, samples, concurrency, args.requests, args.budget)
        for concurrency in args.concurrency
    }


async def http_floor(url: str, requests: int, budget: float) -> dict[str, float]:
    """GET /health (no database call) at concurrency 1: what HTTP alone costs, client and server."""
    async with http_client(url, 1) as client:

        async def health(i: int) -> None:
            await get(client, "/health")

        await timed_loop(requests, 1, health, budget / 2)  # warm
        return percentiles(await timed_loop(requests, 1, health, budget))


async def orphans_walk(driver: AsyncDriver, budget: float) -> dict[str, float]:
    """The orphans page's first request after a write: the walk that finds the unanchored set
    (the service's own code on the raw driver: the links read, the walk, the ids), a few times."""
    graph = Graph(driver, "neo4j", 3600)
    frameworks = await audit.resolve_frameworks(graph, None)

    async def walk(i: int) -> None:
        await audit.unanchored_ids(graph, frameworks)

    return percentiles(await timed_loop(5, 1, walk, budget))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--samples", type=int, default=50, help="distinct requests per operation")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per operation and side")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--budget", type=float, default=15.0, help="seconds per operation and side, at most")
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--pagecache", default="3g")
    parser.add_argument("--parallel", type=int, default=2, help="files loaded side by side")
    parser.add_argument(
        "--admin-import", action="store_true", help="also time neo4j-admin import and bulk-load --initial"
    )
    parser.add_argument("--no-rust-pass", dest="rust_pass", action="store_false")
    parser.add_argument(
        "--only", nargs="+", choices=OPERATIONS, help="measure only these operations (results in <scale>-<ops>.json)"
    )
    # internal: the Rust-off pass runs in a child process started through bench.without_rust
    parser.add_argument("--latency-only", nargs=3, metavar=("API_URL", "BOLT_URI", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--no-profile", dest="profile", action="store_false", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.latency_only:
        url, uri, out = args.latency_only
        auth = (os.environ["NEO4J_USER"], os.environ["NEO4J_PASSWORD"])
        Path(out).write_text(json.dumps(asyncio.run(latency_phase(url, uri, auth, args))))
        return

    home = BENCH_ROOT / args.scale
    data = home / "data"
    files = sorted(data.glob("bench-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    if not files:
        started = time.perf_counter()
        files = write_files(SCALES[args.scale], args.seed, data)
        print(f"generated {len(files)} file(s) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    result_file = RESULTS / (f"{args.scale}-{'-'.join(args.only)}.json" if args.only else f"{args.scale}.json")
    previous = json.loads(result_file.read_text()) if result_file.exists() else {}
    result: dict[str, Any] = {
        "scale": args.scale,
        "documents": SCALES[args.scale],
        "heap": args.heap,
        "pagecache": args.pagecache,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    }

    server = bench_server(home / "neo4j", args.heap, args.pagecache)
    server.start(timeout=600)
    user, password = server.credentials()
    env = neo4j_env(server.bolt_uri, user, password)
    try:
        migrate(env)
        held = _count_documents(server.bolt_uri, (user, password))
        if held == 0:
            result["load"] = bulk_load(files, env, args.parallel)
            print(f"bulk load: {result['load']}", file=sys.stderr)
        elif "load" in previous:
            result["load"] = previous["load"]
        if args.admin_import:
            from bench.admin_import import admin_import
            from bench.initial_load import initial_load

            result["admin_import"] = admin_import(files, home)
            print(f"neo4j-admin import: {result['admin_import']}", file=sys.stderr)
            result["initial_load"] = initial_load(files, home, args.heap, args.pagecache, args.parallel)
            print(f"bulk-load --initial: {result['initial_load']}", file=sys.stderr)
        else:
            for key in ("admin_import", "initial_load"):
                if key in previous:
                    result[key] = previous[key]

        if not args.only:  # the API's start against this database: new texts, then the stamp
            from bench import start

            result["start"] = start.measure(env, rounds=2, path="/api/v1/documents/bench-0-s5/lineage")
            print("\n".join(start.table(result["start"])), file=sys.stderr)
        log = home / "api.log"
        api, url = api_process.start(env, log, timeout=300)
        try:
            result["latency"] = asyncio.run(latency_phase(url, server.bolt_uri, (user, password), args))
            result["memory"] = memory(server, user, password).as_dict()
            result["memory"]["api_rss_mb"] = round(rss_bytes(api.pid) / 2**20)
        finally:
            api_process.stop(api)
        if args.rust_pass:
            api, url = api_process.start(env, home / "api-no-rust.log", timeout=300, wrapper="bench.without_rust")
            out = home / "no-rust.json"
            try:
                subprocess.run(
                    [sys.executable, "-m", "bench.without_rust", "bench.run", "--scale", args.scale,
                     "--samples", str(args.samples), "--requests", str(args.requests), "--concurrency", "1",
                     "--budget", str(args.budget), *(["--only", *args.only] if args.only else []),
                     "--no-profile", "--latency-only", url, server.bolt_uri, str(out)],
                    env={**os.environ, **env}, check=True,
                )  # fmt: skip
                result["no_rust"] = json.loads(out.read_text())
            finally:
                api_process.stop(api)
    finally:
        server.stop()
    if "memory" in result:
        result["memory"]["store_mb"] = round(store_bytes(server.home) / 2**20)
    result_file.write_text(json.dumps(result, indent=1))
    from bench.report import markdown

    print(markdown([result]))


def _count_documents(uri: str, auth: tuple[str, str]) -> int:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=auth) as driver:
        records, _, _ = driver.execute_query("MATCH (d:Document) RETURN count(d) AS n")
    return records[0]["n"]


if __name__ == "__main__":
    main()
