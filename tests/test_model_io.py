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

from policygraph.model.interchange import PolicyFile
from policygraph.services.exporter import PlainDumper
from policygraph.services.validation import parse_text
from tests.support import (
    ARTICLE,
    PROJECT_ROOT,
    PUBLIC_PAGES,
    SEED,
    cli_uses,
    graph_snapshot,
    post_import,
    seed_data,
    sourced,
)


def seed_claims() -> list[tuple[str, dict[str, Any]]]:
    """Every claim in the seed file, as (path, claim): records and links, links given bare
    resolved to their record's evidence as the importer resolves them."""
    policy = PolicyFile.model_validate(seed_data())
    data = policy.model_dump(mode="json")
    claims: list[tuple[str, dict[str, Any]]] = [("framework", data["framework"])]
    for section in ("pillars", "departments", "topics", "documents"):
        for i, record in enumerate(data[section]):
            claims.append((f"{section}[{i}]", record))
            for field in ("implements", "based_on", "placed_under", "covers", "responsible"):
                for j, link in enumerate(record.get(field) or []):
                    claims.append((f"{section}[{i}].{field}[{j}]", link))
    return claims


# ---- the seed says only what its sources say -----------------------------------------------


def test_every_seed_claim_has_a_source_and_every_inference_a_reason() -> None:
    claims = seed_claims()
    assert len(claims) > 60
    for path, claim in claims:
        assert claim["sources"], f"{path} has no source"
        assert claim["certainty"] in {"stated", "inferred"}, path
        if claim["certainty"] == "inferred":
            assert claim.get("reason") and len(claim["reason"]) > 40, f"{path} is inferred without a reason"
        for source in claim["sources"]:
            assert source.get("read_on"), f"{path}: when the source was read is not recorded"
    # The raw file, too: no record leaves its evidence to a default.
    raw = seed_data()
    for record in [raw["framework"], *raw["pillars"], *raw["departments"], *raw["topics"], *raw["documents"]]:
        assert "sources" in record and "certainty" in record, record.get("id") or record.get("key")


def test_every_seed_quote_is_verbatim_in_its_source() -> None:
    pages = PUBLIC_PAGES.read_text(encoding="utf-8")
    for path, claim in seed_claims():
        for source in claim["sources"]:
            where, quote = source["where"], source.get("quote")
            assert quote, f"{path}: every seed source quotes its words"
            if where.startswith("http"):
                # A stored excerpt of the page, under a heading naming the URL.
                section = pages.split(f"## {where}\n", 1)
                assert len(section) == 2, f"{path}: {where} has no stored excerpt in {PUBLIC_PAGES.name}"
                assert quote in section[1].split("\n## ", 1)[0], f"{path}: not in the excerpt of {where}: {quote}"
            else:
                file = PROJECT_ROOT / where
                assert file.parent == ARTICLE.parent and file.is_file(), f"{path}: {where} is not a source file"
                assert quote in file.read_text(encoding="utf-8"), f"{path}: not in {where}: {quote}"


def test_seed_states_no_link_the_article_does_not() -> None:
    data = seed_data()
    documents = {d["id"]: d for d in data["documents"]}
    # No document's own basis is stated anywhere: the seed has no BASED_ON link at all.
    assert all(not d.get("based_on") for d in documents.values())
    # One guiding document; the two plans are placed under it, with their membership unknown.
    assert [d["id"] for d in documents.values() if d["tier"] == "guiding"] == ["km-guiding-plan"]
    for plan in ("km-plan-14th-five-year-social-construction", "km-plan-social-construction-three-year-action"):
        assert documents[plan]["tier"] == "unknown" and documents[plan]["status"] == "planned"
        assert documents[plan]["placed_under"] == ["km-guiding-plan"]
    # The scheme is a document, issued by the leading group, its place in the 55 not stated.
    scheme = documents["km-scheme"]
    assert scheme["tier"] == "unknown" and scheme["status"] == "issued"
    assert scheme["responsible"] == [{"department": "km-social-construction-leading-group", "role": "lead"}]
    # Topics are topics: each name is the article's own wording, none is a document.
    article = ARTICLE.read_text(encoding="utf-8")
    assert len(data["topics"]) == 6
    for topic in data["topics"]:
        assert topic["name"] in article and topic["id"] not in documents
        assert set(topic["short_name"]) <= set(topic["name"])
    # The one supporting-level document from another page is tied to the system by inference only.
    property_services = documents["km-party-led-property-services-opinion"]
    assert property_services["doc_number"] == "昆组通〔2019〕80号" and property_services["tier"] == "unknown"
    assert [link["certainty"] for link in property_services["covers"]] == ["inferred"]


def test_seed_short_titles_are_drawn_from_the_titles() -> None:
    for document in seed_data()["documents"]:
        short = document["short_title"]
        assert set(short) <= set(document["title"]), f"{document['id']}: {short} adds to its title"
        assert len(short) < len(document["title"])


def test_seed_titles_appear_in_their_sources() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    pages = PUBLIC_PAGES.read_text(encoding="utf-8")
    quoted = set(re.findall(r"《([^》]+)》", article)) | set(re.findall(r"[《‹]([^《‹》]+?)(?:的通知)?》", pages))
    for doc in seed_data()["documents"]:
        # A title is quoted with 《》 in a source; a planned document has none yet, so its name is
        # the article's own words.
        if doc["status"] == "planned":
            assert doc["title"] in article, doc["title"]
        else:
            assert doc["title"] in quoted, doc["title"]
        # Nothing a source does not state: no dates anywhere, a number only where a page gives one.
        for field in ("issued_on", "effective_from", "effective_until"):
            assert doc.get(field) is None
        assert "translation)" in doc["title_en"]


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
    # The scheme places each base document under the guiding plan (structure, stated); no BASED_ON.
    placed = seeded.execute_query(
        "MATCH (b:BaseDocument)-[r:PLACED_UNDER]->(:GuidingDocument {id: 'km-guiding-plan'}) "
        "RETURN count(b) AS n, collect(DISTINCT r.certainty) AS certainty"
    ).records[0]
    assert placed["n"] == 7 and placed["certainty"] == ["stated"]
    assert seeded.execute_query("MATCH ()-[r:BASED_ON]->() RETURN count(r) AS n").records[0]["n"] == 0
    # Each topic is placed under its pillar's base document (stated) and the guiding plan (inferred).
    topics = seeded.execute_query(
        "MATCH (t:Topic)-[:IMPLEMENTS]->(p:Pillar)<-[:IMPLEMENTS]-(b:BaseDocument) "
        "MATCH (t)-[under:PLACED_UNDER]->(b) MATCH (t)-[n:PLACED_UNDER]->(:GuidingDocument) "
        "RETURN count(t) AS n, collect(DISTINCT under.certainty) AS base, collect(DISTINCT n.certainty) AS guiding"
    ).records[0]
    assert (topics["n"], topics["base"], topics["guiding"]) == (6, ["stated"], ["inferred"])
    # Inferred links are marked for the Browser's caption; stated ones are not.
    marks = seeded.execute_query(
        "MATCH ()-[r]->() RETURN r.certainty AS certainty, collect(DISTINCT r.mark) AS marks ORDER BY certainty"
    ).records
    assert [(r["certainty"], r["marks"]) for r in marks] == [("inferred", ["推断"]), ("stated", [])]
    departments = seeded.execute_query("MATCH (d:Department) RETURN d.name AS name ORDER BY name")
    assert sorted(r["name"] for r in departments.records) == sorted(
        ["市委社会工委", "市委社会建设工作领导小组", "中共昆明市委组织部", "昆明市住房和城乡建设局"]
    )


def test_stats_show_declared_beside_recorded(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/stats", params={"framework": "kunming-1-7-n"}).json()
    assert body["total"] == 1
    item = body["items"][0]
    assert item["declared"] == {"documents": 55, "issued": 39, "guiding": 1, "base": 7, "supporting": 47}
    recorded = item["recorded"]
    assert recorded["documents"] == 12 and recorded["topics"] == 6
    assert recorded["by_tier"] == {"guiding": 1, "base": 7, "unknown": 4}
    assert recorded["by_status"] == {"unknown": 7, "planned": 2, "issued": 3}
    tiers = {t["measure"]: t for t in item["tiers"]}
    # 1 and 7 as declared; the N: none placed, 4 whose membership is unknown, so 43 to 47 missing.
    assert (tiers["guiding"]["recorded"], tiers["base"]["recorded"]) == (1, 7)
    assert tiers["supporting"] == {
        "measure": "supporting",
        "declared": 47,
        "recorded": 0,
        "unknown_membership": 4,
        "missing_at_least": 43,
        "missing_at_most": 47,
    }
    assert (tiers["documents"]["missing_at_least"], tiers["documents"]["missing_at_most"]) == (43, 47)
    # The certainty counts: every inferred claim of the seed.
    certainty = item["certainty"]
    assert certainty["records"] == {"stated": 12 + 6 + 7 + 4, "inferred": 0}
    assert certainty["links"]["inferred"] == 9
    assert certainty["links"]["stated"] + certainty["links"]["inferred"] == 38
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
    # The export equals the seed, record for record, every link with its evidence spelled out.
    seed = PolicyFile.model_validate(seed_data()).model_dump(mode="json")
    exported = PolicyFile.model_validate(first.json()).model_dump(mode="json")
    assert exported["framework"] == seed["framework"]

    def links_as_sets(record: dict[str, Any]) -> dict[str, Any]:
        return {
            k: sorted(v, key=json.dumps) if isinstance(v, list) and k != "sources" else v for k, v in record.items()
        }

    for section, key in (("pillars", "key"), ("departments", "id"), ("topics", "id"), ("documents", "id")):
        got = {r[key]: links_as_sets(r) for r in exported[section]}
        assert got == {r[key]: links_as_sets(r) for r in seed[section]}, section
    for document in first.json()["documents"]:
        for field in ("implements", "based_on", "placed_under", "covers", "responsible"):
            for link in document.get(field, []):
                assert link["sources"] and link["certainty"] in {"stated", "inferred"}, (document["id"], field)


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
    assert len(yaml_graph[0]) == 1 + 7 + 4 + 6 + 12


ODD = [
    "引号“”‘’「」『』《》 and 'single' \"double\"",
    "back`tick`s ``` and }) DETACH DELETE n //",
    "' OR 1=1 -- $param {x} \\n \\ backslash",
    "emoji 🏛️📜✅ and 𠀀 (CJK ext. B)",
    "\u202eright-to-left override\u202c and zero\u200bwidth",
    "tab\tand\nnewline",
]


def odd_file() -> dict[str, Any]:
    return sourced(
        {
            "framework": {
                "id": "odd",
                "name": ODD[0],
                "sources": [{"quote": ODD[1], "where": "tests"}],
                "certainty": "stated",
            },
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
                    "sources": [{"quote": text, "where": text}],
                    "certainty": "inferred",
                    "reason": text,
                    "implements": ["odd-p"],
                    "responsible": [{"department": "odd-d", "role": "lead"}],
                }
                for i, text in enumerate(ODD)
            ],
        }
    )


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
        assert doc["sources"][0]["quote"].encode() == text.encode()
        assert doc["reason"].encode() == text.encode()
        assert doc["responsible"][0]["reason"].encode() == text.encode()
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
        "documents[12].id",
    ),
    "unknown based_on": (
        lambda d: d["documents"][11].update(based_on=["x"]),
        "documents[11].based_on[0]",
    ),
    "unknown placed_under": (
        lambda d: d["topics"][0].update(placed_under=["x"]),
        "topics[0].placed_under[0]",
    ),
    "unknown topic": (
        lambda d: d["documents"][11].update(covers=["x"]),
        "documents[11].covers[0]",
    ),
    "claim with no source": (
        lambda d: d["documents"][4].pop("sources"),
        "documents[4].sources",
    ),
    "link with no source": (
        lambda d: d["documents"][4].update(placed_under=[{"document": "km-guiding-plan", "certainty": "stated"}]),
        "documents[4].placed_under[0].sources",
    ),
    "inference with no reason": (
        lambda d: d["documents"][11]["covers"][0].pop("reason"),
        "documents[11].covers[0].reason",
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
        d["documents"][11]["based_on"] = ["x"]
        d["documents"][0]["colour"] = "red"
        d["documents"][3]["status"] = "published"

    body = post_import(client, broken(many)).json()
    assert {"documents[11].based_on[0]", "documents[0].colour", "documents[3].status"} <= {
        e["path"] for e in body["errors"]
    }
    assert any(e["message"] == "unknown document 'x'" for e in body["errors"])


def test_a_failed_import_leaves_existing_data_untouched(client: TestClient, seeded: Driver) -> None:
    before = graph_snapshot(seeded)
    data = broken(lambda d: d["documents"][5].update(title="changed", based_on=["missing"]))
    assert post_import(client, data).status_code == 422
    assert graph_snapshot(seeded) == before


def test_references_may_point_into_the_database(client: TestClient, seeded: Driver) -> None:
    extra = sourced(
        {
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
    )
    assert post_import(client, extra).status_code == 200
    # Ids belong to one framework: another file cannot take them over.
    hijack = copy.deepcopy(extra)
    hijack["documents"][0]["id"] = "km-guiding-plan"
    errors = post_import(client, hijack).json()["errors"]
    assert errors[0]["message"] == "document 'km-guiding-plan' already belongs to framework 'kunming-1-7-n'"


def test_replace_touches_only_its_framework(client: TestClient, seeded: Driver) -> None:
    other = sourced(
        {
            "framework": {"id": "other", "name": "另一体系"},
            "documents": [{"id": "other-1", "title": "其他", "tier": "guiding"}],
        }
    )
    assert post_import(client, other).status_code == 200
    smaller = broken(lambda d: d.update(documents=[x for x in d["documents"] if x["tier"] != "unknown"], topics=[]))
    response = post_import(client, smaller, mode="replace")
    assert response.status_code == 200, response.text
    assert response.json()["deleted"] == {"documents": 4, "topics": 6, "pillars": 0, "departments": 0}
    counts = {
        r["f"]: r["n"]
        for r in seeded.execute_query("MATCH (d:Document) RETURN d.framework AS f, count(*) AS n").records
    }
    assert counts == {"kunming-1-7-n": 8, "other": 1}
    # In replace mode a reference to a record the file drops is unknown.
    dangling = broken(lambda d: d.update(documents=[x for x in d["documents"] if x["id"] != "km-guiding-plan"]))
    assert post_import(client, dangling, mode="replace").status_code == 422


def test_writes_need_the_key(client: TestClient, empty_db: Driver) -> None:
    body = json.dumps(seed_data(), ensure_ascii=False, default=str).encode()
    assert client.post("/api/v1/import", content=body).status_code == 401
    wrong = client.post("/api/v1/import", content=body, headers={"X-API-Key": "wrong"})
    assert wrong.status_code == 401
    assert empty_db.execute_query("MATCH (n) WHERE NOT n:PolicygraphSchema RETURN count(n) AS n").records[0]["n"] == 0


def test_the_streamed_export_is_the_whole_file_dumped_at_once(client: TestClient, seeded: Driver) -> None:
    """Written a record at a time, the export is byte for byte what dumping the whole file gives
    (JSON indented by 2; YAML without aliases), empty sections included."""
    as_json = client.get("/api/v1/export", params={"framework": "kunming-1-7-n"})
    data = as_json.json()
    assert as_json.text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    as_yaml = client.get("/api/v1/export", params={"framework": "kunming-1-7-n", "format": "yaml"})
    dumped = yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, width=4096)
    assert as_yaml.text == dumped
    bare = sourced({"framework": {"id": "bare", "name": "空"}, "documents": []})
    assert post_import(client, bare).status_code == 200
    for fmt in ("json", "yaml"):
        text = client.get("/api/v1/export", params={"framework": "bare", "format": fmt}).text
        parsed = json.loads(text) if fmt == "json" else yaml.safe_load(text)
        assert [parsed[k] for k in ("pillars", "departments", "topics", "documents")] == [[], [], [], []]
        if fmt == "json":
            assert text == json.dumps(parsed, ensure_ascii=False, indent=2) + "\n"
        else:
            assert text == yaml.dump(parsed, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, width=4096)


def test_export_of_unknown_framework_is_404(client: TestClient, empty_db: Driver) -> None:
    response = client.get("/api/v1/export", params={"framework": "nope"})
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


def test_cli_load_and_export(tmp_path: Path, settings, empty_db: Driver, monkeypatch) -> None:
    from typer.testing import CliRunner

    from policygraph import cli

    cli_uses(monkeypatch, settings)
    runner = CliRunner()
    result = runner.invoke(cli.app, ["load", str(SEED)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.yaml"
    result = runner.invoke(cli.app, ["export", "--framework", "kunming-1-7-n", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["framework"]["declared"]["documents"] == 55
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.dump(broken(lambda d: d["documents"][11].update(based_on=["x"])), Dumper=PlainDumper, allow_unicode=True)
    )
    result = runner.invoke(cli.app, ["load", str(bad)])
    assert result.exit_code == 2
    assert "documents[11].based_on[0]: unknown document 'x'" in result.output


def test_published_json_schema_matches_the_code() -> None:
    from policygraph.model.interchange import json_schema

    published = json.loads((PROJECT_ROOT / "docs" / "policygraph-v2.schema.json").read_text())
    assert published == json_schema(), "run `policygraph format-schema` and commit the result"


# ---- policygraph/v1 files are converted on import ------------------------------------------


def v1_file() -> dict[str, Any]:
    return {
        "format": "policygraph/v1",
        "framework": {
            "id": "old",
            "name": "旧格式体系",
            "source": "http://example.org/old",
            "declared": {"documents": 2},
        },
        "pillars": [{"key": "old-p", "name": "支柱", "order": 1, "source": "支柱来源"}],
        "departments": [{"id": "old-d", "name": "部门", "source": "部门来源"}],
        "documents": [
            {"id": "old-g", "title": "纲领", "tier": "guiding", "source": "纲领来源"},
            {
                "id": "old-b",
                "title": "基础",
                "tier": "base",
                "status": "issued",
                "based_on": ["old-g"],
                "implements": ["old-p"],
                "responsible": [{"department": "old-d", "role": "lead"}],
                "source": "基础来源",
            },
        ],
    }


def test_a_v1_file_is_converted_on_import(client: TestClient, empty_db: Driver) -> None:
    response = post_import(client, v1_file())
    assert response.status_code == 200, response.text
    exported = client.get("/api/v1/export", params={"framework": "old"}).json()
    assert exported["format"] == "policygraph/v2"
    assert exported["framework"]["sources"] == [{"where": "http://example.org/old"}]
    base = {d["id"]: d for d in exported["documents"]}["old-b"]
    # The record's source is stated; its links, which v1 kept no evidence for, are inferred.
    assert base["certainty"] == "stated" and base["sources"][0]["quote"] == "基础来源"
    for field, key in (("based_on", "document"), ("implements", "pillar"), ("responsible", "department")):
        [link] = base[field]
        assert link["certainty"] == "inferred" and "policygraph/v1" in link["reason"], field
        assert link["sources"] == base["sources"] and key in link
    # The lineage says so: the guiding plan is reached, by an inferred basis.
    lineage = client.get("/api/v1/documents/old-b/lineage").json()
    assert [(a["id"], a["certainty"], a["relation"]) for a in lineage["ancestors"]] == [("old-g", "inferred", "basis")]
    # Re-importing the export (now v2) changes nothing.
    before = graph_snapshot(empty_db, registry_only=True)
    assert post_import(client, exported).status_code == 200
    assert graph_snapshot(empty_db, registry_only=True) == before


def test_a_v1_record_without_a_source_is_refused_with_each_claim_named(client: TestClient, empty_db: Driver) -> None:
    data = v1_file()
    del data["documents"][1]["source"]
    response = post_import(client, data)
    assert response.status_code == 422
    paths = {e["path"]: e["message"] for e in response.json()["errors"]}
    for path in (
        "documents[1].sources",
        "documents[1].based_on[0].sources",
        "documents[1].implements[0].sources",
        "documents[1].responsible[0].sources",
    ):
        assert paths[path].startswith("no source"), (path, paths)
    assert empty_db.execute_query("MATCH (n) WHERE NOT n:PolicygraphSchema RETURN count(n) AS n").records[0]["n"] == 0
