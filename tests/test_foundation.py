"""The foundation: a real server, the schema, the service skeleton, readiness when Neo4j is away.
A server of our own started, crashed and stopped: tests/test_faults.py."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from policygraph.main import create_app
from policygraph.neo4j_server.common import ProvisioningError
from policygraph.neo4j_server.machine import find_java, free_port, wait_port_free
from policygraph.services.schema import schema_statements
from tests.support import Neo4jUnderTest, settings_for


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


# ---- the local server (its lifecycle, crash and restart: tests/test_faults.py) -----------------


def test_start_after_a_crash_waits_for_the_port_only_while_it_is_being_released() -> None:
    port = free_port()
    listener = socket.create_server(("127.0.0.1", port))
    started = time.monotonic()
    assert not wait_port_free(port, 1.0)  # a live listener: taken, and said so after the wait
    assert 1.0 <= time.monotonic() - started < 5
    threading.Timer(1.0, listener.close).start()
    assert wait_port_free(port, 10.0)  # released while waiting
    assert wait_port_free(port, 0.0)


def test_missing_java_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "nojava"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ProvisioningError, match="Java 17 or newer"):
        find_java()


def test_service_unavailable_maps_to_503(neo4j_server: Neo4jUnderTest) -> None:
    """A driver pointed at a closed port: every read answers 503 with Retry-After."""
    dead = Neo4jUnderTest(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x" * 12, None, "local")
    # The start waits connection_timeout + 1 s for Neo4j, then serves 503s and asks again in the background.
    with TestClient(create_app(settings_for(dead, connection_timeout=1.0, query_timeout=2.0))) as api:
        response = api.get("/ready")
        read = api.get("/api/v1/pillars")
    assert response.status_code == 503 and response.json()["queries"] == "unchecked"
    assert response.headers["Retry-After"]
    assert read.status_code == 503 and read.headers["Retry-After"], read.text


def test_generated_passwords_never_read_as_options() -> None:
    from policygraph.neo4j_server.common import generate_password

    passwords = {generate_password() for _ in range(2000)}
    assert len(passwords) == 2000
    assert all(p.isalnum() and len(p) == 24 for p in passwords)
