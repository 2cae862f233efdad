"""A bounded load test on loopback: locust runs mixed reads and writes for a fixed time against
the API, then the graph is counted against what the API acknowledged (no lost writes).

    .venv/bin/python -m bench.load.run --seconds 60 --users 16

Without --url it starts the API itself (on a free port, against the configured Neo4j: the local
server of `make run`, or NEO4J_URI) with a generated write key, and loads the seed. It exits 1
on any failed request or any write the graph does not hold, and prints a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import httpx
from neo4j import GraphDatabase

from policygraph import api_process, resources
from policygraph.settings import Settings

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def percentiles(entry: dict) -> dict[str, float]:
    """p50/p95/p99 (ms) from locust's response-time histogram."""
    times = sorted((float(ms), n) for ms, n in entry["response_times"].items())
    total = sum(n for _, n in times)
    out: dict[str, float] = {"count": total}
    for label, q in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99)):
        seen = 0
        for ms, n in times:
            seen += n
            if seen >= q * total:
                out[label] = ms
                break
    return out


def counts(settings: Settings, prefix: str) -> dict[str, int]:
    conn = settings.connection()
    with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password.get_secret_value())) as driver:
        record = driver.execute_query(
            """
            CALL () { MATCH (d:Document) WHERE d.id STARTS WITH $prefix RETURN count(d) AS documents,
                      count(CASE d.status WHEN 'issued' THEN 1 END) AS issued }
            CALL () { MATCH (c:Change) WHERE c.subject STARTS WITH $prefix
                      RETURN count(CASE c.action WHEN 'create' THEN 1 END) AS creates,
                             count(CASE c.action WHEN 'update' THEN 1 END) AS updates,
                             count(CASE c.action WHEN 'review' THEN 1 END) AS reviews }
            RETURN documents, issued, creates, updates, reviews
            """,
            prefix=prefix + "-",
            database_=conn.database,
        ).records[0]
        return dict(record)


def cleanup(settings: Settings, prefix: str) -> None:
    """Remove what the run wrote (its documents and their change records), counted first."""
    conn = settings.connection()
    with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password.get_secret_value())) as driver:
        driver.execute_query(
            "MATCH (n) WHERE (n:Document AND n.id STARTS WITH $prefix) OR (n:Change AND n.subject STARTS WITH $prefix) "
            "DETACH DELETE n",
            prefix=prefix + "-",
            database_=conn.database,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60, help="how long locust runs (bounded: at most 600)")
    parser.add_argument("--users", type=int, default=16, help="concurrent simulated users (at most 64)")
    parser.add_argument("--url", help="an API already running on loopback (else one is started)")
    parser.add_argument("--key", help="its write key (with --url)")
    parser.add_argument("--keep", action="store_true", help="keep the documents and changes the run wrote")
    args = parser.parse_args()
    seconds, users = min(args.seconds, 600), min(args.users, 64)
    if args.url and not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("the load test only targets loopback addresses")
    settings = Settings()
    prefix = f"load-{uuid.uuid4().hex[:8]}"
    work = Path(tempfile.mkdtemp(prefix="policygraph-load-"))
    api = None
    if args.url:
        url, key = args.url.rstrip("/"), args.key or ""
    else:
        key = secrets.token_urlsafe(24)
        api, url = api_process.start({"POLICYGRAPH_API_KEYS": json.dumps({"load": key})}, work / "api.log")
        seed = resources.SEED / "kunming-1-7-n.yaml"
        loaded = httpx.post(
            f"{url}/api/v1/import",
            content=seed.read_bytes(),
            headers={"X-API-Key": key, "Content-Type": "application/yaml"},
            timeout=60,
        )
        loaded.raise_for_status()
    try:
        env = {**os.environ, "LOAD_API_KEY": key, "LOAD_PREFIX": prefix}
        command = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            url,
            "--json-file",
            str(work / "run"),
            "--only-summary",
            "--stop-timeout",
            "10",
        ]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 120)
    finally:
        if api is not None:
            api_process.stop(api)
    report = work / "run.json"
    if not report.exists():
        raise SystemExit(f"locust wrote no report:\n{done.stderr[-3000:]}")
    entries = json.loads(report.read_text())
    by_name = {entry["name"]: entry for entry in entries}

    def ok(name: str) -> int:
        entry = by_name.get(name)
        return entry["num_requests"] - entry["num_failures"] if entry else 0

    graph = counts(settings, prefix)
    expected = {
        "documents": ok("create"),
        "creates": ok("create"),
        "updates": ok("update (If-Match)"),
        "issued": ok("update (If-Match)"),
        "reviews": ok("review"),
    }
    lost = {k: (expected[k], graph[k]) for k in expected if expected[k] != graph[k]}
    requests = sum(e["num_requests"] for e in entries)
    failures = sum(e["num_failures"] for e in entries)
    elapsed = max(e["last_request_timestamp"] for e in entries) - min(e["start_time"] for e in entries)
    summary = {
        "seconds": seconds,
        "users": users,
        "requests": requests,
        "failures": failures,
        "throughput_rps": round(requests / elapsed, 1),
        "latency_ms": {name: percentiles(entry) for name, entry in sorted(by_name.items())},
        "acknowledged_writes": expected,
        "in_graph": graph,
        "lost_writes": lost,
        "locust_exit_code": done.returncode,
    }
    if not args.keep:
        cleanup(settings, prefix)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if done.returncode != 0 or summary["failures"] or lost:
        print(done.stderr[-3000:], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
