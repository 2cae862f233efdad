"""The API against the least any FastAPI API adds (bench.bare_app), side by side with the raw driver.

    .venv/bin/python -m bench.bare --scale 1m          # after bench.run has loaded that scale

For lineage and dependents, at concurrency 1 and 16: p50 through the API, through the bare app and
on the raw driver (the same recorded queries), and each API process's CPU a request (from
/proc/<pid>/stat). The two APIs take turns, for `--rounds` rounds; the table gives each round's
numbers. The bare app has no middleware, parses no parameter, builds no model: what it adds over
the raw driver is HTTP, the route, reading the rows and JSON. What the API adds beyond that is its
own work a request (request id and log line, metrics, language, limits, parameter validation,
typed answers). Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from neo4j import AsyncGraphDatabase

from bench.run import (
    SCALES,
    Sample,
    api_on_bench_server,
    get,
    http_client,
    http_floor,
    neo4j_env,
    operations,
    percentiles,
    record,
    replay,
    timed_loop,
)
from bench.server import BENCH_ROOT, cpu_seconds
from policygraph.neo4j_server.machine import free_port

OPERATIONS = ("lineage", "dependents")
CONCURRENCY = (1, 16)


@contextmanager
def bare_app(
    env: dict[str, str], samples: dict[str, list[Sample]], home: Path
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The bare app answering `samples` (their recorded queries written to `home`/bare-calls.json,
    its output to `home`/bare-app.log), once /health answers; stopped after."""
    calls, log = home / "bare-calls.json", home / "bare-app.log"
    calls.write_text(json.dumps({s.url: s.calls for items in samples.values() for s in items}))
    port = free_port()
    command = [sys.executable, "-m", "bench.bare_app", str(port), str(calls)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the bare app did not start: {log.read_text(errors='replace')[-2000:]}"
                    ) from None
                time.sleep(0.3)
        yield process, url
    finally:
        process.terminate()
        process.wait(timeout=30)


async def api_side(url: str, pid: int, items: list[Sample], concurrency: int, requests: int) -> tuple[float, float]:
    """p50 in ms and the API process's CPU ms a request."""
    async with http_client(url, concurrency) as client:

        async def one(i: int) -> None:
            await get(client, items[i % len(items)].url)

        await timed_loop(50, concurrency, one, 30)
        before = cpu_seconds(pid)
        times = await timed_loop(requests, concurrency, one, 120)
        return percentiles(times)["p50"], (cpu_seconds(pid) - before) / len(times) * 1000


async def compare(
    samples: dict[str, list[Sample]],
    uri: str,
    auth: tuple[str, str],
    sides: dict[str, tuple[str, int]],
    args: argparse.Namespace,
) -> list[str]:
    rows = [
        "| round | operation | concurrency | raw p50 | API p50 | bare p50 | API − raw | bare − raw "
        "| API/raw | bare/raw | API CPU a request | bare CPU a request | `/health` p50 API / bare |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    async with AsyncGraphDatabase.driver(
        uri, auth=auth, max_connection_pool_size=64, notifications_min_severity="OFF"
    ) as driver:
        for round_ in range(1, args.rounds + 1):
            floors = {name: (await http_floor(url, 300, 4))["p50"] for name, (url, _) in sides.items()}
            for concurrency in CONCURRENCY:
                for name in OPERATIONS:
                    items = samples[name]
                    measured = {
                        side: await api_side(url, pid, items, concurrency, args.requests)
                        for side, (url, pid) in sides.items()
                    }

                    async def raw(i: int, items: list[Sample] = items) -> None:
                        await replay(driver, items[i % len(items)].calls)

                    await timed_loop(50, concurrency, raw, 30)
                    raw_p50 = percentiles(await timed_loop(args.requests, concurrency, raw, 120))["p50"]
                    (api, api_cpu), (bare, bare_cpu) = measured["api"], measured["bare"]
                    row = (
                        f"| {round_} | {name} | {concurrency} | {raw_p50:.2f} | {api:.2f} | {bare:.2f} "
                        f"| {api - raw_p50:.2f} | {bare - raw_p50:.2f} | {api / raw_p50:.2f}× | {bare / raw_p50:.2f}× "
                        f"| {api_cpu:.2f} | {bare_cpu:.2f} | {floors['api']:.2f} / {floors['bare']:.2f} |"
                    )
                    print(row, file=sys.stderr, flush=True)
                    rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, default="1m")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300, help="timed requests per side, operation and round")
    args = parser.parse_args()
    with api_on_bench_server(BENCH_ROOT / args.scale, "api-bare.log") as (server, api, url):
        auth = server.credentials()

        async def recorded() -> dict[str, list[Sample]]:
            async with AsyncGraphDatabase.driver(
                server.bolt_uri, auth=auth, notifications_min_severity="OFF"
            ) as driver:
                ops = operations(SCALES[args.scale], 20, random.Random(1))
                return await record(driver, {name: ops[name] for name in OPERATIONS})

        samples = asyncio.run(recorded())
        with bare_app(neo4j_env(server.bolt_uri, *auth), samples, BENCH_ROOT / args.scale) as (bare, bare_url):
            sides = {"api": (url, api.pid), "bare": (bare_url, bare.pid)}
            rows = asyncio.run(compare(samples, server.bolt_uri, auth, sides, args))
    print("\n".join(rows))
    print(f"\n{time.strftime('%Y-%m-%d')}: `python -m bench.bare --scale {args.scale} --rounds {args.rounds}`")


if __name__ == "__main__":
    main()
