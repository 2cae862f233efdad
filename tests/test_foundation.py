"""The foundation: a real server, the schema, the service skeleton, readiness across outages."""

from __future__ import annotations

import os
import socket
import stat
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase

from policygraph.main import create_app
from policygraph.neo4j_server.common import ProvisioningError
from policygraph.neo4j_server.local import LocalNeo4j
from policygraph.neo4j_server.machine import find_java, free_port, port_is_free, wait_port_free
from policygraph.services.schema import schema_statements
from tests.support import Neo4jUnderTest, migrate, settings_for, throwaway_server


def test_bolt_answers_return_1(driver: Driver) -> None:
    records = driver.execute_query("RETURN 1 AS one").records
    assert records[0]["one"] == 1


def test_server_is_community_5_26(driver: Driver) -> None:
    row = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
    ).records[0]
    assert row["edition"] == "community"
    assert row["versions"][0].startswith("5.26.")


def _schema_snapshot(driver: Driver) -> list[tuple[str, str]]:
    constraints = driver.execute_query("SHOW CONSTRAINTS YIELD name, type").records
    indexes = driver.execute_query("SHOW INDEXES YIELD name, type, state").records
    return sorted(
        [(r["name"], r["type"]) for r in constraints] + [(r["name"], f"{r['type']}:{r['state']}") for r in indexes]
    )


def test_schema_applied_twice_is_a_noop(driver: Driver) -> None:
    before = _schema_snapshot(driver)
    results = [driver.execute_query(s) for s in schema_statements()]  # type: ignore[arg-type]
    assert all(r.summary.counters.system_updates == 0 for r in results)
    assert _schema_snapshot(driver) == before
    names = {name for name, _ in before}
    assert {"framework_id", "document_id", "pillar_key", "department_id"} <= names
    fulltext = driver.execute_query(
        "SHOW FULLTEXT INDEXES YIELD name, options WHERE name = 'document_title' RETURN options"
    ).records
    assert fulltext[0]["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"


def test_health_and_docs(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "/ready" in client.get("/openapi.json").json()["paths"]


def test_browser_page_is_served(neo4j_server: Neo4jUnderTest) -> None:
    if neo4j_server.http_url is None:
        pytest.skip("NEO4J_URI given: the suite does not know the server's HTTP address")
    with urllib.request.urlopen(f"{neo4j_server.http_url}/browser/", timeout=10) as response:
        body = response.read().decode("utf-8", "replace")
    assert response.status == 200
    assert "<title>Neo4j Browser</title>" in body


# ---- the local server: these run on the jars whatever the session's server is -------------


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> LocalNeo4j:
    """One server for the tests that start, kill and stop a server of their own: each leaves it
    stopped, as it found it (a new home per test would pay the store's first start each time)."""
    return throwaway_server(tmp_path_factory.mktemp("own") / "home")


@pytest.mark.slow  # its own server, started and stopped
def test_local_server_lifecycle(own_server: LocalNeo4j) -> None:
    assert own_server.status().state == "stopped"
    info = own_server.start(timeout=240)
    try:
        assert info.state == "running" and info.pid
        mode = stat.S_IMODE(os.stat(own_server.connection_file).st_mode)
        assert mode == 0o600
        conf = (own_server.conf_dir / "neo4j.conf").read_text()
        assert "server.default_listen_address=127.0.0.1" in conf
        assert "db.transaction.timeout=60s" in conf
        # Start again: finds the running server, starts nothing.
        again = own_server.start()
        assert again.pid == info.pid and again.detail == "already running"
        # The generated password works; a wrong one does not.
        user, password = own_server.credentials()
        assert len(password) >= 16
        with GraphDatabase.driver(own_server.bolt_uri, auth=(user, password)) as drv:
            assert drv.execute_query("RETURN 1 AS x").records[0]["x"] == 1
        # A taken port is reported with what to do.
        other = throwaway_server(own_server.home.parent / "other", bolt_port=own_server.bolt_port)
        with pytest.raises(ProvisioningError, match=r"taken by another process"):
            other.start()
    finally:
        stopped = own_server.stop()
    assert stopped.state == "stopped"
    assert port_is_free(own_server.bolt_port)


def test_start_after_a_crash_waits_for_the_port_only_while_it_is_being_released() -> None:
    port = free_port()
    listener = socket.create_server(("127.0.0.1", port))
    started = time.monotonic()
    assert not wait_port_free(port, 1.0)  # a live listener: taken, and said so after the wait
    assert 1.0 <= time.monotonic() - started < 5
    threading.Timer(1.0, listener.close).start()
    assert wait_port_free(port, 10.0)  # released while waiting
    assert wait_port_free(port, 0.0)


@pytest.mark.slow  # its own server, started and stopped
def test_crashed_server_is_detected_and_restarted(own_server: LocalNeo4j) -> None:
    own_server.start(timeout=240)
    try:
        own_server.kill()
        status = own_server.status()
        assert status.state == "stale"
        assert "crashed or killed" in status.detail
        info = own_server.start(timeout=240)
        assert info.state == "running"
        assert "stale pid file" in info.detail
    finally:
        own_server.stop()


@pytest.mark.slow  # its own server, started and stopped
def test_ready_follows_neo4j_down_and_back(own_server: LocalNeo4j) -> None:
    own_server.start(timeout=240)
    user, password = own_server.credentials()
    server = Neo4jUnderTest(own_server.bolt_uri, user, password, own_server.http_url, "local")
    migrate(own_server.bolt_uri, user, password)
    app = create_app(settings_for(server, connection_timeout=2.0))
    try:
        with TestClient(app) as api:
            assert api.get("/ready").status_code == 200
            own_server.stop()
            started = time.monotonic()
            down = api.get("/ready")
            assert down.status_code == 503
            assert down.headers["Retry-After"]
            assert down.json()["reason"]
            assert time.monotonic() - started < 15
            own_server.start(timeout=240)
            deadline = time.monotonic() + 30
            while api.get("/ready").status_code != 200:
                assert time.monotonic() < deadline, "API did not recover after Neo4j came back"
                time.sleep(0.5)
    finally:
        own_server.stop()


def test_missing_java_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "nojava"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ProvisioningError, match="Java 17 or newer"):
        find_java()


def test_service_unavailable_maps_to_503(neo4j_server: Neo4jUnderTest) -> None:
    """A driver pointed at a closed port: every read answers 503 with Retry-After."""
    dead = Neo4jUnderTest(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x" * 12, None, "local")
    with TestClient(create_app(settings_for(dead, connection_timeout=1.0))) as api:
        response = api.get("/ready")
    assert response.status_code == 503
    assert response.headers["Retry-After"]


def test_generated_passwords_never_read_as_options() -> None:
    from policygraph.neo4j_server.common import generate_password

    passwords = {generate_password() for _ in range(2000)}
    assert len(passwords) == 2000
    assert all(p.isalnum() and len(p) == 24 for p in passwords)
