"""`policygraph bulk-load --initial`: an empty database filled by neo4j-admin import, on a server
of our own (stopped for the import). The graph is the one the transactional bulk load makes; the
schema, the schema record and the change log are there after it; any problem leaves the database
as it was."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import Neo4jError
from typer.testing import CliRunner

from bench.generate import framework
from policygraph import cli
from policygraph import settings as config
from policygraph.cli.common import with_graph
from policygraph.db import open_graph
from policygraph.errors import MAX_PROBLEMS, Invalid
from policygraph.neo4j_server import ProvisioningError
from policygraph.services import bulk, initial_load, schema
from policygraph.settings import Settings
from tests.support import graph_snapshot, migrate, provisioned_server, seed_data


def schema_objects(driver: Driver) -> tuple[list[Any], list[Any]]:
    constraints = driver.execute_query("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN *")
    indexes = driver.execute_query(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state WHERE type <> 'LOOKUP' RETURN *"
    )
    return sorted(map(str, constraints.records)), sorted(map(str, indexes.records))


def files(folder: Path) -> list[Path]:
    """The seed (topics, departments, repeals, multi-line and quoted text) and two generated frameworks."""
    seed = seed_data()
    seed["documents"][0]["title_en"] = 'A "quoted",\nmulti-line title'
    registries = [seed, framework(0, 300, random.Random(0), dates=True), framework(1, 200, random.Random(1))]
    paths = []
    for index, data in enumerate(registries):
        path = folder / f"file-{index}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        paths.append(path)
    return paths


def invoke(*args: str) -> Any:
    config.get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli.app, ["--lang", "en", "bulk-load", "--initial", *args])
    finally:
        config.get_settings.cache_clear()


@pytest.mark.slow  # its own server, stopped and started for each import
def test_initial_load_makes_the_graph_a_bulk_load_makes(
    settings: Settings, empty_db: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = files(tmp_path)
    for path in paths:  # the reference: the transactional bulk load, on the session's server
        raw = json.loads(path.read_text(encoding="utf-8"))
        with_graph(settings, lambda g, raw=raw: bulk.bulk_load(g, raw))
    expected = graph_snapshot(empty_db, registry_only=True)
    expected_schema = schema_objects(empty_db)

    server = provisioned_server(tmp_path / "data", monkeypatch)
    server.start(timeout=240)
    try:
        user, password = server.credentials()
        migrate(server.bolt_uri, user, password)
        with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
            empty = graph_snapshot(driver)

            # A problem in any file: nothing is imported, the server never stopped.
            twice = tmp_path / "twice.json"
            twice.write_bytes(paths[2].read_bytes())
            broken = json.loads(paths[1].read_text(encoding="utf-8"))
            broken["documents"][-1]["based_on"] = ["no-such-document"]
            (tmp_path / "broken.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
            refused = invoke(str(paths[2]), str(twice), str(tmp_path / "broken.json"))
            assert refused.exit_code == 2, refused.output
            assert "unknown document 'no-such-document'" in refused.output
            assert "1 of 3 file(s) have errors; nothing was written" in refused.output
            assert graph_snapshot(driver) == empty

            # The steps after the checks, on the test's own (quicker to restart) server object;
            # each staging folder beside its store, as the command's, for the store is moved in.
            said: list[Any] = []

            def load(files: list[dict[str, Any]], staging: Path, damage: str = "") -> list[int]:
                async def run() -> list[int]:
                    here = config.Settings()
                    graph = open_graph(here)
                    try:
                        parts = [
                            await initial_load.prepare(graph, data, staging / "csv" / str(n), f"file-{n}")
                            for n, data in enumerate(files)
                        ]
                    finally:
                        await graph.close()
                    if damage:
                        with parts[0].relationships[0].open("a", encoding="utf-8") as csv:
                            csv.write(damage)
                    return await initial_load.load(server, lambda: open_graph(here), parts, staging, said.append)

                return asyncio.run(run())

            fine = broken | {"documents": broken["documents"][:-1]}
            # An id in two files: refused before anything stops.
            with pytest.raises(Invalid) as twice_refused:
                load([fine, fine], server.home / "s0")
            problems = [str(problem) for problem in twice_refused.value.problems]
            assert problems[0] == "(files): department 'bench-0-dep0' is in more than one file: file-0, file-1"
            every = 1 + len(fine["pillars"]) + len(fine["departments"]) + len(fine["documents"])
            assert twice_refused.value.total == every and len(problems) == MAX_PROBLEMS  # all counted, 100 shown
            # neo4j-admin refuses the CSV (a link to no node): the live store was never touched.
            with pytest.raises(ProvisioningError, match="import"):
                load([fine], server.home / "s1", damage='"no-such-start","no-such-end",BASED_ON\n')
            assert server.status().state == "running"
            assert graph_snapshot(driver) == empty
            # The imported data breaks a constraint made again after the import: the empty store is put back.
            driver.execute_query("CREATE CONSTRAINT sources_once FOR (d:Document) REQUIRE d.sources IS UNIQUE")
            with pytest.raises(Neo4jError):
                load([fine], server.home / "s2")
            assert any("putting the empty database back" in str(line) for line in said)
            assert server.status().state == "running"
        with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
            assert graph_snapshot(driver) == empty
            driver.execute_query("DROP CONSTRAINT sources_once")
            empty_schema = schema_objects(driver)

            loaded = invoke("--parallel", "2", *map(str, paths))
            assert loaded.exit_code == 0, loaded.output
            assert "records/s" in loaded.output and "change 3" in loaded.output
        with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
            assert graph_snapshot(driver, registry_only=True) == expected
            assert schema_objects(driver) == empty_schema == expected_schema
            changes = driver.execute_query(
                "MATCH (c:Change) RETURN c.seq AS seq, c.subject AS subject, c.after AS after"
            )
            assert sorted(r["seq"] for r in changes.records) == [1, 2, 3]
            assert {json.loads(r["after"])["mode"] for r in changes.records} == {"initial"}

            record = driver.execute_query("MATCH (s:PolicygraphSchema) RETURN s.version AS version").records
            assert [r["version"] for r in record] == [schema.CODE_VERSION]

            # Not empty any more: refused, nothing written.
            before = graph_snapshot(driver)
            other = tmp_path / "other.json"
            other.write_text(json.dumps(framework(2, 50, random.Random(2)), ensure_ascii=False), encoding="utf-8")
            again = invoke(str(other))
            assert again.exit_code == 2 and "not empty" in again.output
            assert graph_snapshot(driver) == before
    finally:
        server.stop()
