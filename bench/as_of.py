"""as_of against the same query without it, side by side, on a registry with dates (issue: time).

    .venv/bin/python -m bench.as_of --scale 1m

Generates the registry with `bench/generate.py --dates` (seed 1) into `.data/bench/dated-<scale>`
unless it is there, loads it with `policygraph bulk-load` into a Neo4j of its own when that is
empty, starts the API on loopback, and times lineage and pillar dependents four ways, one after
another in one run: through the API and on the raw driver (the very query and parameters the
service runs), each with `as_of` (a random day per request, 2018-2026) and without. Each side's
samples run once untimed first, so that neither pays for a cold cache. Prints a
Markdown table; results in .data/bench/results/as_of-<scale>.json. Bounded: `--requests` per
operation and side, `--budget` seconds at most each; everything listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from neo4j import AsyncGraphDatabase, RoutingControl

from bench.generate import PER_FRAMEWORK, PILLARS, write_files
from bench.run import RESULTS, SCALES, _count_documents, bulk_load, neo4j_env, percentiles, timed_loop
from bench.server import BENCH_ROOT, bench_server, migrate
from policygraph import api_process
from policygraph.queries import book

FOLLOW_ALL = ["stated", "inferred"]


def samples(documents: int, rng: random.Random, n: int) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    """Per operation: (API path, query name, query parameters without as_of), n of them."""
    frameworks = max(1, -(-documents // PER_FRAMEWORK))
    out: dict[str, list[tuple[str, str, dict[str, Any]]]] = {"lineage": [], "pillar dependents": []}
    for _ in range(n):
        f = rng.randrange(frameworks)
        size = min(PER_FRAMEWORK, documents - f * PER_FRAMEWORK)
        doc = f"bench-{f}-s{rng.randrange(size - 8)}"
        out["lineage"].append(
            (
                f"/api/v1/documents/{doc}/lineage",
                "lineage",
                {"id": doc, "max_depth": 10, "paths": False, "certainties": FOLLOW_ALL},
            )
        )
        key = f"bench-{f}-{rng.choice(PILLARS)}"
        out["pillar dependents"].append(
            (
                f"/api/v1/pillars/{key}/dependents",
                "pillar_dependents",
                {
                    "key": key,
                    "max_depth": 10,
                    "tiers": None,
                    "statuses": None,
                    "offset": 0,
                    "limit": 50,
                    "paths": False,
                    "certainties": FOLLOW_ALL,
                },
            )
        )
    return out


async def measure(url: str, uri: str, auth: tuple[str, str], args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    days = [dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(9 * 365)) for _ in range(args.samples)]
    queries = book()
    results: dict[str, Any] = {}
    async with (
        httpx.AsyncClient(base_url=url, timeout=600) as client,
        AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF") as driver,
    ):
        for name, items in samples(SCALES[args.scale], rng, args.samples).items():
            row: dict[str, Any] = {}
            for timed in (False, True):

                async def api(i: int, items: list[Any] = items, timed: bool = timed) -> None:
                    path = items[i % len(items)][0]
                    params = {"as_of": str(days[i % len(days)])} if timed else {}
                    (await client.get(path, params=params)).raise_for_status()

                async def raw(i: int, items: list[Any] = items, timed: bool = timed) -> None:
                    _, query, params = items[i % len(items)]
                    await driver.execute_query(
                        queries[query].text,
                        {**params, "as_of": days[i % len(days)] if timed else None},
                        routing_=RoutingControl.READ,
                        database_="neo4j",
                    )

                side = "as_of" if timed else "plain"
                await timed_loop(len(items), 1, raw, args.budget)  # warm: each sample once, not timed
                row[f"api_{side}"] = percentiles(await timed_loop(args.requests, 1, api, args.budget))
                row[f"raw_{side}"] = percentiles(await timed_loop(args.requests, 1, raw, args.budget))
                print(f"  {name} {side}: api {row[f'api_{side}']['p50']:.1f} ms p50", file=sys.stderr)
            row["api_ratio_p50"] = row["api_as_of"]["p50"] / row["api_plain"]["p50"]
            row["raw_ratio_p50"] = row["raw_as_of"]["p50"] / row["raw_plain"]["p50"]
            results[name] = row
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        "| operation | API p50 / p95 without as_of | API p50 / p95 with as_of | API as_of/plain | "
        "raw p50 without | raw p50 with | raw as_of/plain |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, row in results.items():
        lines.append(
            f"| {name} | {row['api_plain']['p50']:.1f} / {row['api_plain']['p95']:.1f} ms | "
            f"{row['api_as_of']['p50']:.1f} / {row['api_as_of']['p95']:.1f} ms | {row['api_ratio_p50']:.2f}× | "
            f"{row['raw_plain']['p50']:.1f} ms | {row['raw_as_of']['p50']:.1f} ms | {row['raw_ratio_p50']:.2f}× |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--samples", type=int, default=50, help="distinct requests per operation")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per operation and side")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per operation and side, at most")
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--pagecache", default="3g")
    args = parser.parse_args()

    home = BENCH_ROOT / f"dated-{args.scale}"
    data: Path = home / "data"
    files = sorted(data.glob("bench-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    if not files:
        started = time.perf_counter()
        files = write_files(SCALES[args.scale], args.seed, data, dates=True)
        print(f"generated {len(files)} file(s) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    server = bench_server(home / "neo4j", args.heap, args.pagecache)
    server.start(timeout=600)
    user, password = server.credentials()
    env = neo4j_env(server.bolt_uri, user, password)
    result: dict[str, Any] = {"scale": args.scale, "documents": SCALES[args.scale]}
    try:
        migrate(env)
        if _count_documents(server.bolt_uri, (user, password)) == 0:
            result["load"] = bulk_load(files, env, 2)
            print(f"bulk load: {result['load']}", file=sys.stderr)
        api, url = api_process.start(env, home / "api.log", timeout=300)
        try:
            result["latency"] = asyncio.run(measure(url, server.bolt_uri, (user, password), args))
        finally:
            api_process.stop(api)
    finally:
        server.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"as_of-{args.scale}.json").write_text(json.dumps(result, indent=2))
    print(table(result["latency"]))


if __name__ == "__main__":
    main()
