"""Helpers shared by the test modules (fixtures live in conftest.py): the server under test and
throwaway servers, settings, migrating and wiping, the seed, import over HTTP, graph snapshots,
evidence for hand-made test files, and generated registries."""

from __future__ import annotations

import asyncio
import atexit
import dataclasses
import json
import os
import random
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient
from neo4j import AsyncGraphDatabase, Driver
from pydantic import SecretStr

from policygraph.neo4j_server import scratch_server
from policygraph.neo4j_server.local import LocalNeo4j
from policygraph.services import schema
from policygraph.services.exporter import PlainDumper
from policygraph.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]

SEED = PROJECT_ROOT / "graph" / "seed" / "kunming-1-7-n.yaml"
SOURCES = PROJECT_ROOT / "graph" / "seed" / "sources"
ARTICLE = SOURCES / "kunming-1-7-n-article.txt"
PUBLIC_PAGES = SOURCES / "public-pages.md"
KEY = {"X-API-Key": "test-key"}
TEST_SOURCE = {"quote": "测试数据", "where": "tests/support.py"}

OPERATIONAL = ["PolicygraphSchema"]  # the schema's version record is never part of a snapshot
HISTORY = ["Change", "ChangeLog"]  # the change log: every write, imports included, adds to it


def seed_data() -> dict[str, Any]:
    return yaml.safe_load(SEED.read_text(encoding="utf-8"))


def post_import(client: TestClient, data: Any, mode: str = "merge", yaml_body: bool = False):
    if yaml_body:
        body = yaml.dump(data, Dumper=PlainDumper, allow_unicode=True).encode()
        headers = {**KEY, "Content-Type": "application/yaml"}
    else:
        body = json.dumps(data, ensure_ascii=False, default=str).encode()
        headers = {**KEY, "Content-Type": "application/json"}
    return client.post(f"/api/v1/import?mode={mode}", content=body, headers=headers)


def graph_snapshot(driver: Driver, registry_only: bool = False) -> tuple[list[Any], list[Any]]:
    """Every node and relationship with labels, types and properties, in a fixed order.
    `registry_only` leaves out the change history (an identical re-import still records itself)."""
    skip = OPERATIONAL + (HISTORY if registry_only else [])
    nodes = driver.execute_query(
        "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $skip) RETURN labels(n) AS labels, properties(n) AS props",
        skip=skip,
    ).records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.key) AS a, type(r) AS t, "
        "properties(r) AS props, coalesce(b.id, b.key) AS b"
    ).records
    return (
        sorted((sorted(r["labels"]), sorted(r["props"].items(), key=str)) for r in nodes),
        sorted((r["a"], r["t"], sorted(r["props"].items()), r["b"]) for r in rels),
    )


def stated(record: dict[str, Any]) -> dict[str, Any]:
    """A hand-made test record with evidence (its links, given bare, then share it)."""
    if "sources" in record or "certainty" in record:
        return record
    return {**record, "sources": [TEST_SOURCE], "certainty": "stated"}


def sourced(data: dict[str, Any]) -> dict[str, Any]:
    """A hand-made test file as policygraph/v2 with evidence on every record that has none."""
    out = {**data, "format": "policygraph/v2"}
    if isinstance(out.get("framework"), dict):
        out["framework"] = stated(out["framework"])
    for section in ("pillars", "departments", "topics", "documents"):
        if isinstance(out.get(section), list):
            out[section] = [stated(item) if isinstance(item, dict) else item for item in out[section]]
    return out


# ---- generated registries -------------------------------------------------------------------


@dataclass
class Generated:
    """A generated framework and its links, for computing answers in Python."""

    data: dict[str, Any]
    edges: dict[str, list[str]]  # every dependency link a -> b (BASED_ON or PLACED_UNDER)
    basis: dict[str, list[str]] = field(default_factory=dict)  # the BASED_ON links only
    stated_edges: dict[str, list[str]] = field(default_factory=dict)  # the stated links only


INFERRED = {"sources": [TEST_SOURCE], "certainty": "inferred", "reason": "generated: a reading"}


def generate(n: int, seed: int, cycles: int, inferred: float = 0.0, placed: float = 0.0) -> Generated:
    """A framework of n documents: 3 guiding, 5 pillars with a base each, the rest supporting.
    Each document rests on 0-3 earlier ones (a DAG); `cycles` back edges then close cycles. A
    share `placed` of the links are PLACED_UNDER (structure) instead of BASED_ON, and a share
    `inferred` of all links are inferred instead of stated."""
    rng = random.Random(seed)
    ids = [f"g{seed}-{i}" for i in range(n)]
    pillars = [f"g{seed}-p{k}" for k in range(5)]
    edges: dict[str, list[str]] = {doc: [] for doc in ids}
    docs = []
    for i, doc in enumerate(ids):
        tier = "guiding" if i < 3 else "base" if i < 8 else "supporting"
        if i > 0:
            edges[doc] = sorted(set(rng.sample(ids[:i], k=min(i, rng.randint(0 if i > 8 else 1, 3)))))
        docs.append(
            stated(
                {"id": doc, "title": f"文件 {i}", "tier": tier, "status": rng.choice(["issued", "planned", "unknown"])}
            )
        )
    for _ in range(cycles):
        a, b = sorted(rng.sample(range(n), 2))
        if ids[b] not in edges[ids[a]]:
            edges[ids[a]].append(ids[b])  # earlier -> later closes a cycle with later -> ... -> earlier
    basis: dict[str, list[str]] = {doc: [] for doc in ids}
    stated_edges: dict[str, list[str]] = {doc: [] for doc in ids}
    for i, doc in enumerate(docs):
        doc["based_on"], doc["placed_under"] = [], []
        for target in sorted(edges[doc["id"]]):
            is_inferred = rng.random() < inferred
            is_placed = rng.random() < placed
            link = {
                "document": target,
                **(INFERRED if is_inferred else {"sources": [TEST_SOURCE], "certainty": "stated"}),
            }
            (doc["placed_under"] if is_placed else doc["based_on"]).append(link)
            if not is_placed:
                basis[doc["id"]].append(target)
            if not is_inferred:
                stated_edges[doc["id"]].append(target)
        if 3 <= i < 8:
            doc["implements"] = [pillars[i - 3]]
        elif i >= 8:
            doc["implements"] = [rng.choice(pillars)]
    data = sourced(
        {
            "framework": {"id": f"gen-{seed}", "name": f"生成 {seed}"},
            "pillars": [{"key": key, "name": key, "order": k + 1} for k, key in enumerate(pillars)],
            "documents": docs,
        }
    )
    return Generated(data, edges, basis, stated_edges)


# ---- servers and databases -------------------------------------------------------------


@dataclass
class Neo4jUnderTest:
    uri: str
    user: str
    password: str
    http_url: str | None
    kind: str  # local | docker | external
    local: LocalNeo4j | None = None
    # The port an API must listen on for the Browser's post-connect style and guide to load.
    browser_api_port: int | None = None


# A server a test starts and stops lives for seconds: the JIT's first tier alone starts it in a
# third of the time (11 s, not 30 s, here). The session's server runs most of the queries, so it
# keeps the full JIT (SESSION_JVM, below). Every test server skips Bolt's 5 s shutdown quiet
# periods (a stop takes 0.6 s, not 11 s).
QUICK_JVM = ("-XX:TieredStopAtLevel=1",)
# The session's server compiles with the JIT's last tier later: methods need 4× the calls before
# C2 takes them. Five query-heavy files one after the other, twice each: Neo4j 166 -> 146 CPU-s
# (its JIT threads 74 -> 52), the same wall time.
SESSION_JVM = (
    "-XX:Tier4InvocationThreshold=20000",
    "-XX:Tier4MinInvocationThreshold=2400",
    "-XX:Tier4CompileThreshold=60000",
    "-XX:Tier4BackEdgeThreshold=160000",
)
# What Cypher redoes in a test server and need not (its graphs are small and wiped and reloaded
# hundreds of times a run, so a plan's costs matter little):
# - its statistics change by more than the replanning threshold all through a run, so each query
#   was planned again every 10 s; it keeps its first plans. Five query-heavy files one after the
#   other 125-128 s -> 101-107 s, Neo4j 160 -> 128 CPU-s;
# - the planner weighs the sizes of string and list parameters ("use size of lists and strings
#   of provided parameter values in planning"), so the fuzzer's inputs of every length had the
#   same queries planned again; without it one plan serves every size. The fuzzer
#   alone 102.8 -> 97.2 s (Neo4j 119 -> 105 CPU-s), the five files 142 -> 136 CPU-s.
SUITE_CONF = {"dbms.cypher.min_replan_interval": "1h", "internal.cypher.use_parameter_size": "false"}
QUICK_CONF = {
    **SUITE_CONF,
    "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    "db.tx_log.preallocate": "false",  # no 256 MiB log files written ahead (in memory: RAM)
}


def throwaway_server(home: Path, **overrides: Any) -> LocalNeo4j:
    """A throwaway server for a test: its own home (in memory when it can be: `in_memory`) on free
    ports, the cached jars, a small heap, quick to start and stop (`extra_conf` given is added to
    QUICK_CONF)."""
    options: dict[str, Any] = {"heap": "768m", "pagecache": "256m", "transaction_timeout": "60s"}
    options["jvm_options"] = QUICK_JVM
    options.update(overrides)
    options["extra_conf"] = {**QUICK_CONF, **overrides.get("extra_conf", {})}
    return scratch_server(in_memory(home), **options)


def provisioned_server(data_dir: Path, monkeypatch: Any) -> LocalNeo4j:
    """A throwaway server where the CLI provisions its own (`<data_dir>/neo4j`, data_dir in memory
    when it can be), and the environment set so that the CLI and its worker processes use it as
    the local server."""
    data_dir = in_memory(data_dir)
    server = throwaway_server(data_dir)
    server = dataclasses.replace(server, home=data_dir / "neo4j")
    (data_dir / "neo4j-dist").symlink_to(server.dist_root)  # the cached jars
    for name in ("NEO4J_URI", "POLICYGRAPH_NEO4J_URI"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {
        "DATA_DIR": data_dir,
        "NEO4J_PROVIDER": "local",
        "NEO4J_BOLT_PORT": server.bolt_port,
        "NEO4J_HTTP_PORT": server.http_port,
        "NEO4J_HEAP": server.heap,
        "NEO4J_PAGECACHE": server.pagecache,
    }.items():
        monkeypatch.setenv(f"POLICYGRAPH_{name}", str(value))
    return server


MEMORY = Path("/dev/shm")
_memory: Path | None = None


def in_memory(home: Path) -> Path:
    """A new folder for `home` on the machine's tmpfs, removed when the test process ends; `home`
    itself when there is none. A test server needs no durable disk, and on tmpfs a commit's fsync
    costs nothing."""
    global _memory
    if not (MEMORY.is_dir() and os.access(MEMORY, os.W_OK)):
        return home
    if _memory is None:
        _memory = Path(tempfile.mkdtemp(prefix="policygraph-tests-", dir=MEMORY))
        atexit.register(shutil.rmtree, _memory, True)
    return Path(tempfile.mkdtemp(prefix=f"{home.name}-", dir=_memory))


def migrate(uri: str, user: str, password: str) -> list[str]:
    """`policygraph db migrate` against a server: the schema at the code's version."""

    async def run() -> list[str]:
        async with AsyncGraphDatabase.driver(uri, auth=(user, password)) as drv:
            return await schema.migrate(drv, "neo4j")

    return asyncio.run(run())


def wipe(drv: Driver) -> None:
    """Every node but the schema's version record."""
    # IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
    with drv.session() as session:
        session.run(
            "MATCH (n) WHERE NOT n:PolicygraphSchema CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def settings_for(server: Neo4jUnderTest, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "neo4j_uri": server.uri,
        "neo4j_user": server.user,
        "neo4j_password": SecretStr(server.password),
        "api_key": SecretStr("test-key"),
        # The suite reads answers in English; the tests of the Chinese ask for it (test_i18n).
        "locale": "en",
        # The background EXPLAIN of every file is tested on its own (test_queries); every file is
        # run with its example parameters (test_browser), which checks more than an EXPLAIN.
        "check_queries": False,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def checked(client: TestClient, timeout: float = 180.0) -> dict[str, Any]:
    """/ready's answer once the API's background check of its query files has ended."""
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get("/ready").json()
        if answer["queries"] != "checking" or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def differences(got: Any, expected: Any, at: str = "", most: int = 10) -> list[str]:
    """Where two JSON values differ, as `path: got != expected` lines (at most `most`)."""
    if isinstance(got, dict) and isinstance(expected, dict):
        found: list[str] = []
        for key in sorted(set(got) | set(expected)):
            if len(found) >= most:
                break
            found += differences(got.get(key, "<missing>"), expected.get(key, "<missing>"), f"{at}/{key}", most)
        return found[:most]
    if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        return [
            line
            for i, (a, b) in enumerate(zip(got, expected, strict=True))
            for line in differences(a, b, f"{at}/{i}", most)
        ][:most]
    return [] if got == expected else [f"{at}: {str(got)[:200]} != {str(expected)[:200]}"]


def cli_uses(monkeypatch: Any, settings: Settings) -> None:
    """The CLI's commands read `settings`, as they would read them from the environment."""
    import policygraph.settings

    monkeypatch.setattr(policygraph.settings, "get_settings", lambda: settings)


def bfs(
    start: list[str], step: Mapping[str, Iterable[str]], max_depth: int, keep: Callable[[str], bool] | None = None
) -> dict[str, int]:
    """Shortest distances from `start` over `step`, at most `max_depth` hops, through the nodes
    `keep` allows (all when None; a start it refuses reaches nothing); the starts left out."""
    kept = [s for s in start if keep is None or keep(s)]
    dist = {s: 0 for s in kept}
    queue = deque(kept)
    while queue:
        node = queue.popleft()
        if dist[node] == max_depth:
            continue
        for nxt in step.get(node, []):
            if nxt not in dist and (keep is None or keep(nxt)):
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    return {k: v for k, v in dist.items() if k not in start}


CHROMIUM = Path(os.environ.get("POLICYGRAPH_CHROMIUM", "/usr/bin/chromium"))
# Headless as root, and no calls home from a machine without the internet.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(reason: str) -> None:
    """Skip for want of a tool, except in CI (CI=true), which never skips the browser tests."""
    import pytest

    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason} (CI never skips the browser tests)")
    pytest.skip(reason)


def record_examples(client: Any) -> dict[str, dict[str, Any]]:
    """Send every operation's example (policygraph.model.examples.REQUESTS) in order to an API
    holding the seed alone; what each answered, made steady. A job is followed to its end."""
    from policygraph.model import examples

    recorded = {}
    for request in examples.REQUESTS:
        headers = {**KEY, "Accept-Language": "zh-CN", **request.headers}
        answer = client.request(request.method, request.path, params=request.params, json=request.body, headers=headers)
        sent = {"method": request.method, "path": request.path, "params": request.params, "body": request.body}
        if answer.status_code == 202:  # a job: its example is the job, followed to its end
            location = answer.headers["location"]
            deadline = time.monotonic() + 120  # a busy machine's first import compiles its queries
            while (answer := client.get(location, headers=headers)).json()["state"] in ("queued", "running"):
                assert time.monotonic() < deadline, (request.operation, answer.text[:300])
                time.sleep(0.1)
            sent = {"method": "GET", "path": examples.steady(location), "params": {}, "body": None}
        assert answer.status_code < 400, (request.operation, answer.status_code, answer.text[:300])
        recorded[request.operation] = {
            "request": sent,
            "status": answer.status_code,
            "answer": examples.steady(answer.json()),
        }
    return recorded
