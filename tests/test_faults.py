"""A real server of our own (the session's server is left alone): its lifecycle (start, start
again, a taken port, stop, crash and restart), then faults: Neo4j stopped, frozen (SIGSTOP) and
killed (SIGKILL) during a bulk import. The API answers 503 with Retry-After within its deadline,
never hangs, and recovers without a restart; an import killed half-way leaves all of it or none,
and running it again completes it. One server for all: each start is paid once."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase

from policygraph.main import create_app
from policygraph.neo4j_server.common import ProvisioningError
from policygraph.neo4j_server.local import LocalNeo4j
from policygraph.neo4j_server.machine import free_port, port_is_free
from tests.support import (
    KEY,
    PROJECT_ROOT,
    Neo4jUnderTest,
    migrate,
    post_import,
    seed_data,
    settings_for,
    sourced,
    stated,
    throwaway_server,
)

pytestmark = pytest.mark.slow  # its own server, stopped, frozen and killed

DEADLINE = 6.0  # POLICYGRAPH_DB_DEADLINE for these tests: a fault's answer takes about this long
COMMIT_DEADLINE = 15.0  # for the writes cut off while they commit (3,000 documents take 1-4 s)
MARGIN = 4.0  # what an answer may take beyond the deadline (HTTP, event loop, a slow machine)
URLS = [
    "/api/v1/documents/km-party-led-property-services-opinion/lineage",
    "/api/v1/pillars/party-leadership/dependents",
    "/api/v1/audit",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """Not started: the lifecycle test starts it (the `patient` fixture does when that one is not run)."""
    own = throwaway_server(tmp_path_factory.mktemp("faults") / "home")
    try:
        yield own
    finally:
        pid = own.pid()
        if pid is not None:
            os.kill(pid, signal.SIGCONT)  # in case a test stopped half-way
        own.stop()


def api(server: LocalNeo4j, deadline: float, connection_timeout: float = 3.0) -> TestClient:
    """The API on our server with `deadline`. The query files are checked on the session's server
    (tests/test_queries.py), not on this one."""
    user, password = server.credentials()
    under_test = Neo4jUnderTest(server.bolt_uri, user, password, server.http_url, "local", server)
    settings = settings_for(
        under_test,
        db_deadline=deadline,
        connection_timeout=connection_timeout,
        acquisition_timeout=4.0,
        check_queries=False,
    )
    return TestClient(create_app(settings))


@pytest.fixture(scope="module")
def patient(server: LocalNeo4j) -> Iterator[TestClient]:
    """An API with a deadline long enough to write 3,000 documents on a slow machine. It imports
    the seed: the first writes on a cold server may take longer than the fault tests' deadline."""
    server.start(timeout=240)  # already running after the lifecycle test: starts nothing
    user, password = server.credentials()
    migrate(server.bolt_uri, user, password)
    with api(server, COMMIT_DEADLINE) as test_client:
        assert post_import(test_client, seed_data()).status_code == 200
        yield test_client


@pytest.fixture(scope="module")
def client(server: LocalNeo4j, patient: TestClient) -> Iterator[TestClient]:
    """The API whose answers the faults time: its deadline is DEADLINE."""
    with api(server, DEADLINE) as test_client:
        yield test_client


BULK = 15_000  # large enough that the import is still writing 0.5 s in (it takes seconds)


def bulk_file(n: int) -> dict:
    """A framework of n documents, each based on up to two earlier ones."""
    rng = random.Random(7)
    documents = []
    for i in range(n):
        bases = sorted({f"bulk-{rng.randrange(i)}" for _ in range(2)}) if i else []
        documents.append(
            stated(
                {"id": f"bulk-{i}", "title": f"文件 {i}", "tier": "supporting" if i else "guiding", "based_on": bases}
            )
        )
    return sourced({"framework": {"id": "bulk", "name": "批量"}, "documents": documents})


def assert_unavailable(client: TestClient, fault: str) -> None:
    """Reads, a write and /ready all answer 503 with Retry-After, each within the deadline. They
    are sent side by side, as clients would send them: each waits out the deadline at once."""
    calls = [("GET", url, None) for url in URLS]
    calls.append(("PATCH", "/api/v1/documents/km-party-led-property-services-opinion", {"status": "issued"}))
    calls.append(("GET", "/ready", None))

    def send(call: tuple[str, str, dict | None]) -> tuple[Any, float]:
        method, url, body = call
        started = time.monotonic()
        response = client.request(method, url, json=body, headers=KEY)
        return response, time.monotonic() - started

    with ThreadPoolExecutor(len(calls)) as pool:
        answers = list(pool.map(send, calls))
    for (method, url, _), (response, took) in zip(calls, answers, strict=True):
        assert response.status_code == 503, (url, response.status_code, response.text[:200])
        assert response.headers.get("Retry-After"), url
        assert took <= DEADLINE + MARGIN, f"{method} {url} took {took:.1f}s"
        if url == "/ready":
            said = response.json()["reason"]
            assert said and said.split(":", 1)[-1].strip(), f"/ready says why, not only what: {said!r}"
        print(f"fault {fault}: {method} {url} -> 503 in {took:.2f}s")


def wait_recovered(client: TestClient, timeout: float = 60.0) -> float:
    """Seconds until every read answers 200 again, with the same API (no restart)."""
    started = time.monotonic()
    while True:
        answers = [client.get(url) for url in URLS]
        if all(answer.status_code == 200 for answer in answers):
            return time.monotonic() - started
        last = [(answer.status_code, answer.text[:200]) for answer in answers]
        assert time.monotonic() - started < timeout, f"the API did not recover: {last}"
        time.sleep(0.5)


def test_local_server_lifecycle(server: LocalNeo4j) -> None:
    """Start (generated password, private files, loopback), start again (starts nothing), a taken
    port (refused, saying what to do). Its stop is the next test's fault."""
    assert server.status().state == "stopped"
    info = server.start(timeout=240)
    assert info.state == "running" and info.pid
    assert stat.S_IMODE(os.stat(server.connection_file).st_mode) == 0o600
    conf = (server.conf_dir / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "db.transaction.timeout=60s" in conf
    again = server.start()
    assert again.pid == info.pid and again.detail == "already running"
    # Another object for the same home, on free ports of its own (a scratch server's): it finds the
    # running server and talks to the ports that server listens on.
    other_ports = dataclasses.replace(server, bolt_port=free_port(), http_port=free_port())
    assert other_ports.start().detail == "already running" and other_ports.bolt_uri == server.bolt_uri
    user, password = server.credentials()
    assert len(password) >= 16
    with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as drv:
        assert drv.execute_query("RETURN 1 AS x").records[0]["x"] == 1
    other = throwaway_server(server.home.parent / "other", bolt_port=server.bolt_port)
    with pytest.raises(ProvisioningError, match=r"taken by another process"):
        other.start()


def test_neo4j_stopped_then_back(server: LocalNeo4j, client: TestClient) -> None:
    """Also an API started while Neo4j is stopped: it serves nothing until Neo4j answers and its
    schema is checked, then serves (the check of a schema at another version: test_queries.py)."""
    assert client.get("/ready").status_code == 200
    stopped = server.stop()
    assert stopped.state == "stopped" and port_is_free(server.bolt_port)
    assert_unavailable(client, "stopped")
    with api(server, DEADLINE, connection_timeout=1.0) as late:  # its start and /ready wait 2 s, not 4
        down = late.get("/ready")
        assert down.status_code == 503 and down.json()["queries"] == "unchecked", down.text
        assert late.get(URLS[0]).status_code == 503
        server.start(timeout=240)
        print(f"fault stopped: recovered {wait_recovered(client):.2f}s after the server answered again")
        print(f"fault stopped: the API started without Neo4j serves {wait_recovered(late):.2f}s after that")
        assert late.get("/ready").json() == {"status": "ok", "database": "neo4j", "queries": "off", "reason": None}
    assert client.get("/ready").status_code == 200
    written = client.patch(
        "/api/v1/documents/km-party-led-property-services-opinion", json={"status": "amended"}, headers=KEY
    )
    assert written.status_code == 200


def test_neo4j_frozen_then_thawed(server: LocalNeo4j, client: TestClient) -> None:
    pid = server.pid()
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        assert_unavailable(client, "frozen")
    finally:
        os.kill(pid, signal.SIGCONT)
    print(f"fault frozen: recovered {wait_recovered(client):.2f}s after SIGCONT")
    assert client.get("/ready").status_code == 200


def test_80_reads_on_a_frozen_neo4j_are_503_never_500(server: LocalNeo4j, client: TestClient) -> None:
    """More reads than the pool holds connections (50), while Neo4j is frozen: the ones that get a
    connection wait out the deadline, the others wait out the pool; all are 503 with Retry-After."""
    pid = server.pid()
    assert pid is not None
    barrier = threading.Barrier(80)
    codes: list[int] = []
    retry: list[str | None] = []

    def read(n: int) -> None:
        barrier.wait()
        response = client.get(URLS[n % 2])
        codes.append(response.status_code)
        retry.append(response.headers.get("Retry-After"))

    os.kill(pid, signal.SIGSTOP)
    try:
        threads = [threading.Thread(target=read, args=(n,)) for n in range(80)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=DEADLINE * 4 + MARGIN)
    finally:
        os.kill(pid, signal.SIGCONT)
    print(f"fault frozen, 80 reads: {sorted(set(codes))}")
    assert len(codes) == 80 and set(codes) == {503}, sorted(codes)
    assert all(retry), "every 503 says when to retry"
    wait_recovered(client)
    assert client.get("/ready").status_code == 200


def test_kill_9_during_a_bulk_import_leaves_all_or_nothing(
    server: LocalNeo4j, client: TestClient, tmp_path: Path
) -> None:
    data = bulk_file(BULK)
    path = tmp_path / "bulk.json"
    path.write_text(json.dumps(data, ensure_ascii=False))
    user, password = server.credentials()
    env = {**os.environ, "NEO4J_URI": server.bolt_uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    command = [sys.executable, "-m", "policygraph.cli", "load", str(path)]

    def count() -> int:
        with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
            query = "MATCH (d:Document {framework: $f}) RETURN count(d) AS n"
            return driver.execute_query(query, f="bulk").records[0]["n"]

    loading = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # Kill once the import's transaction is writing: its open transaction shows up server-side.
        with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                rows = driver.execute_query(
                    "SHOW TRANSACTIONS YIELD currentQuery, status WHERE currentQuery CONTAINS 'UNWIND $rows' "
                    "RETURN count(*) AS n"
                ).records
                if rows[0]["n"]:
                    break
                assert loading.poll() is None, loading.stderr.read().decode() if loading.stderr else ""
                time.sleep(0.05)
            else:
                pytest.fail("the import never started writing")
        time.sleep(0.5)  # well inside the import: 15k documents and 30k links in one transaction
        server.kill()
        loading.wait(timeout=120)
    finally:
        if loading.poll() is None:
            loading.kill()
    assert loading.returncode != 0, "the import finished before the kill; make the file bigger"

    crashed = server.status()
    assert crashed.state == "stale" and "crashed or killed" in crashed.detail
    restarted = server.start(timeout=240)
    assert restarted.state == "running" and "stale pid file" in restarted.detail
    wait_recovered(client)
    after_kill = count()
    assert after_kill in {0, BULK}  # all or nothing, never a part
    print(f"fault kill -9 during import: {after_kill} of {BULK} documents after restart")

    again = subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert count() == BULK


def committing(server: LocalNeo4j, sending: threading.Thread, timeout: float = 60.0) -> bool:
    """Wait until the import's transaction is committing: the transaction that recorded its change
    (its last statement) shows as Closing in SHOW TRANSACTIONS."""
    user, password = server.credentials()
    query = (
        "SHOW TRANSACTIONS YIELD transactionId, status, currentQuery "
        "WHERE transactionId = $tx OR currentQuery STARTS WITH '// Replace each document' "
        "RETURN transactionId, status"
    )
    ours = None
    with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and sending.is_alive():
            for row in driver.execute_query(query, tx=ours).records:
                ours = row["transactionId"]
                if row["status"].startswith("Closing"):
                    return True
            time.sleep(0.001)
    return False


def import_changes(server: LocalNeo4j, framework: str) -> int:
    user, password = server.credentials()
    with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
        query = "MATCH (c:Change {action: 'import', subject: $f}) RETURN count(c) AS n"
        return driver.execute_query(query, f=framework).records[0]["n"]


@pytest.mark.parametrize("fault", ["frozen", "killed"])
def test_a_write_cut_off_while_committing_is_unknown_and_its_key_resolves_it(
    server: LocalNeo4j, patient: TestClient, fault: str
) -> None:
    """Neo4j frozen or killed while an import commits: the answer is 504 `outcome: unknown` with
    its change number, never a 503 that says nothing was written; the same request with the same
    Idempotency-Key then tells what happened, and the import is in the graph exactly once."""
    framework = f"commit-{fault}"
    data = bulk_file(3000)  # its commit takes long enough (tens of milliseconds) to be caught
    data["framework"]["id"] = framework
    data["documents"] = [{**d, "id": f"{framework}-{d['id']}"} for d in data["documents"]]
    for d in data["documents"]:
        d["based_on"] = [f"{framework}-{b}" for b in d["based_on"]]
    body = json.dumps(data, ensure_ascii=False).encode()
    headers = {**KEY, "Content-Type": "application/json", "Idempotency-Key": f"cut-{fault}"}
    answers: list[Any] = []
    sending = threading.Thread(
        target=lambda: answers.append(patient.post("/api/v1/import", content=body, headers=headers))
    )
    sending.start()
    pid = server.pid()
    assert pid is not None
    try:
        caught = committing(server, sending)
        if fault == "frozen":
            os.kill(pid, signal.SIGSTOP)
        else:
            server.kill()
        sending.join(timeout=COMMIT_DEADLINE + MARGIN)
    finally:
        if fault == "frozen":
            os.kill(pid, signal.SIGCONT)
    [first] = answers
    assert caught, f"the import never reached its commit: {first.status_code} {first.text[:300]}"
    if fault == "killed":
        server.start(timeout=240)
    wait_recovered(patient)
    committed = import_changes(server, framework)
    print(f"fault {fault} during commit: answered {first.status_code}; committed: {committed}")
    # What the answer says is true: 200 means written; 503 means nothing was; 504 may be either.
    assert first.status_code in (200, 503, 504), first.text
    assert committed == {200: 1, 503: 0, 504: committed}[first.status_code]
    if first.status_code == 504:
        unknown = first.json()
        assert unknown["outcome"] == "unknown" and unknown["idempotency_key"] == f"cut-{fault}"
        assert isinstance(unknown["change"], int)
    again = patient.post("/api/v1/import", content=body, headers=headers)
    assert again.status_code == 200, again.text
    assert (again.headers.get("Idempotent-Replayed") == "true") == bool(committed)
    assert import_changes(server, framework) == 1  # written once, whatever happened first
