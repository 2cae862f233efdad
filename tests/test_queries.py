"""Query files: loaded by name, checked at startup (missing or unparsable files stop the API), once
for the same texts on the same server."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from policygraph import queries
from policygraph.db import Graph, open_graph
from policygraph.main import create_app
from policygraph.queries import QUERIES_DIR, QueryBook, QueryFileError, check_required, strip_browser_commands
from policygraph.services import schema
from policygraph.settings import Settings
from tests.support import Neo4jUnderTest, migrate, settings_for


def test_param_lines_are_stripped_and_comments_kept() -> None:
    text = "// what it answers\n:param id => 'x';\n:param n => 3;\nMATCH (d {id: $id}) RETURN d"
    assert strip_browser_commands(text) == "// what it answers\n\n\nMATCH (d {id: $id}) RETURN d"


def test_every_query_file_has_a_header_and_its_params() -> None:
    book = QueryBook()
    assert len(book.names()) >= 20
    for name in book.names():
        source = book[name].path.read_text(encoding="utf-8")
        assert source.startswith("//"), f"{name}: no header comment"
        used = set(re.findall(r"\$(\w+)", book[name].text))
        declared = set(re.findall(r"^:param (\w+) =>", source, flags=re.MULTILINE))
        assert used <= declared, f"{name}: parameters without a :param line: {used - declared}"


def test_a_missing_query_file_stops_startup(settings: Settings, driver: Driver) -> None:
    queries.named("no/such/query")
    try:
        with pytest.raises(QueryFileError, match=r"queries/no/such/query\.cypher"):
            check_required(QueryBook())
        with pytest.raises(QueryFileError), TestClient(create_app(settings)):
            pass
    finally:
        queries._required.discard("no/such/query")


def test_an_unparsable_query_file_stops_startup(
    settings: Settings, driver: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "queries"
    shutil.copytree(QUERIES_DIR, broken)
    (broken / "lineage.cypher").write_text("// broken\nMATCH (d:Document RETURN d\n")
    monkeypatch.setattr(queries, "_book", QueryBook(broken))
    with pytest.raises(QueryFileError, match=r"lineage\.cypher does not parse"), TestClient(create_app(settings)):
        pass


def test_the_query_check_runs_once_for_the_same_texts_on_the_same_server(
    neo4j_server: Neo4jUnderTest, settings: Settings, driver: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first start EXPLAINs every file and stamps the schema record; a start with the same
    texts skips the check; a changed text or a migration means a check again."""
    checks: list[str] = []
    explain_all = Graph.explain_all

    async def counted(graph: Graph) -> None:
        checks.append(graph.queries.root.name)
        await explain_all(graph)

    def stamp() -> str | None:
        return driver.execute_query("MATCH (s:PolicygraphSchema) RETURN s.queries_checked AS q").records[0]["q"]

    monkeypatch.setattr(Graph, "explain_all", counted)
    driver.execute_query("MATCH (s:PolicygraphSchema) REMOVE s.queries_checked")
    with TestClient(create_app(settings_for(neo4j_server, check_queries=False))):
        pass
    assert checks == [] and stamp() is None  # POLICYGRAPH_CHECK_QUERIES=false: not checked
    for _ in range(2):
        with TestClient(create_app(settings)):
            pass
    assert checks == ["queries"] and stamp() and stamp().endswith(QueryBook().digest)  # type: ignore[union-attr]
    # The same rule, on a book of three files (a check of all of them takes seconds).
    small = tmp_path / "small"
    (small / "schema").mkdir(parents=True)
    for name in ("lineage", "schema/version", "schema/queries_checked"):
        shutil.copy(QUERIES_DIR / f"{name}.cypher", small / f"{name}.cypher")

    async def check() -> bool:
        graph = open_graph(settings, queries=QueryBook(small))
        try:
            return await schema.check_queries(graph, await schema.database_state(graph.driver, graph.database))
        finally:
            await graph.close()

    assert [asyncio.run(check()), asyncio.run(check())] == [True, False]
    assert stamp().endswith(QueryBook(small).digest)  # type: ignore[union-attr]
    (small / "lineage.cypher").write_text((QUERIES_DIR / "lineage.cypher").read_text() + "\n// a comment\n")
    assert [asyncio.run(check()), asyncio.run(check())] == [True, False]  # a changed text
    driver.execute_query(
        "MATCH (s:PolicygraphSchema) SET s.queries_checked = 'Neo4j/4.4.0 ' + $d", d=QueryBook(small).digest
    )
    assert asyncio.run(check())  # another server version
    driver.execute_query("MATCH (s:PolicygraphSchema) SET s.version = s.version - 1, s.applied = s.applied[..-1]")
    assert migrate(neo4j_server.uri, neo4j_server.user, neo4j_server.password)  # the last one again
    assert stamp() is None
