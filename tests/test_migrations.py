"""Schema migrations against the real server: the recorded version, the upgrade of version 1
data, refusals to start against an older or newer schema, idempotence, and that the migrations
produce exactly graph/schema.cypher."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from typer.testing import CliRunner

from policygraph import cli
from policygraph.main import create_app
from policygraph.services import records, schema
from policygraph.settings import Settings
from tests.support import KEY, Neo4jUnderTest, cli_uses, graph_snapshot, migrate, post_import, seed_data, wipe

V2_ONLY = ["changelog_id", "change_seq", "change_subject"]


def names(driver: Driver) -> set[str]:
    constraints = driver.execute_query("SHOW CONSTRAINTS YIELD name").records
    indexes = driver.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'").records
    return {r["name"] for r in constraints} | {r["name"] for r in indexes}


def declared(path) -> set[str]:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"CREATE (?:CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+)", text))


def version(driver: Driver) -> int | None:
    rows = driver.execute_query("MATCH (s:PolicygraphSchema {id: 'policygraph'}) RETURN s.version AS v").records
    return rows[0]["v"] if rows else None


@pytest.fixture
def restored(neo4j_server: Neo4jUnderTest, driver: Driver) -> Iterator[Driver]:
    """Tests here take the schema back to older versions; afterwards it is current again."""
    try:
        yield driver
    finally:
        wipe(driver)
        driver.execute_query("MATCH (s:PolicygraphSchema) DELETE s")  # every migration again: they are idempotent
        migrate(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
        assert version(driver) == schema.CODE_VERSION


def to_version_1(driver: Driver) -> None:
    """A database as the first release left it: v1 constraints, data, no version record."""
    for name in V2_ONLY:
        kind = "INDEX" if name == "change_subject" else "CONSTRAINT"
        driver.execute_query(f"DROP {kind} {name} IF EXISTS")  # type: ignore[arg-type]
    driver.execute_query("MATCH (n) WHERE n:PolicygraphSchema OR n:Change OR n:ChangeLog DETACH DELETE n")


def test_the_database_records_the_code_version(driver: Driver) -> None:
    assert schema.CODE_VERSION == len(schema.migrations()) >= 2
    assert version(driver) == schema.CODE_VERSION
    applied = driver.execute_query("MATCH (s:PolicygraphSchema) RETURN s.applied AS a").records[0]["a"]
    assert [entry.split(" ")[0] for entry in applied] == [m.name for m in schema.migrations()]


def test_migrations_produce_exactly_schema_cypher(driver: Driver) -> None:
    from_migrations = set().union(*(declared(m.path) for m in schema.migrations()))
    assert from_migrations == declared(schema.SCHEMA_FILE)
    assert from_migrations <= names(driver)


def test_upgrade_from_version_1_data(
    restored: Driver, client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    wipe(restored)
    assert post_import(client, seed_data()).status_code == 200
    to_version_1(restored)
    before = graph_snapshot(restored)
    assert V2_ONLY[0] not in names(restored)

    with (
        pytest.raises(schema.SchemaMismatch, match=r"version 1; .*policygraph db migrate"),
        TestClient(create_app(settings)),
    ):
        pass

    cli_uses(monkeypatch, settings)
    result = CliRunner().invoke(cli.app, ["db", "migrate"])
    assert result.exit_code == 0, result.output
    assert "applied 0002_change_history" in result.output
    assert "0001_initial" not in result.output  # version 1 is already there
    assert set(V2_ONLY) <= names(restored)
    assert version(restored) == schema.CODE_VERSION
    after = graph_snapshot(restored)
    documents = [n for n in after[0] if "Document" in n[0]]
    assert documents == [n for n in before[0] if "Document" in n[0]] and after[1] == before[1]

    with TestClient(create_app(settings)) as upgraded:
        edit = upgraded.patch(
            "/api/v1/documents/km-party-led-property-services-opinion", json={"status": "amended"}, headers=KEY
        )
        assert edit.status_code == 200
        assert upgraded.get("/api/v1/documents/km-party-led-property-services-opinion/history").json()["total"] == 1

    again = CliRunner().invoke(cli.app, ["db", "migrate"])
    assert again.exit_code == 0 and "applied" not in again.output  # nothing left to do


def test_migration_7_derives_what_a_write_derives(
    restored: Driver, client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents written before schema 7 get their parsed 发文字号, title period and days in force
    from `db migrate`, exactly as a write would have derived them, repeals included."""
    wipe(restored)
    data = seed_data()
    opinion = next(d for d in data["documents"] if d["id"] == "km-party-led-property-services-opinion")
    opinion.update(doc_number="昆组通（２０１９）第80号", issued_on="2019-06-01", effective_until="2024-12-31")
    plan = next(d for d in data["documents"] if d["tier"] == "guiding")
    plan["repeals"] = [{"document": opinion["id"], "effective_on": "2023-01-01"}]
    assert post_import(client, data).status_code == 200
    written = graph_snapshot(restored)
    derived = sorted(records.DERIVED_PROPS)
    restored.execute_query("MATCH (d:Document) REMOVE " + ", ".join(f"d.{prop}" for prop in derived))
    restored.execute_query("MATCH (s:PolicygraphSchema {id: 'policygraph'}) SET s.version = 6")
    assert graph_snapshot(restored) != written

    cli_uses(monkeypatch, settings)
    result = CliRunner().invoke(cli.app, ["db", "migrate"])
    assert result.exit_code == 0 and "applied 0007_time" in result.output, result.output
    assert graph_snapshot(restored) == written
    row = restored.execute_query(
        "MATCH (d:Document {id: $id}) RETURN d.doc_number_key AS key, d.repealed_on AS on", id=opinion["id"]
    ).records[0]
    assert row["key"] == "昆组通〔2019〕80号" and str(row["on"]) == "2023-01-01"


def test_a_newer_database_is_refused(restored: Driver, settings: Settings) -> None:
    restored.execute_query(
        "MATCH (s:PolicygraphSchema {id: 'policygraph'}) SET s.version = $v", v=schema.CODE_VERSION + 1
    )
    with pytest.raises(schema.SchemaMismatch, match=r"newer than this policygraph"), TestClient(create_app(settings)):
        pass


def test_an_empty_unmigrated_database_is_refused(restored: Driver, settings: Settings) -> None:
    wipe(restored)
    restored.execute_query("MATCH (s:PolicygraphSchema) DELETE s")
    with pytest.raises(schema.SchemaMismatch, match=r"version 0"), TestClient(create_app(settings)):
        pass


def test_every_migration_is_idempotent(driver: Driver) -> None:
    for migration in schema.migrations():
        for statement in migration.statements():
            summary = driver.execute_query(statement).summary  # type: ignore[arg-type]
            assert summary.counters.system_updates == 0, (migration.name, statement)


def test_migration_4_gives_old_claims_their_evidence(
    restored: Driver, client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data as schema 3 kept it: one `source` text per record, no evidence on links."""
    wipe(restored)
    odd = '在“坚持”方面, "quoted" \\ back\\slash\nnew line'
    restored.execute_query(
        "CREATE (:Framework {id: 'old', name: '旧体系'}) "
        "CREATE (g:Document:GuidingDocument {id: 'old-g', title: '纲领', tier: 'guiding', status: 'unknown', "
        "  framework: 'old', source: 'https://example.org/plan'}) "
        "CREATE (b:Document:BaseDocument {id: 'old-b', title: '基础', tier: 'base', status: 'unknown', "
        "  framework: 'old', source: $odd}) "
        "CREATE (p:Pillar {key: 'old-p', name: '支柱', order: 1, framework: 'old'}) "
        "CREATE (b)-[:BASED_ON]->(g) CREATE (b)-[:IMPLEMENTS]->(p)",
        odd=odd,
    )
    restored.execute_query(
        "MATCH (s:PolicygraphSchema {id: 'policygraph'}) SET s.version = 3, s.applied = s.applied[..3]"
    )
    cli_uses(monkeypatch, settings)
    result = CliRunner().invoke(cli.app, ["db", "migrate"])
    assert result.exit_code == 0 and "applied 0004_evidence_and_structure" in result.output, result.output
    with TestClient(create_app(settings)) as upgraded:
        exported = upgraded.get("/api/v1/export", params={"framework": "old"}).json()
        documents = {d["id"]: d for d in exported["documents"]}
        # A record's source became its sources, stated: a URL as where, other text as a quote.
        assert documents["old-g"]["sources"] == [{"where": "https://example.org/plan"}]
        assert documents["old-b"]["sources"][0]["quote"] == odd and documents["old-b"]["certainty"] == "stated"
        # Links kept no evidence: now inferred, with the reason, and no source to show.
        [link] = documents["old-b"]["based_on"]
        assert link["certainty"] == "inferred" and "schema 4" in link["reason"] and not link.get("sources")
        # A record with no source at all is inferred, and says so.
        [pillar] = exported["pillars"]
        assert pillar["certainty"] == "inferred" and pillar["reason"]
        lineage = upgraded.get("/api/v1/documents/old-b/lineage").json()
        assert [(a["id"], a["certainty"], a["relation"]) for a in lineage["ancestors"]] == [
            ("old-g", "inferred", "basis")
        ]
        # The audit lists them; re-importing the export names each claim still without a source.
        inferred = upgraded.get("/api/v1/audit", params={"check": "inferred"}).json()["summary"]["total"]
        assert inferred == 3  # the pillar, BASED_ON and IMPLEMENTS
        refused = post_import(upgraded, exported)
        assert refused.status_code == 422
        paths = {e["path"] for e in refused.json()["errors"]}
        assert {"pillars[0].sources", "documents[1].based_on[0].sources"} <= paths, paths
    assert restored.execute_query("MATCH (n) WHERE n.source IS NOT NULL RETURN count(n) AS n").records[0]["n"] == 0
