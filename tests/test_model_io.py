"""The model, the seed, import and export, against the real server."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from neo4j import Driver

from app.services.importer import parse_text
from app.settings import PROJECT_ROOT

SEED = PROJECT_ROOT / "graph" / "seed" / "kunming-1-7-n.yaml"
ARTICLE = PROJECT_ROOT / "graph" / "seed" / "sources" / "kunming-1-7-n-article.txt"
KEY = {"X-API-Key": "test-key"}


def seed_data() -> dict[str, Any]:
    return yaml.safe_load(SEED.read_text(encoding="utf-8"))


def post_import(client: TestClient, data: Any, mode: str = "merge", yaml_body: bool = False):
    if yaml_body:
        body = yaml.safe_dump(data, allow_unicode=True).encode()
        headers = {**KEY, "Content-Type": "application/yaml"}
    else:
        body = json.dumps(data, ensure_ascii=False, default=str).encode()
        headers = {**KEY, "Content-Type": "application/json"}
    return client.post(f"/api/v1/import?mode={mode}", content=body, headers=headers)


OPERATIONAL = ["PolicygraphSchema"]  # the schema's version record is never part of a snapshot
HISTORY = ["Change", "ChangeLog"]  # the change log: every write, imports included, adds to it


def graph_snapshot(driver: Driver, registry_only: bool = False) -> tuple[list[Any], list[Any]]:
    """Every node and relationship with labels, types and properties, in a fixed order.
    `registry_only` leaves out the change history (an identical re-import still records itself)."""
    skip = OPERATIONAL + (HISTORY if registry_only else [])
    nodes = driver.execute_query(
        "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $skip) RETURN labels(n) AS labels, properties(n) AS props",
        skip=skip,
    ).records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.key) AS a, type(r) AS t, "
        "properties(r) AS props, coalesce(b.id, b.key) AS b"
    ).records
    return (
        sorted((sorted(r["labels"]), sorted(r["props"].items(), key=str)) for r in nodes),
        sorted((r["a"], r["t"], sorted(r["props"].items()), r["b"]) for r in rels),
    )


@pytest.fixture
def seeded(client: TestClient, empty_db: Driver) -> Driver:
    response = post_import(client, seed_data())
    assert response.status_code == 200, response.text
    return empty_db


# ---- the seed states only what the article says -------------------------------------------


def test_seed_sources_are_verbatim_quotes_of_the_article() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    data = seed_data()
    records = [data["framework"], *data["pillars"], *data["departments"], *data["documents"]]
    for record in records:
        assert record.get("source"), f"{record} carries no source"
        assert record["source"] in article, f"not in the article: {record['source']}"


def test_seed_short_titles_are_drawn_from_the_titles() -> None:
    for document in seed_data()["documents"]:
        short = document["short_title"]
        assert set(short) <= set(document["title"]), f"{document['id']}: {short} adds to its title"
        assert len(short) < len(document["title"])


def test_seed_base_and_guiding_titles_appear_in_the_article() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    quoted = set(re.findall(r"《([^》]+)》", article))
    for doc in seed_data()["documents"]:
        if doc["tier"] == "base" or doc["id"] == "km-guiding-plan":
            assert doc["title"] in quoted
        # Nothing the article does not state: no dates, no numbers, no departments.
        for field in ("issued_on", "effective_from", "effective_until", "doc_number"):
            assert doc.get(field) is None
        assert not doc.get("responsible")
        assert "(translation)" in doc["title_en"] or "translation)" in doc["title_en"]


def test_seed_loads_with_the_article_structure(client: TestClient, seeded: Driver) -> None:
    rows = seeded.execute_query(
        "MATCH (p:Pillar) "
        "OPTIONAL MATCH (b:BaseDocument)-[:IMPLEMENTS]->(p) "
        "RETURN p.order AS order, p.name AS name, collect(b.title) AS bases ORDER BY p.order"
    ).records
    assert [r["name"] for r in rows] == [
        "党委领导",
        "政府负责",
        "民主协商",
        "社会协同",
        "公众参与",
        "法治保障",
        "科技支撑",
    ]
    expected_bases = [
        "关于全面加强城市基层党建工作的意见",
        "关于提升基层社会治理精细化水平的意见",
        "关于加强社会主义协商民主建设的实施意见",
        "昆明市推进“三社联动”创新社会治理的意见",
        "关于组织引导社会力量参与基层社会治理的实施意见",
        "昆明市法治政府建设实施方案(2021—2025年)",
        "昆明市智慧城市总体规划(2020—2035)",
    ]
    assert [r["bases"] for r in rows] == [[title] for title in expected_bases]
    # Each base document rests on the guiding plan; each supporting one on its pillar's base.
    bad = seeded.execute_query(
        "MATCH (b:BaseDocument) WHERE NOT (b)-[:BASED_ON]->(:GuidingDocument {id: 'km-guiding-plan'}) "
        "RETURN b.id AS id UNION "
        "MATCH (s:SupportingDocument)-[:IMPLEMENTS]->(p:Pillar) "
        "WHERE NOT (s)-[:BASED_ON]->(:BaseDocument)-[:IMPLEMENTS]->(p) RETURN s.id AS id"
    ).records
    assert bad == []
    planned = seeded.execute_query(
        "MATCH (g:GuidingDocument {status: 'planned'})-[:BASED_ON]->(:GuidingDocument {id: 'km-guiding-plan'}) "
        "RETURN count(g) AS n"
    ).records[0]["n"]
    assert planned == 2
    party = seeded.execute_query(
        "MATCH (s:SupportingDocument)-[:IMPLEMENTS]->(:Pillar {key: 'party-leadership'}) RETURN count(s) AS n"
    ).records[0]["n"]
    assert party == 3
    departments = seeded.execute_query("MATCH (d:Department) RETURN d.name AS name ORDER BY name")
    assert sorted(r["name"] for r in departments.records) == [
        "市委社会工委",
        "市委社会建设工作领导小组",
    ]


def test_stats_show_declared_beside_recorded(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/stats", params={"framework": "kunming-1-7-n"}).json()
    assert body["total"] == 1
    item = body["items"][0]
    assert item["declared"] == {"documents": 55, "issued": 39, "supporting": 47}
    recorded = item["recorded"]
    assert recorded["documents"] == 16
    assert recorded["supporting"] == 6
    assert recorded["issued"] == 0
    assert recorded["by_tier"] == {"guiding": 3, "base": 7, "supporting": 6}
    assert recorded["by_status"] == {"unknown": 14, "planned": 2}
    assert client.get("/api/v1/stats", params={"framework": "nope"}).status_code == 404
    frameworks = client.get("/api/v1/frameworks").json()
    assert [f["id"] for f in frameworks["items"]] == ["kunming-1-7-n"]
    assert frameworks["items"][0]["declared"]["documents"] == 55


# ---- round trips ------------------------------------------------------------------------


def test_export_import_export_is_identical(client: TestClient, seeded: Driver) -> None:
    first = client.get("/api/v1/export", params={"framework": "kunming-1-7-n"})
    assert first.status_code == 200
    graph_before = graph_snapshot(seeded, registry_only=True)
    from tests.conftest import wipe

    wipe(seeded)
    assert post_import(client, first.json()).status_code == 200
    second = client.get("/api/v1/export", params={"framework": "kunming-1-7-n"})
    assert second.content == first.content
    assert graph_snapshot(seeded, registry_only=True) == graph_before
    # The export equals the seed, record for record.
    seed = seed_data()
    exported = first.json()
    assert {d["id"]: d for d in exported["documents"]} == {
        d["id"]: {
            **d,
            "implements": d.get("implements", []),
            "based_on": d.get("based_on", []),
            "responsible": d.get("responsible", []),
        }
        for d in seed["documents"]
    }


def test_importing_twice_is_a_noop(client: TestClient, seeded: Driver) -> None:
    before = graph_snapshot(seeded, registry_only=True)
    response = post_import(client, seed_data())
    assert response.status_code == 200
    assert graph_snapshot(seeded, registry_only=True) == before


def test_yaml_and_json_both_load(client: TestClient, empty_db: Driver) -> None:
    assert post_import(client, seed_data(), yaml_body=True).status_code == 200
    yaml_graph = graph_snapshot(empty_db, registry_only=True)
    from tests.conftest import wipe

    wipe(empty_db)
    assert post_import(client, seed_data()).status_code == 200
    assert graph_snapshot(empty_db, registry_only=True) == yaml_graph
    assert len(yaml_graph[0]) == 1 + 7 + 2 + 16


ODD = [
    "引号“”‘’「」『』《》 and 'single' \"double\"",
    "back`tick`s ``` and }) DETACH DELETE n //",
    "' OR 1=1 -- $param {x} \\n \\ backslash",
    "emoji 🏛️📜✅ and 𠀀 (CJK ext. B)",
    "\u202eright-to-left override\u202c and zero\u200bwidth",
    "tab\tand\nnewline",
]


def odd_file() -> dict[str, Any]:
    return {
        "format": "policygraph/v1",
        "framework": {"id": "odd", "name": ODD[0], "source": ODD[1]},
        "pillars": [{"key": "odd-p", "name": ODD[2], "name_en": ODD[3], "order": 1}],
        "departments": [{"id": "odd-d", "name": ODD[4], "name_en": ODD[5]}],
        "documents": [
            {
                "id": f"odd-{i}",
                "title": text,
                "title_en": text[::-1],
                "tier": "supporting",
                "status": "issued",
                "doc_number": text,
                "source": text,
                "implements": ["odd-p"],
                "responsible": [{"department": "odd-d", "role": "lead"}],
            }
            for i, text in enumerate(ODD)
        ],
    }


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_odd_characters_round_trip_byte_for_byte(client: TestClient, empty_db: Driver, fmt: str) -> None:
    data = odd_file()
    assert post_import(client, data, yaml_body=fmt == "yaml").status_code == 200
    exported = client.get("/api/v1/export", params={"framework": "odd", "format": fmt})
    back = parse_text(exported.content, f"x.{fmt}")
    for i, text in enumerate(ODD):
        doc = back["documents"][i]
        assert doc["title"].encode() == text.encode()
        assert doc["title_en"].encode() == text[::-1].encode()
        assert doc["source"].encode() == text.encode()
    assert back["framework"]["name"] == ODD[0]
    assert back["departments"][0]["name"] == ODD[4]


# ---- structural errors: every one listed, nothing written --------------------------------


def broken(mutate) -> dict[str, Any]:
    data = copy.deepcopy(seed_data())
    mutate(data)
    return data


CASES = {
    "unknown field": (
        lambda d: d["documents"][0].update(colour="red"),
        "documents[0].colour",
    ),
    "bad enum": (
        lambda d: d["documents"][3].update(status="published"),
        "documents[3].status",
    ),
    "bad tier": (lambda d: d["documents"][4].update(tier="pillar"), "documents[4].tier"),
    "duplicate id": (
        lambda d: d["documents"].append(copy.deepcopy(d["documents"][5])),
        "documents[16].id",
    ),
    "unknown based_on": (
        lambda d: d["documents"][12].update(based_on=["x"]),
        "documents[12].based_on[0]",
    ),
    "unknown pillar": (
        lambda d: d["documents"][3].update(implements=["no-such-pillar"]),
        "documents[3].implements[0]",
    ),
    "unknown department": (
        lambda d: d["documents"][3].update(responsible=[{"department": "nobody", "role": "lead"}]),
        "documents[3].responsible[0].department",
    ),
    "bad role": (
        lambda d: d["documents"][3].update(responsible=[{"department": "km-social-work-committee", "role": "boss"}]),
        "documents[3].responsible[0].role",
    ),
    "bad date": (
        lambda d: d["documents"][1].update(issued_on="2021-13-45"),
        "documents[1].issued_on",
    ),
    "bad id": (lambda d: d["documents"][1].update(id="has space/slash"), "documents[1].id"),
    "wrong format": (lambda d: d.update(format="policygraph/v0"), "format"),
    "duplicate pillar": (
        lambda d: d["pillars"].append(copy.deepcopy(d["pillars"][0])),
        "pillars[7].key",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_structural_errors_reject_and_write_nothing(client: TestClient, empty_db: Driver, case: str) -> None:
    mutate, path = CASES[case]
    response = post_import(client, broken(mutate))
    assert response.status_code == 422, response.text
    paths = [e["path"] for e in response.json()["errors"]]
    assert path in paths, paths
    assert empty_db.execute_query("MATCH (n) WHERE NOT n:PolicygraphSchema RETURN count(n) AS n").records[0]["n"] == 0


def test_every_error_is_listed_at_once(client: TestClient, empty_db: Driver) -> None:
    def many(d: dict[str, Any]) -> None:
        d["documents"][12]["based_on"] = ["x"]
        d["documents"][0]["colour"] = "red"
        d["documents"][3]["status"] = "published"

    body = post_import(client, broken(many)).json()
    assert {"documents[12].based_on[0]", "documents[0].colour", "documents[3].status"} <= {
        e["path"] for e in body["errors"]
    }
    assert any(e["message"] == "unknown document 'x'" for e in body["errors"])


def test_a_failed_import_leaves_existing_data_untouched(client: TestClient, seeded: Driver) -> None:
    before = graph_snapshot(seeded)
    data = broken(lambda d: d["documents"][5].update(title="changed", based_on=["missing"]))
    assert post_import(client, data).status_code == 422
    assert graph_snapshot(seeded) == before


def test_references_may_point_into_the_database(client: TestClient, seeded: Driver) -> None:
    extra = {
        "format": "policygraph/v1",
        "framework": {"id": "district", "name": "区级体系"},
        "documents": [
            {
                "id": "district-doc",
                "title": "区级配套文件",
                "tier": "supporting",
                "based_on": ["km-base-party-building"],
                "implements": ["party-leadership"],
                "responsible": [{"department": "km-social-work-committee", "role": "joint"}],
            }
        ],
    }
    assert post_import(client, extra).status_code == 200
    # Ids belong to one framework: another file cannot take them over.
    hijack = copy.deepcopy(extra)
    hijack["documents"][0]["id"] = "km-guiding-plan"
    errors = post_import(client, hijack).json()["errors"]
    assert errors[0]["message"] == "document 'km-guiding-plan' already belongs to framework 'kunming-1-7-n'"


def test_replace_touches_only_its_framework(client: TestClient, seeded: Driver) -> None:
    other = {
        "format": "policygraph/v1",
        "framework": {"id": "other", "name": "另一体系"},
        "documents": [{"id": "other-1", "title": "其他", "tier": "guiding"}],
    }
    assert post_import(client, other).status_code == 200
    smaller = broken(lambda d: d.update(documents=[x for x in d["documents"] if x["tier"] != "supporting"]))
    response = post_import(client, smaller, mode="replace")
    assert response.status_code == 200, response.text
    assert response.json()["deleted"]["documents"] == 6
    counts = {
        r["f"]: r["n"]
        for r in seeded.execute_query("MATCH (d:Document) RETURN d.framework AS f, count(*) AS n").records
    }
    assert counts == {"kunming-1-7-n": 10, "other": 1}
    # In replace mode a reference to a record the file drops is unknown.
    dangling = broken(lambda d: d.update(documents=[x for x in d["documents"] if x["id"] != "km-guiding-plan"]))
    assert post_import(client, dangling, mode="replace").status_code == 422


def test_writes_need_the_key(client: TestClient, empty_db: Driver) -> None:
    body = json.dumps(seed_data(), ensure_ascii=False).encode()
    assert client.post("/api/v1/import", content=body).status_code == 401
    wrong = client.post("/api/v1/import", content=body, headers={"X-API-Key": "wrong"})
    assert wrong.status_code == 401
    assert empty_db.execute_query("MATCH (n) WHERE NOT n:PolicygraphSchema RETURN count(n) AS n").records[0]["n"] == 0


def test_export_of_unknown_framework_is_404(client: TestClient, empty_db: Driver) -> None:
    response = client.get("/api/v1/export", params={"framework": "nope"})
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


def test_cli_load_and_export(tmp_path: Path, settings, empty_db: Driver, monkeypatch) -> None:
    from typer.testing import CliRunner

    from app import cli

    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    runner = CliRunner()
    result = runner.invoke(cli.app, ["load", str(SEED)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.yaml"
    result = runner.invoke(cli.app, ["export", "--framework", "kunming-1-7-n", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["framework"]["declared"]["documents"] == 55
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(broken(lambda d: d["documents"][12].update(based_on=["x"])), allow_unicode=True))
    result = runner.invoke(cli.app, ["load", str(bad)])
    assert result.exit_code == 2
    assert "documents[12].based_on[0]: unknown document 'x'" in result.output


def test_published_json_schema_matches_the_code() -> None:
    from app.model.interchange import json_schema

    published = json.loads((PROJECT_ROOT / "docs" / "policygraph-v1.schema.json").read_text())
    assert published == json_schema(), "run `policygraph format-schema` and commit the result"
