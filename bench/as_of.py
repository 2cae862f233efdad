"""as_of against the same query without it, side by side, on a registry with dates (issue: time).

    .venv/bin/python -m bench.as_of --scale 1m

Generates the registry with `bench/generate.py --dates` (seed 1) into `.data/bench/dated-<scale>`
unless it is there, loads it with `policygraph bulk-load` into a Neo4j of its own when that is
empty, starts the API on loopback, and times lineage and pillar dependents six ways, one after
another in one run: through the API and on the raw driver (the very query and parameters the
service runs), without `as_of`, with a random day per request (2018-2026: many documents not
yet issued, so the walk is smaller) and with the generator's today (73 % of documents in force
that day, 7 % of unknown force: the walk prunes least). Each side's samples run once untimed
first, so that neither pays for a cold cache. Prints a
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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from neo4j import AsyncGraphDatabase, RoutingControl

from bench.generate import PER_FRAMEWORK, PILLARS, TODAY, write_files
from bench.run import RESULTS, SCALES, _count_documents, api_on_bench_server, bulk_load, percentiles, timed_loop
from bench.server import BENCH_ROOT
from policygraph.neo4j_server.local import LocalNeo4j
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
            for side in ("plain", "as_of", "as_of_today"):

                def day(i: int, side: str = side) -> dt.date | None:
                    return {"plain": None, "as_of": days[i % len(days)], "as_of_today": TODAY}[side]

                async def api(i: int, items: list[Any] = items, day: Any = day) -> None:
                    path = items[i % len(items)][0]
                    params = {"as_of": str(day(i))} if day(i) else {}
                    (await client.get(path, params=params)).raise_for_status()

                async def raw(i: int, items: list[Any] = items, day: Any = day) -> None:
                    _, query, params = items[i % len(items)]
                    await driver.execute_query(
                        queries[query].text,
                        {**params, "as_of": day(i)},
                        routing_=RoutingControl.READ,
                        database_="neo4j",
                    )

                await timed_loop(len(items), 1, raw, args.budget)  # warm: each sample once, not timed
                row[f"api_{side}"] = percentiles(await timed_loop(args.requests, 1, api, args.budget))
                row[f"raw_{side}"] = percentiles(await timed_loop(args.requests, 1, raw, args.budget))
                print(f"  {name} {side}: api {row[f'api_{side}']['p50']:.1f} ms p50", file=sys.stderr)
            for side in ("as_of", "as_of_today"):
                row[f"api_ratio_{side}"] = row[f"api_{side}"]["p50"] / row["api_plain"]["p50"]
                row[f"raw_ratio_{side}"] = row[f"raw_{side}"]["p50"] / row["raw_plain"]["p50"]
            results[name] = row
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        "| operation | as_of | API p50 / p95 | API / without | raw p50 / p95 | raw / without |",
        "|---|---|---|---|---|---|",
    ]
    label = {"plain": "none", "as_of": "a random day, 2018-2026", "as_of_today": "today (80 % kept)"}
    for name, row in results.items():
        for side, text in label.items():
            api, raw = row[f"api_{side}"], row[f"raw_{side}"]
            ratios = ("1", "1")
            if side != "plain":
                ratios = (f"{row[f'api_ratio_{side}']:.2f}×", f"{row[f'raw_ratio_{side}']:.2f}×")
            lines.append(
                f"| {name} | {text} | {api['p50']:.1f} / {api['p95']:.1f} ms | {ratios[0]} | "
                f"{raw['p50']:.1f} / {raw['p95']:.1f} ms | {ratios[1]} |"
            )
    return "\n".join(lines)


@contextmanager
def dated_registry(
    scale: str, seed: int, heap: str, pagecache: str, result: dict[str, Any]
) -> Iterator[tuple[str, str, tuple[str, str]]]:
    """The registry with dates at `scale` in `.data/bench/dated-<scale>`: generated and loaded when
    missing (the load's figures go into `result`), its Neo4j started and migrated, the API on
    loopback; yields (API url, Bolt uri, auth), and stops both afterwards."""
    home = BENCH_ROOT / f"dated-{scale}"
    data: Path = home / "data"
    files = sorted(data.glob("bench-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    if not files:
        started = time.perf_counter()
        files = write_files(SCALES[scale], seed, data, dates=True)
        print(f"generated {len(files)} file(s) in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    def load_if_empty(server: LocalNeo4j, env: dict[str, str]) -> None:
        if _count_documents(server.bolt_uri, server.credentials()) == 0:
            result["load"] = bulk_load(files, env, 2)
            print(f"bulk load: {result['load']}", file=sys.stderr)

    with api_on_bench_server(home, "api.log", heap, pagecache, load_if_empty) as (server, _, url):
        yield url, server.bolt_uri, server.credentials()


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

    result: dict[str, Any] = {"scale": args.scale, "documents": SCALES[args.scale]}
    with dated_registry(args.scale, args.seed, args.heap, args.pagecache, result) as (url, uri, auth):
        result["latency"] = asyncio.run(measure(url, uri, auth, args))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"as_of-{args.scale}.json").write_text(json.dumps(result, indent=2))
    print(table(result["latency"]))


if __name__ == "__main__":
    main()
