"""What the benchmark's own HTTP client costs: CPU a request of the client, the API and Neo4j.

    .venv/bin/python -m bench.clients --scale 1m          # after bench.run has loaded that scale

On two cores the client, the API and Neo4j share the CPU, so a client that spends as much CPU as
the API slows the API's side of every comparison with the raw driver (whose client is the
driver itself). This runs lineage, dependents and `GET /health` through httpx and through
aiohttp, alternating, each twice, beside the raw driver, at concurrency 1 and 16, and reads each
process's CPU time (/proc/<pid>/stat) before and after: CPU milliseconds a request, by process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable

import aiohttp
import httpx
from neo4j import AsyncGraphDatabase

from bench.run import (
    SCALES,
    Sample,
    api_on_bench_server,
    get,
    http_client,
    operations,
    percentiles,
    record,
    replay,
    timed_loop,
)
from bench.server import BENCH_ROOT, cpu_seconds

OPERATIONS = ("lineage", "dependents")


async def compare(url: str, uri: str, auth: tuple[str, str], pids: dict[str, int], requests: int) -> list[str]:
    ops = operations(SCALES["1m"], 20, random.Random(1))
    rows = [
        "| concurrency | request | client | p50 ms | CPU ms a request: client | API | Neo4j |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    async with AsyncGraphDatabase.driver(
        uri, auth=auth, max_connection_pool_size=64, notifications_min_severity="OFF"
    ) as driver:
        samples = await record(driver, {name: ops[name] for name in OPERATIONS})
        samples["health"] = [Sample("/health")]
        for concurrency in (1, 16):
            limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
            async with (
                httpx.AsyncClient(base_url=url, timeout=600, limits=limits) as slow,
                http_client(url, concurrency) as fast,
            ):
                for name, items in samples.items():

                    async def with_httpx(i: int, items: list[Sample] = items) -> None:
                        (await slow.get(items[i % len(items)].url)).raise_for_status()

                    async def with_aiohttp(
                        i: int, items: list[Sample] = items, client: aiohttp.ClientSession = fast
                    ) -> None:
                        await get(client, items[i % len(items)].url)

                    async def raw(i: int, items: list[Sample] = items) -> None:
                        await replay(driver, items[i % len(items)].calls)

                    sides: list[tuple[str, Callable[[int], Awaitable[None]]]] = [
                        ("httpx", with_httpx),
                        ("aiohttp", with_aiohttp),
                    ]
                    if name != "health":
                        sides.append(("raw driver", raw))
                    for _, one in sides:  # warm
                        await timed_loop(100, concurrency, one, 60)
                    for label, one in sides + sides:
                        before = {key: cpu_seconds(pid) for key, pid in pids.items()}
                        latencies = await timed_loop(requests, concurrency, one, 600)
                        spent = {
                            key: (cpu_seconds(pid) - before[key]) * 1000 / len(latencies) for key, pid in pids.items()
                        }
                        p50 = percentiles(latencies)["p50"]
                        api = "" if label == "raw driver" else f"{spent['api']:.2f}"
                        cells = [
                            concurrency,
                            name,
                            label,
                            f"{p50:.2f}",
                            f"{spent['client']:.2f}",
                            api,
                            f"{spent['neo4j']:.2f}",
                        ]
                        rows.append("| " + " | ".join(map(str, cells)) + " |")
                        print(rows[-1], file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, default="1m")
    parser.add_argument("--requests", type=int, default=600, help="timed requests per side and pass")
    args = parser.parse_args()
    with api_on_bench_server(BENCH_ROOT / args.scale, "api-clients.log") as (server, api, url):
        neo4j = server.pid()
        assert neo4j is not None, "the bench server is not running"
        pids = {"client": os.getpid(), "api": api.pid, "neo4j": neo4j}
        rows = asyncio.run(compare(url, server.bolt_uri, server.credentials(), pids, args.requests))
    print("\n".join(rows))
    print(f"\n{time.strftime('%Y-%m-%d')}: `python -m bench.clients --scale {args.scale} --requests {args.requests}`")


if __name__ == "__main__":
    main()
