"""Operations against the real server: /metrics, structured logs with request ids, the
configuration reference, and backup round trips (a neo4j-admin dump of a server of our own, and
the logical export from the session's server)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase
from prometheus_client.parser import text_string_to_metric_families
from typer.testing import CliRunner

from policygraph import cli, logs
from policygraph.main import create_app
from policygraph.services import backup
from policygraph.settings import Settings, configuration_reference
from tests.support import (
    KEY,
    PROJECT_ROOT,
    Neo4jUnderTest,
    cli_uses,
    graph_snapshot,
    migrate,
    post_import,
    seed_data,
    settings_for,
    throwaway_server,
    wipe,
)


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def test_metrics(neo4j_server: Neo4jUnderTest, seeded: Driver) -> None:
    with TestClient(create_app(settings_for(neo4j_server))) as api:
        for _ in range(3):
            assert api.get("/api/v1/documents/km-party-led-property-services-opinion/lineage").status_code == 200
        assert api.get("/api/v1/documents/nope").status_code == 404
        assert post_import(api, seed_data()).status_code == 200
        assert post_import(api, {"format": "nope"}).status_code == 422
        response = api.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    got = samples(response.text)
    lineage = (("method", "GET"), ("route", "/api/v1/documents/{doc_id}/lineage"), ("status", "200"))
    assert got[("policygraph_http_requests_total", lineage)] == 3
    assert got[("policygraph_http_request_duration_seconds_count", lineage)] == 3
    missing = (("method", "GET"), ("route", "/api/v1/documents/{doc_id}"), ("status", "404"))
    assert got[("policygraph_http_requests_total", missing)] == 1
    assert got[("policygraph_query_duration_seconds_count", (("outcome", "ok"), ("query", "lineage")))] == 3
    assert got[("policygraph_query_duration_seconds_count", (("outcome", "ok"), ("query", "import/documents")))] >= 1
    assert got[("policygraph_imports_total", (("mode", "merge"), ("outcome", "ok")))] == 1
    assert got[("policygraph_imports_total", (("mode", "merge"), ("outcome", "rejected")))] == 1
    assert got[("policygraph_imported_records_total", (("kind", "documents"),))] == 12
    assert got[("policygraph_neo4j_pool_max_connections", ())] == 50
    assert got[("policygraph_neo4j_pool_connections", (("state", "idle"),))] >= 1
    assert got[("policygraph_neo4j_queries_in_flight", ())] == 0
    off = settings_for(neo4j_server, metrics_enabled=False)
    with TestClient(create_app(off)) as api:
        assert api.get("/metrics").status_code == 404


@pytest.fixture
def json_logs(capsys: pytest.CaptureFixture[str]) -> Iterator[pytest.CaptureFixture[str]]:
    logs.setup("json", "INFO")
    try:
        yield capsys
    finally:
        for name in ("policygraph", "uvicorn", "uvicorn.error"):
            logger = logging.getLogger(name)
            logger.handlers = []
            logger.propagate = True
        logging.getLogger("uvicorn.access").disabled = False


def test_json_logs_with_request_ids_and_slow_queries(
    neo4j_server: Neo4jUnderTest, seeded: Driver, json_logs: pytest.CaptureFixture[str]
) -> None:
    with TestClient(create_app(settings_for(neo4j_server, slow_query_ms=0))) as api:
        mine = api.get("/api/v1/documents", params={"q": "党建" * 50}, headers={"X-Request-ID": "trace-42"})
        theirs = api.get("/api/v1/pillars")
        odd = api.get("/api/v1/pillars", headers={"X-Request-ID": "not ok\n{}"})
    assert mine.headers["X-Request-ID"] == "trace-42"
    assert len(theirs.headers["X-Request-ID"]) == 32
    assert odd.headers["X-Request-ID"] != "not ok\n{}"  # only a safe id is echoed
    captured = json_logs.readouterr()
    lines = [json.loads(line) for line in captured.err.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["message"] == "request"]
    traced = [line for line in lines if line.get("request_id") == "trace-42"]
    assert {line["message"] for line in traced} == {"request", "slow query"}
    request = next(line for line in traced if line["message"] == "request")
    assert request["route"] == "/api/v1/documents" and request["status"] == 200 and request["duration_ms"] > 0
    assert request["level"] == "info" and request["time"].endswith("+00:00")
    slow = next(line for line in traced if line["message"] == "slow query")
    assert slow["query"] == "documents_search"
    assert "...(+" in slow["params"]["q"] and len(slow["params"]["q"]) < 100  # values are cut short
    assert len({line["request_id"] for line in requests}) == len(requests) == 3


def test_text_logs_for_a_terminal() -> None:
    record = logging.makeLogRecord({"msg": "request", "levelname": "INFO", "route": "/x", "status": 200})
    token = logs.request_id.set("abc")
    try:
        text = logs.TextFormatter().format(record)
    finally:
        logs.request_id.reset(token)
    assert "INFO" in text and "request" in text and "route=/x status=200" in text and "[abc]" in text
    assert logs.truncated(["a" * 100] * 20)[-1] == "...(+10 items)"


def test_configuration_reference_is_current() -> None:
    page = (PROJECT_ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert page == configuration_reference(), "run `policygraph config-doc` and commit docs/configuration.md"
    for name in Settings.model_fields:
        assert f"`POLICYGRAPH_{name.upper()}`" in page or name.startswith("neo4j_") or name == "api_key", name


# ---- backups -----------------------------------------------------------------------------------


def test_logical_backup_round_trip(
    settings: Settings, seeded: Driver, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.patch("/api/v1/documents/km-party-led-property-services-opinion", json={"status": "amended"}, headers=KEY)
    registry = lambda: [n for n in graph_snapshot(seeded)[0] if not {"Change", "ChangeLog"} & set(n[0])]  # noqa: E731
    nodes, links = registry(), graph_snapshot(seeded)[1]
    cli_uses(monkeypatch, settings)
    done = CliRunner().invoke(cli.app, ["backup", "--logical", "--to", str(tmp_path / "b")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "b" / "kunming-1-7-n.json").exists()
    wipe(seeded)
    restored = CliRunner().invoke(cli.app, ["restore", "--logical", str(tmp_path / "b")])
    assert restored.exit_code == 0, restored.output
    assert registry() == nodes and graph_snapshot(seeded)[1] == links
    empty = tmp_path / "empty"
    empty.mkdir()
    assert CliRunner().invoke(cli.app, ["restore", "--logical", str(empty)]).exit_code == 2


@pytest.mark.slow  # its own server, stopped for a dump and a load
def test_dump_and_load_round_trip(tmp_path: Path) -> None:
    """neo4j-admin dump/load on a server of our own: stopped for each, started again after."""
    server = throwaway_server(tmp_path / "home")
    server.start(timeout=240)
    said: list[str] = []
    try:
        user, password = server.credentials()
        migrate(server.bolt_uri, user, password)
        under_test = Neo4jUnderTest(server.bolt_uri, user, password, server.http_url, "local", server)
        with TestClient(create_app(settings_for(under_test, check_queries=False))) as api:
            assert post_import(api, seed_data()).status_code == 200
            api.patch("/api/v1/documents/km-base-smart-city", json={"title": "智慧城市"}, headers=KEY)
        with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
            before = graph_snapshot(driver)
        dump = backup.dump(server, tmp_path / "backups", said.append)
        assert dump.stat().st_size > 0 and server.status().state == "running"
        assert said[0].startswith("stopping Neo4j") and said[-1].startswith("wrote ")
        with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
            driver.execute_query("MATCH (d:Document) WHERE d.tier = 'unknown' DETACH DELETE d")
            assert graph_snapshot(driver) != before
        backup.load(server, dump, said.append)
        assert server.status().state == "running"
        with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
            assert graph_snapshot(driver) == before  # change history and suspect marks included
        with pytest.raises(FileNotFoundError):
            backup.load(server, tmp_path / "nope.dump", said.append)
    finally:
        server.stop()
