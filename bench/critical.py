"""The critical documents at scale: the first ranked page of a framework, cold and kept (issue: what if).

    .venv/bin/python -m bench.critical --scale 1m

Uses the registry with dates of `bench/as_of.py` (`.data/bench/dated-<scale>`, generated and
loaded the same way when missing: 20 frameworks of 50,000 documents at 1M). Starts its Neo4j and
the API on loopback, then for each framework, one after another in one run:

- `cold`: the first `GET /api/v1/analytics/critical?framework=...` (the pass runs: nothing kept);
- `kept`: `--requests` more of it, with other offsets (served from the ranking kept until the next write);
- `raw read`: the packed query alone on the raw driver, and `pass`: `critical.rank` alone on its answer,
  in this process (what the cold request spends, split);
- on the first five frameworks, `GET /api/v1/documents/{id}/impact` (a dry run, audits included) for a
  base document and for a supporting one.

Prints a Markdown table; results in .data/bench/results/critical-<scale>.json. Bounded by the
number of frameworks and `--requests`; everything listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import tracemalloc
from typing import Any

import httpx
from neo4j import AsyncGraphDatabase, RoutingControl

from bench.as_of import dated_registry
from bench.generate import PER_FRAMEWORK
from bench.run import RESULTS, SCALES, percentiles
from policygraph.queries import book
from policygraph.services import critical

DRY_RUNS = 5  # frameworks on which a document's impact (a dry run) is timed too


async def measure(url: str, uri: str, auth: tuple[str, str], frameworks: list[str], requests: int) -> list[dict]:
    rows = []
    query = book()[critical.FRAMEWORK_GRAPH].text
    async with (
        httpx.AsyncClient(base_url=url, timeout=600) as client,
        AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF") as driver,
    ):
        for framework in frameworks:
            started = time.perf_counter()
            first = await client.get("/api/v1/analytics/critical", params={"framework": framework})
            cold = (time.perf_counter() - started) * 1000
            first.raise_for_status()
            kept = []
            for i in range(requests):
                started = time.perf_counter()
                answer = await client.get(
                    "/api/v1/analytics/critical", params={"framework": framework, "offset": 50 * (i % 20)}
                )
                kept.append(time.perf_counter() - started)
                answer.raise_for_status()
            started = time.perf_counter()
            records, _, _ = await driver.execute_query(
                query, {"framework": framework}, routing_=RoutingControl.READ, database_="neo4j"
            )
            read = (time.perf_counter() - started) * 1000
            packed = records[0].data()
            started = time.perf_counter()
            ranking = critical.rank(packed)
            passed = (time.perf_counter() - started) * 1000
            tracemalloc.start()  # again, traced (slower), for its memory alone
            critical.rank(packed)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            top = first.json()["items"][0]
            row = {
                "framework": framework,
                "documents": len(ranking.ids),
                "cold_ms": cold,
                "kept": percentiles(kept),
                "raw_read_ms": read,
                "pass_ms": passed,
                "pass_peak_mib": peak / 2**20,
                "top": {k: top[k] for k in ("id", "dependents", "only_anchor", "pillars")},
            }
            if len(rows) < DRY_RUNS:  # a dry run each: a base document (thousands resting on it), a leaf
                for doc in (f"{framework}-b0", f"{framework}-s100"):
                    started = time.perf_counter()
                    answer = await client.get(f"/api/v1/documents/{doc}/impact", params={"action": "repeal"})
                    answer.raise_for_status()
                    key = "base" if doc.endswith("-b0") else "leaf"
                    row[f"dry_run_{key}_ms"] = (time.perf_counter() - started) * 1000
                    row[f"dry_run_{key}_affected"] = answer.json()["total"]
            print(f"  {framework}: cold {cold:.0f} ms, kept p50 {row['kept']['p50']:.1f} ms", file=sys.stderr)
            rows.append(row)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| | median | slowest |",
        "|---|---|---|",
    ]
    for label, key in (
        ("first page, cold (API, the pass runs)", "cold_ms"),
        ("  of which: the packed read (raw driver)", "raw_read_ms"),
        ("  of which: the pass in Python", "pass_ms"),
    ):
        values = [row[key] for row in rows]
        lines.append(f"| {label} | {statistics.median(values):,.0f} ms | {max(values):,.0f} ms |")
    kept = [row["kept"]["p50"] for row in rows]
    lines.append(f"| a page, kept (API p50) | {statistics.median(kept):.1f} ms | {max(kept):.1f} ms |")
    peaks = [row["pass_peak_mib"] for row in rows]
    lines.append(f"| the pass's peak Python memory | {statistics.median(peaks):.0f} MiB | {max(peaks):.0f} MiB |")
    for key, label in (("base", "a base document"), ("leaf", "a supporting document")):
        runs = [row for row in rows if f"dry_run_{key}_ms" in row]
        if runs:
            times = [row[f"dry_run_{key}_ms"] for row in runs]
            reach = statistics.median(row[f"dry_run_{key}_affected"] for row in runs)
            lines.append(
                f"| impact of repealing {label} (a dry run, {reach:,.0f} documents reached) "
                f"| {statistics.median(times):,.0f} ms | {max(times):,.0f} ms |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--frameworks", type=int, default=20, help="frameworks measured, at most")
    parser.add_argument("--requests", type=int, default=50, help="kept requests per framework")
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--pagecache", default="3g")
    args = parser.parse_args()

    count = max(1, -(-SCALES[args.scale] // PER_FRAMEWORK))
    frameworks = [f"bench-{i}" for i in range(min(count, args.frameworks))]
    result: dict[str, Any] = {"scale": args.scale, "documents": SCALES[args.scale]}
    with dated_registry(args.scale, args.seed, args.heap, args.pagecache, result) as (url, uri, auth):
        result["frameworks"] = asyncio.run(measure(url, uri, auth, frameworks, args.requests))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"critical-{args.scale}.json").write_text(json.dumps(result, indent=2))
    print(table(result["frameworks"]))


if __name__ == "__main__":
    main()
