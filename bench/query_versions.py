"""One query file at two revisions, side by side on the same data: what a change to a query costs.

    .venv/bin/python -m bench.query_versions --base 0ead974 --documents 100000 --samples 200

Starts a Neo4j of its own under .data/bench/versions (loopback, free ports), bulk-loads a generated
registry of `--documents` (bench/generate.py, seed 1) unless it is loaded, then runs each traversal
query as it is now and as it was at `--base`, with the same parameters, alternating one call of
each, `--samples` times per query, through the raw async driver (warm: one untimed pass first).
Prints p50/p95 per query and the ratio now/base. Bounded by the sample count.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import time
from typing import Any

from neo4j import AsyncGraphDatabase, GraphDatabase, RoutingControl

from bench.generate import PILLARS, write_files
from bench.run import bulk_load, neo4j_env
from bench.server import BENCH_ROOT, bench_server, migrate
from policygraph.queries import book

QUERIES = ("lineage", "dependents", "pillar_dependents")


def at_revision(name: str, revision: str) -> str:
    text = subprocess.run(
        ["git", "show", f"{revision}:queries/{name}.cypher"], capture_output=True, text=True, check=True
    ).stdout
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith((":param", "//")))


def params_for(name: str, rng: random.Random, documents: int) -> dict[str, Any]:
    framework = rng.randrange(max(1, documents // 50_000))
    if name == "pillar_dependents":
        key = f"bench-{framework}-{rng.choice(PILLARS)}"
        return {"key": key, "max_depth": 10, "tiers": None, "statuses": None, "offset": 0, "limit": 50, "paths": False}
    doc = f"bench-{framework}-s{rng.randrange(min(documents, 50_000) - 8)}"
    common = {"id": doc, "max_depth": 10 if name == "lineage" else 3, "paths": False}
    return common if name == "lineage" else {**common, "offset": 0, "limit": 50}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def measure(uri: str, auth: tuple[str, str], base: str, documents: int, samples: int) -> list[str]:
    queries = book()
    rows = [
        "| query | base p50 ms | now p50 ms | now/base p50 | base p95 ms | now p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    async with AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF") as driver:
        for name in QUERIES:
            texts = {"base": at_revision(name, base), "now": queries[name].text}
            rng = random.Random(1)
            cases = [params_for(name, rng, documents) for _ in range(samples)]
            times: dict[str, list[float]] = {"base": [], "now": []}
            for warm in (True, False):
                for params in cases:
                    for which in ("base", "now") if len(times["now"]) % 2 else ("now", "base"):
                        start = time.perf_counter()
                        await driver.execute_query(
                            texts[which],
                            {**params, "certainties": ["stated", "inferred"], "as_of": None},
                            routing_=RoutingControl.READ,
                        )  # type: ignore[arg-type]
                        if not warm:
                            times[which].append((time.perf_counter() - start) * 1000)
            b50, n50 = statistics.median(times["base"]), statistics.median(times["now"])
            rows.append(
                f"| {name} | {b50:.1f} | {n50:.1f} | {n50 / b50:.2f}x | "
                f"{percentile(times['base'], 0.95):.1f} | {percentile(times['now'], 0.95):.1f} |"
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the git revision to compare against")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    root = BENCH_ROOT / "versions"
    server = bench_server(root / "neo4j", heap="2g", pagecache="1g")
    server.start(timeout=300)
    try:
        user, password = server.credentials()
        env = neo4j_env(server.bolt_uri, user, password)
        migrate(env)
        files = write_files(args.documents, 1, root / f"data-{args.documents}")
        with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
            held = driver.execute_query("MATCH (d:Document) RETURN count(d) AS n").records[0]["n"]
        if held != args.documents:
            bulk_load(files, env, parallel=2)
        rows = asyncio.run(measure(server.bolt_uri, (user, password), args.base, args.documents, args.samples))
        print("\n".join(rows))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
