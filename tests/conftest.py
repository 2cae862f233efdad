"""Fixtures: one real Neo4j per test session, chosen as DESIGN.md §5 says.

1. NEO4J_URI set: that server. It must be empty (the suite wipes it between tests), unless
   POLICYGRAPH_TEST_ALLOW_WIPE=1 says it may be wiped.
2. A Docker engine answers: `neo4j:5.26-community` through testcontainers.
3. Otherwise: a local server assembled from Maven Central jars, in a temporary home, on free
   ports. The jars are cached under .data/neo4j-dist, shared with `make run`.

Helpers (snapshots, the seed, building servers and settings) live in tests/support.py; test
modules import from there, never from each other or from here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase

from policygraph import api_process
from policygraph.main import create_app
from policygraph.neo4j_server.common import browser_conf
from policygraph.neo4j_server.docker import docker_client, env_name
from policygraph.neo4j_server.machine import free_port
from policygraph.settings import Settings
from tests.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SESSION_JVM,
    SUITE_CONF,
    Neo4jUnderTest,
    migrate,
    missing,
    post_import,
    seed_data,
    settings_for,
    throwaway_server,
    wipe,
)

# The files that take longest go first (`make test` hands whole files, in this order, to whichever
# worker is free: --dist loadfile --no-loadscope-reorder), so the workers finish together rather
# than one waiting on the last long file. Measured one file at a time, longest first; of the orders
# tried, this one finished first (570 s against 625 s with the fuzzer second).
LONGEST_FIRST = (
    "test_faults",  # needs no session server: the other worker starts its own meanwhile
    "test_foundation",
    "test_ops",
    "test_acknowledgements",
    "test_fuzz",
    "test_jobs",
    "test_audit",
    "test_model_io",
    "test_writes",
    "test_traversal",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        module = item.path.stem
        return LONGEST_FIRST.index(module) if module in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the order within a file stays


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jUnderTest]:
    if os.environ.get("NEO4J_URI"):
        yield Neo4jUnderTest(
            uri=os.environ["NEO4J_URI"],
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ["NEO4J_PASSWORD"],
            http_url=None,
            kind="external",
        )
        return
    api_port = free_port()
    if docker_client() is not None:
        from testcontainers.neo4j import Neo4jContainer

        container = Neo4jContainer("neo4j:5.26-community", password="policygraph-test")
        for key, value in {**browser_conf(f"http://127.0.0.1:{api_port}"), **SUITE_CONF}.items():
            container.with_env(env_name(key), value)
        with container:
            yield Neo4jUnderTest(
                uri=container.get_connection_url(),
                user="neo4j",
                password="policygraph-test",
                http_url=f"http://{container.get_container_host_ip()}:{container.get_exposed_port(7474)}",
                kind="docker",
                browser_api_port=api_port,
            )
        return
    browser = browser_conf(f"http://127.0.0.1:{api_port}")
    server = throwaway_server(tmp_path_factory.mktemp("neo4j-home"), extra_conf=browser, jvm_options=SESSION_JVM)
    server.start(timeout=240)
    user, password = server.credentials()
    try:
        yield Neo4jUnderTest(server.bolt_uri, user, password, server.http_url, "local", server, api_port)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def driver(neo4j_server: Neo4jUnderTest) -> Iterator[Driver]:
    with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)) as drv:
        count = drv.execute_query("MATCH (n) WHERE NOT n:PolicygraphSchema RETURN count(n) AS n").records[0]["n"]
        if neo4j_server.kind == "external" and count and os.environ.get("POLICYGRAPH_TEST_ALLOW_WIPE") != "1":
            pytest.exit(
                f"NEO4J_URI points at a database with {count} nodes; the tests wipe it. Use an "
                "empty database or set POLICYGRAPH_TEST_ALLOW_WIPE=1.",
                returncode=2,
            )
        migrate(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
        yield drv


@pytest.fixture
def empty_db(driver: Driver) -> Driver:
    """A database with the schema and no data."""
    wipe(driver)
    return driver


@pytest.fixture
def seeded(client: TestClient, empty_db: Driver) -> Driver:
    """The seed (the Kunming framework), imported over HTTP into an empty database."""
    response = post_import(client, seed_data())
    assert response.status_code == 200, response.text
    return empty_db


@pytest.fixture(scope="session")
def settings(neo4j_server: Neo4jUnderTest) -> Settings:
    return settings_for(neo4j_server)


@pytest.fixture(scope="session")
def client(settings: Settings, driver: Driver) -> Iterator[TestClient]:
    """The API in-process, with its lifespan (driver, query checks) run once per session."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_api(neo4j_server: Neo4jUnderTest, driver: Driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API as its own process on loopback, on the port the Browser's post-connect command
    points at (the browser test and the fuzzer talk to it over real HTTP)."""
    env = {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "POLICYGRAPH_API_KEY": "test-key",
        "POLICYGRAPH_CHECK_QUERIES": "false",  # as settings_for (tests/support.py) says why
    }
    if neo4j_server.http_url:
        env["POLICYGRAPH_NEO4J_HTTP_PORT"] = neo4j_server.http_url.rsplit(":", 1)[1]
    log = tmp_path_factory.mktemp("live-api") / "api.log"
    process, url = api_process.start(env, log, port=neo4j_server.browser_api_port)
    try:
        yield url
    finally:
        api_process.stop(process)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by playwright (headless), for pages a person reads. One per module:
    playwright's sync API runs one at a time in a thread, and other modules start their own."""
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed: pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
