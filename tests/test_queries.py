"""Query files: loaded by name (a missing one stops startup) and checked in the background after
start, once for the same texts on the same server; a file that does not parse answers 500 naming
it, writes nothing, and turns /ready 503. The schema's version checked late (Neo4j down at start)
refuses every query when it is not the code's."""

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
from policygraph.plain import record_data
from policygraph.queries import QUERIES_DIR, QueryBook, QueryFileError, check_required, strip_browser_commands
from policygraph.services import schema
from policygraph.settings import Settings
from tests.support import Neo4jUnderTest, checked, graph_snapshot, migrate, post_import, seed_data, settings_for


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


def test_an_unparsable_query_file_answers_500_naming_it_and_is_found_by_the_check(
    neo4j_server: Neo4jUnderTest, seeded: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "queries"
    shutil.copytree(QUERIES_DIR, broken)
    (broken / "lineage.cypher").write_text("// broken\nMATCH (d:Document RETURN d\n")
    # A write an import runs after others in its transaction: the refusal must undo those.
    links = broken / "import" / "links.cypher"
    links.write_text(links.read_text(encoding="utf-8") + "\nRETURN nothing_here(1)\n", encoding="utf-8")
    # A file no request below uses, the first the background check reaches (it goes in name order).
    (broken / "analytics" / "describe.cypher").write_text("// broken\nRETURN x\n")
    monkeypatch.setattr(queries, "_book", QueryBook(broken))
    before = graph_snapshot(seeded)
    lineage = "/api/v1/documents/km-party-led-property-services-opinion/lineage"
    seeded.execute_query("MATCH (s:PolicygraphSchema) REMOVE s.queries_checked")

    # The check off: each file is still checked by the server on its first run.
    with TestClient(create_app(settings_for(neo4j_server, check_queries=False))) as api:
        assert api.get("/ready").json()["queries"] == "off"
        answer = api.get(lineage)
        assert answer.status_code == 500 and "queries/lineage.cypher does not parse" in answer.json()["detail"]
        ready = api.get("/ready")
        assert ready.status_code == 503 and "queries/lineage.cypher does not parse" in ready.json()["reason"]
        data = seed_data()
        data["documents"][0]["title"] = "改过的标题"
        written = post_import(api, data)
        assert written.status_code == 500, written.text
        assert "queries/import/links.cypher does not parse" in written.json()["detail"]
    assert graph_snapshot(seeded) == before  # nothing of the refused import was written

    # The check on: the API answers at once, and the background check finds the file nobody used.
    with TestClient(create_app(settings_for(neo4j_server, check_queries=True))) as api:
        assert api.get("/api/v1/pillars").status_code == 200
        final = checked(api)
        assert final["queries"] == "failed" and final["status"] == "broken"
        assert "queries/analytics/describe.cypher does not parse" in final["reason"], final
    assert seeded.execute_query("MATCH (s:PolicygraphSchema) RETURN s.queries_checked AS q").records[0]["q"] is None


def test_the_query_check_runs_once_for_the_same_texts_on_the_same_server(
    neo4j_server: Neo4jUnderTest, settings: Settings, driver: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first start EXPLAINs every file and stamps the schema record; a start with the same
    texts skips the check; a changed text or a migration means a check again."""
    checks: list[str] = []
    explain_all = Graph.explain_all

    async def counted(graph: Graph, width: int = 4) -> None:
        checks.append(graph.queries.root.name)
        await explain_all(graph, width)

    def stamp() -> str | None:
        return driver.execute_query("MATCH (s:PolicygraphSchema) RETURN s.queries_checked AS q").records[0]["q"]

    monkeypatch.setattr(Graph, "explain_all", counted)
    driver.execute_query("MATCH (s:PolicygraphSchema) REMOVE s.queries_checked")
    with TestClient(create_app(settings_for(neo4j_server, check_queries=False))):
        pass
    assert checks == [] and stamp() is None  # POLICYGRAPH_CHECK_QUERIES=false: not checked
    for _ in range(2):
        with TestClient(create_app(settings_for(neo4j_server, check_queries=True))) as api:
            assert checked(api) == {"status": "ok", "database": "neo4j", "queries": "checked", "reason": None}
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


def test_a_schema_found_at_another_version_after_start_refuses_every_query(
    neo4j_server: Neo4jUnderTest, seeded: Driver, settings: Settings
) -> None:
    """The API started while Neo4j was down checks the schema once it answers, as a start would
    have. Here it finds a version other than the code's (the code asks for one more migration):
    nothing is served, and /ready says why (a start against it would have refused to start)."""
    lineage = "/api/v1/documents/km-party-led-property-services-opinion/lineage"
    before = graph_snapshot(seeded)
    with TestClient(create_app(settings_for(neo4j_server, check_queries=False))) as api:
        assert api.get(lineage).status_code == 200
        graph = api.app.state.graph  # type: ignore[attr-defined]

        async def found_older() -> None:  # on the app's own event loop: the database lacks a migration
            await schema.start_when_reachable(graph, False, 0.1, schema.CODE_VERSION + 1)

        api.portal.call(found_older)  # type: ignore[union-attr]
        answer = api.get(lineage)
        assert answer.status_code == 500 and "policygraph db migrate" in answer.json()["detail"], answer.text
        data = seed_data()
        data["documents"][0]["title"] = "改过的标题"
        assert post_import(api, data).status_code == 500
        assert graph_snapshot(seeded) == before  # refused before anything was sent
        ready = api.get("/ready")
        assert ready.status_code == 503 and ready.json()["status"] == "broken"
        assert f"this policygraph needs {schema.CODE_VERSION + 1}" in ready.json()["reason"]

    async def late(code_version: int) -> tuple[bool, str | None, str]:
        graph = open_graph(settings)
        try:
            await schema.start_when_reachable(graph, False, 0.1, code_version)
            return graph.check.schema_pending, graph.check.refusal, graph.check.state
        finally:
            await graph.close()

    # At the code's version: served, with the files' check as asked (here off).
    assert asyncio.run(late(schema.CODE_VERSION)) == (False, None, "off")


def test_rows_are_read_as_the_drivers_own_plain_values(seeded: Driver) -> None:
    """policygraph.plain gives what Record.data() gives, for every kind of value a query returns."""
    texts = [
        "MATCH p = (d:Document)-[r]->(b) RETURN d, r, p, b.id AS id, [d, {n: b, l: [r]}] AS mixed LIMIT 20",
        "MATCH (d:Document) RETURN d {.*, day: date('2024-05-01'), at: datetime(), no: null, x: 1.5} AS m LIMIT 20",
        "RETURN [1, 'a', true, null, [2, [3]], {k: [{j: 4}]}] AS nested, point({x: 1, y: 2}) AS pt,"
        " duration('P1D') AS span",
        queries.book()["lineage"].text,
        queries.book()["dependents"].text,
    ]
    params = {"id": "km-base-party-building", "max_depth": 10, "paths": True, "offset": 0, "limit": 50}
    params |= {"certainties": ["stated", "inferred"], "as_of": None}
    compared = 0
    for text in texts:
        records, _, _ = seeded.execute_query(text, params)
        assert records, text[:80]
        for record in records:
            assert record_data(record) == record.data()
            compared += 1
    assert compared > 20
