"""Bulk load (`policygraph bulk-load`): the same graph as an import, for new frameworks only,
all of a file or nothing of it."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from bench.generate import framework
from policygraph import cli
from policygraph import settings as config
from policygraph.cli.common import with_graph
from policygraph.errors import Invalid
from policygraph.services import bulk, importer
from policygraph.settings import Settings
from tests.support import Neo4jUnderTest, graph_snapshot, wipe


def registry(index: int, size: int = 400) -> dict[str, Any]:
    return framework(index, size, random.Random(index))


def documents(driver: Driver) -> int:
    return driver.execute_query("MATCH (d:Document) RETURN count(d) AS n").records[0]["n"]


def test_bulk_load_makes_the_graph_an_import_makes(settings: Settings, empty_db: Driver) -> None:
    data = registry(0)
    imported = with_graph(settings, lambda g: importer.import_data(g, data))
    expected = graph_snapshot(empty_db, registry_only=True)
    wipe(empty_db)
    result = with_graph(settings, lambda g: bulk.bulk_load(g, data))
    assert graph_snapshot(empty_db, registry_only=True) == expected
    assert (result.documents, result.links) == (imported.documents, imported.links)
    nodes, rels = expected
    assert result.records == len(nodes) + len(rels)
    change = empty_db.execute_query("MATCH (c:Change {action: 'import'}) RETURN c.subject AS s, c.after AS a")
    [record] = change.records
    assert record["s"] == "bench-0" and json.loads(record["a"])["mode"] == "bulk"


def test_bulk_load_creates_only_and_writes_nothing_on_a_problem(settings: Settings, empty_db: Driver) -> None:
    data = registry(1)
    with_graph(settings, lambda g: bulk.bulk_load(g, data))
    before = graph_snapshot(empty_db)
    with pytest.raises(Invalid) as again:
        with_graph(settings, lambda g: bulk.bulk_load(g, data))
    paths = {problem.path for problem in again.value.problems}
    assert "framework.id" in paths and "documents[0].id" in paths and "pillars[0].key" in paths
    assert all("already exists" in problem.message for problem in again.value.problems)
    assert graph_snapshot(empty_db) == before

    broken = registry(2)
    broken["documents"][-1]["based_on"] = ["no-such-document"]
    with pytest.raises(Invalid) as unknown:
        with_graph(settings, lambda g: bulk.bulk_load(g, broken))
    [problem] = unknown.value.problems
    assert problem.path == f"documents[{len(broken['documents']) - 1}].based_on[0]"
    assert "unknown document 'no-such-document'" in problem.message
    assert graph_snapshot(empty_db) == before


def test_bulk_load_command_loads_files_side_by_side(
    neo4j_server: Neo4jUnderTest, empty_db: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The command loads each file in a worker process, which reads the connection from the environment.
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    config.get_settings.cache_clear()
    files = []
    for index in (3, 4, 5):
        path = tmp_path / f"bench-{index}.json"
        path.write_text(json.dumps(registry(index, 300), ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    loaded = CliRunner().invoke(cli.app, ["--lang", "en", "bulk-load", "--parallel", "2", *files])
    assert loaded.exit_code == 0, loaded.output
    assert documents(empty_db) == 900
    assert "records/s" in loaded.output
    again = CliRunner().invoke(cli.app, ["--lang", "en", "bulk-load", files[0]])
    assert again.exit_code == 2
    assert "already exists" in again.output
    assert documents(empty_db) == 900
    # neo4j-admin works on the local server's files only: a server named by NEO4J_URI is refused.
    initial = CliRunner().invoke(cli.app, ["--lang", "en", "bulk-load", "--initial", files[0]])
    assert initial.exit_code == 2 and "local server only" in initial.output
    assert documents(empty_db) == 900
    config.get_settings.cache_clear()


def test_a_record_deleted_after_the_check_refuses_the_bulk_load(settings: Settings, empty_db: Driver) -> None:
    """The check runs first, without the lock; the write then notices any link whose far end is
    gone (a delete in between) and writes nothing."""
    with_graph(settings, lambda g: importer.import_data(g, registry(3, size=50)))
    target = empty_db.execute_query("MATCH (d:Document {framework: 'bench-3'}) RETURN d.id AS id LIMIT 1")
    target_id = target.records[0]["id"]
    data = registry(4, size=50)
    data["documents"][-1]["based_on"] = [target_id]

    async def check_delete_write(graph: Any) -> bulk.BulkResult:
        policy = await bulk.validate(graph, data)
        empty_db.execute_query("MATCH (d:Document {id: $id}) DETACH DELETE d", id=target_id)
        return await bulk.write(graph, policy)

    before = graph_snapshot(empty_db)
    with pytest.raises(Invalid) as refused:
        with_graph(settings, check_delete_write)
    assert "deleted while the file was loading" in refused.value.problems[0].message
    after = graph_snapshot(empty_db)
    assert len(after[0]) == len(before[0]) - 1  # only the deleted document is gone
    assert documents(empty_db) == 49
