"""The read API: on the seed, and on generated graphs against plain BFS in Python."""

from __future__ import annotations

import random
from itertools import pairwise
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from policygraph.main import create_app
from policygraph.services.traversal import lucene_literal
from tests.support import Generated, Neo4jUnderTest, bfs, generate, post_import, settings_for

PARTY_TOPICS = {
    "km-topic-whistle-and-report",
    "km-topic-party-led-property-services",
    "km-topic-residential-compound-party-building",
}
PROPERTY_SERVICES = "km-party-led-property-services-opinion"


# ---- on the seed ------------------------------------------------------------------------


def test_pillars_in_order_with_base_documents(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/pillars").json()
    assert body["total"] == 7
    assert [p["order"] for p in body["items"]] == list(range(1, 8))
    assert body["items"][0]["base_document"]["id"] == "km-base-party-building"
    assert all(p["base_document"]["tier"] == "base" for p in body["items"])


def test_party_leadership_dependents_are_its_topics_and_the_document_on_one(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/pillars/party-leadership/dependents", params={"paths": True}).json()
    assert body["base_document"]["title"] == "关于全面加强城市基层党建工作的意见"
    items = {item["id"]: item for item in body["items"]}
    assert set(items) == PARTY_TOPICS | {PROPERTY_SERVICES}
    assert body["total"] == 4
    for topic in PARTY_TOPICS:
        # The scheme names the topic under the base document: stated structure, not a basis.
        assert items[topic] | {"path": None} == items[topic] | {
            "kind": "topic",
            "distance": 1,
            "certainty": "stated",
            "relation": "structure",
            "path": None,
            "title": None,
        }
        assert items[topic]["path"] == [topic, "km-base-party-building"]
    # The 2019 opinion depends on it only through the topic it is read to cover: inferred.
    document = items[PROPERTY_SERVICES]
    assert (document["kind"], document["distance"], document["certainty"]) == ("document", 2, "inferred")
    assert document["path"] == [PROPERTY_SERVICES, "km-topic-party-led-property-services", "km-base-party-building"]
    # Only what sources state: the topics, not the inferred document.
    stated = client.get("/api/v1/pillars/party-leadership/dependents", params={"certainty": "stated"}).json()
    assert {item["id"] for item in stated["items"]} == PARTY_TOPICS and stated["total"] == 3
    only_base = client.get("/api/v1/pillars/party-leadership/dependents", params={"tier": "base"}).json()
    assert only_base["items"] == [] and only_base["total"] == 0
    assert client.get("/api/v1/pillars/nope/dependents").status_code == 404


def test_a_base_lineage_claims_no_basis_the_article_does_not_state(client: TestClient, seeded: Driver) -> None:
    lineage = client.get("/api/v1/documents/km-base-consultative-democracy/lineage", params={"paths": True}).json()
    # The 2016 opinion rests on nothing the article names; the scheme places it under the 2018 plan.
    [plan] = lineage["ancestors"]
    assert (plan["id"], plan["relation"], plan["certainty"], plan["distance"]) == (
        "km-guiding-plan",
        "structure",
        "stated",
        1,
    )
    assert all(a["relation"] != "basis" for a in lineage["ancestors"])
    assert [g["id"] for g in lineage["guiding"]] == ["km-guiding-plan"]
    assert [p["key"] for p in lineage["pillars"]] == ["democratic-consultation"]
    detail = client.get("/api/v1/documents/km-base-consultative-democracy").json()
    assert detail["based_on"] == [] and [p["id"] for p in detail["placed_under"]] == ["km-guiding-plan"]


def test_every_placed_document_and_topic_reaches_the_guiding_plan(client: TestClient, seeded: Driver) -> None:
    for tier in ("base", "guiding"):
        for item in client.get("/api/v1/documents", params={"tier": tier}).json()["items"]:
            lineage = client.get(f"/api/v1/documents/{item['id']}/lineage").json()
            expected = [] if tier == "guiding" else ["km-guiding-plan"]
            assert [g["id"] for g in lineage["guiding"]] == expected
    lineage = client.get(f"/api/v1/documents/{PROPERTY_SERVICES}/lineage", params={"paths": True}).json()
    got = {a["id"]: (a["distance"], a["certainty"], a["relation"]) for a in lineage["ancestors"]}
    assert got == {
        "km-topic-party-led-property-services": (1, "inferred", "structure"),
        "km-base-party-building": (2, "inferred", "structure"),
        "km-guiding-plan": (2, "inferred", "structure"),
    }
    assert [p["key"] for p in lineage["pillars"]] == ["party-leadership"]
    stated = client.get(f"/api/v1/documents/{PROPERTY_SERVICES}/lineage", params={"certainty": "stated"}).json()
    assert stated["ancestors"] == [] and stated["pillars"] == []
    whistle = client.get("/api/v1/documents/km-base-party-building/lineage").json()
    assert whistle["ancestors"][0]["path"] is None  # paths only when asked


def test_document_detail(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/documents/km-base-party-building").json()
    assert body["tier"] == "base" and body["status"] == "unknown" and body["certainty"] == "stated"
    assert [p["key"] for p in body["pillars"]] == ["party-leadership"]
    assert body["based_on"] == []
    [placed] = body["placed_under"]
    assert placed["id"] == "km-guiding-plan" and placed["certainty"] == "stated"
    assert placed["sources"][0]["where"] == "graph/seed/sources/kunming-1-7-n-article.txt"
    assert body["dependents_count"] == 4
    assert body["responsible"] == []
    assert body["sources"][0]["quote"].startswith("在坚持党委领导方面")
    plan = client.get("/api/v1/documents/km-guiding-plan").json()
    assert plan["dependents_count"] == 7 + 2 + 6 + 1
    opinion = client.get(f"/api/v1/documents/{PROPERTY_SERVICES}").json()
    assert [(r["id"], r["role"], r["certainty"]) for r in opinion["responsible"]] == [
        ("km-municipal-organisation-department", "lead", "inferred"),
        ("km-housing-urban-rural-development-bureau", "joint", "inferred"),
    ]
    assert opinion["covers"][0]["reason"]
    missing = client.get("/api/v1/documents/no-such-doc")
    assert missing.status_code == 404 and "no-such-doc" in missing.json()["detail"]


def test_full_text_search_finds_party_building(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/documents", params={"q": "党建"}).json()
    ids = {item["id"] for item in body["items"]}
    assert ids == {PROPERTY_SERVICES, "km-base-party-building"}
    assert body["total"] == 2
    assert all(item["score"] > 0 for item in body["items"])
    english = client.get("/api/v1/documents", params={"q": "smart city"}).json()
    assert english["items"][0]["id"] == "km-base-smart-city"
    # Lucene syntax in q is searched as text, never an error.
    for odd in ['党建"', "(", "a AND", "title:*", "}) DETACH DELETE n //", "\\"]:
        response = client.get("/api/v1/documents", params={"q": odd})
        assert response.status_code == 200, odd


TIER_RANK = {"guiding": 0, "base": 1, "supporting": 2, "unknown": 3}


def test_a_search_ranks_by_relevance_then_tier_and_counts_only_so_far(
    client: TestClient, seeded: Driver, neo4j_server: Neo4jUnderTest
) -> None:
    """Matches best first, equal scores by tier then id; past POLICYGRAPH_SEARCH_COUNTED matches the
    total says "more than", and a page that reaches further counts as far as it reaches."""
    words = {"q": "社会"}  # eight of the seed's twelve titles
    every = client.get("/api/v1/documents", params=words).json()
    assert every["total"] == len(every["items"]) == 8 and every["total_exact"] is True
    ranks = [(-item["score"], TIER_RANK[item["tier"]], item["id"]) for item in every["items"]]
    assert ranks == sorted(ranks)
    with TestClient(create_app(settings_for(neo4j_server, search_counted=3))) as counting:
        for filters in ({}, {"framework": "kunming-1-7-n"}):  # the index keeps 4; the filters read every hit
            first = counting.get("/api/v1/documents", params={**words, **filters, "limit": 2}).json()
            assert (first["total"], first["total_exact"]) == (3, False), first
            assert first["items"] == every["items"][:2]
            deep = counting.get("/api/v1/documents", params={**words, **filters, "offset": 4, "limit": 4}).json()
            assert (deep["total"], deep["total_exact"]) == (8, True) and deep["items"] == every["items"][4:]
        alone = counting.get("/api/v1/documents", params={"q": "党建"}).json()
        assert (alone["total"], alone["total_exact"]) == (2, True)


def test_document_list_filters_and_pages(client: TestClient, seeded: Driver) -> None:
    pillar = client.get("/api/v1/documents", params={"pillar": "party-leadership"}).json()
    assert {i["id"] for i in pillar["items"]} == {"km-base-party-building"}
    planned = client.get("/api/v1/documents", params={"status": "planned"}).json()
    assert planned["total"] == 2
    unplaced = client.get("/api/v1/documents", params={"tier": "unknown"}).json()
    assert unplaced["total"] == 4
    page1 = client.get("/api/v1/documents", params={"limit": 5}).json()
    page2 = client.get("/api/v1/documents", params={"limit": 5, "offset": 5}).json()
    assert page1["total"] == page2["total"] == 12
    assert not {i["id"] for i in page1["items"]} & {i["id"] for i in page2["items"]}
    nobody = client.get("/api/v1/documents", params={"department": "km-social-work-committee"}).json()
    assert nobody["total"] == 0


def test_departments(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/departments").json()
    assert body["total"] == 4
    counts = {d["id"]: (d["documents"], d["lead"]) for d in body["items"]}
    assert counts["km-social-work-committee"] == (0, 0)
    assert counts["km-social-construction-leading-group"] == (1, 1)
    docs = client.get("/api/v1/departments/km-social-work-committee/documents").json()
    assert docs["department"]["name"] == "市委社会工委" and docs["items"] == []
    assert client.get("/api/v1/departments/nobody/documents").status_code == 404


def test_neighbourhood_graph(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/documents/km-base-party-building/graph", params={"depth": 1}).json()
    ids = {n["id"] for n in body["nodes"]}
    assert ids == {"km-base-party-building", "km-guiding-plan", "party-leadership"} | PARTY_TOPICS
    node_ids = ids
    for edge in body["edges"]:
        assert edge["source"] in node_ids and edge["target"] in node_ids
    assert {
        "source": "km-base-party-building",
        "target": "party-leadership",
        "type": "IMPLEMENTS",
        "role": None,
        "certainty": "stated",
        "effective_on": None,
    } in body["edges"]
    kinds = {n["id"]: n["kind"] for n in body["nodes"]}
    assert {kinds[t] for t in PARTY_TOPICS} == {"topic"}
    assert body["truncated"] is False
    small = client.get("/api/v1/documents/km-guiding-plan/graph", params={"depth": 3, "limit": 4}).json()
    assert len(small["nodes"]) == 5 and small["truncated"] is True


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/documents?limit=1001",
        "/api/v1/documents?limit=0",
        "/api/v1/documents?offset=-1",
        "/api/v1/documents?tier=pillar",
        "/api/v1/documents/km-guiding-plan/lineage?certainty=maybe",
        "/api/v1/documents/km-guiding-plan/lineage?max_depth=51",
        "/api/v1/documents/km-guiding-plan/lineage?max_depth=0",
        "/api/v1/documents/km-guiding-plan/dependents?max_depth=51",
        "/api/v1/pillars/party-leadership/dependents?max_depth=51",
        "/api/v1/pillars/party-leadership/dependents?status=published",
        "/api/v1/documents/km-guiding-plan/graph?depth=6",
    ],
)
def test_out_of_range_parameters_are_422(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"]


def test_lucene_literal_escapes_syntax() -> None:
    assert lucene_literal('a+b (c) "d" e:f') == '"a+b" AND "(c)" AND "\\"d\\"" AND "e:f"'
    assert lucene_literal("党建  物业 ") == '"党建" AND "物业"'
    assert lucene_literal("back\\slash") == '"back\\\\slash"'
    assert lucene_literal("   ") == ""


# ---- generated graphs: the API equals BFS in Python --------------------------------------


def reverse(edges: dict[str, list[str]]) -> dict[str, list[str]]:
    back: dict[str, list[str]] = {k: [] for k in edges}
    for a, targets in edges.items():
        for b in targets:
            back[b].append(a)
    return back


def assert_paths(items: list[dict[str, Any]], edges: dict[str, list[str]], start: str, upward: bool) -> None:
    for item in items:
        path = item["path"]
        assert len(path) == item["distance"] + 1
        if upward:
            assert path[0] == start and path[-1] == item["id"]
        else:
            assert path[0] == item["id"] and path[-1] == start
        for a, b in pairwise(path):
            assert b in edges[a], f"{a} -> {b} is not a BASED_ON or PLACED_UNDER edge"


def all_pages(client: TestClient, url: str, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    offset = 0
    while True:
        body = client.get(url, params={**params, "limit": 1000, "offset": offset}).json()
        items += body["items"]
        offset += 1000
        if offset >= body["total"]:
            return items, body["total"]


def assert_certainty(items: list[dict[str, Any]], graph: Generated, start: str, upward: bool, depth: int) -> None:
    """Each item is stated exactly when a chain of stated links connects it to `start`, and a basis
    exactly when a chain of BASED_ON links alone does (computed here by BFS over those links)."""
    stated_reach = bfs([start], graph.stated_edges if upward else reverse(graph.stated_edges), 50)
    basis_reach = bfs([start], graph.basis if upward else reverse(graph.basis), 50)
    for item in items:
        assert item["certainty"] == ("stated" if item["id"] in stated_reach else "inferred"), item
        assert item["relation"] == ("basis" if item["id"] in basis_reach else "structure"), item


@pytest.mark.parametrize(("seed", "cycles"), [(1, 0), (2, 40)])
def test_traversals_equal_python_bfs(client: TestClient, empty_db: Driver, seed: int, cycles: int) -> None:
    graph = generate(2500, seed, cycles, inferred=0.15, placed=0.2)
    data, edges = graph.data, graph.edges
    response = post_import(client, data)
    assert response.status_code == 200, response.text[:500]
    back = reverse(edges)
    undirected: dict[str, list[str]] = {}
    for record in data["documents"]:
        ends = list(edges[record["id"]]) + record.get("implements", [])
        for end in ends:
            undirected.setdefault(record["id"], []).append(end)
            undirected.setdefault(end, []).append(record["id"])
    rng = random.Random(seed)
    sample = rng.sample(sorted(edges), 25)
    for doc in sample:
        for depth in (2, 50):
            lineage = client.get(f"/api/v1/documents/{doc}/lineage", params={"max_depth": depth, "paths": True}).json()
            got = {a["id"]: a["distance"] for a in lineage["ancestors"]}
            assert len(got) == len(lineage["ancestors"]), "an ancestor is repeated"
            assert got == bfs([doc], edges, depth)
            assert_paths(lineage["ancestors"], edges, doc, upward=True)
            assert_certainty(lineage["ancestors"], graph, doc, upward=True, depth=depth)
            assert [a["distance"] for a in lineage["ancestors"]] == sorted(got.values())
            guiding = {a["id"] for a in lineage["ancestors"] if a["id"] in edges and int(a["id"].split("-")[1]) < 3}
            assert {g["id"] for g in lineage["guiding"]} == guiding

            items, total = all_pages(client, f"/api/v1/documents/{doc}/dependents", {"max_depth": depth, "paths": True})
            got = {d["id"]: d["distance"] for d in items}
            assert len(got) == len(items) == total
            assert got == bfs([doc], back, depth)
            assert_paths(items, edges, doc, upward=False)
            assert_certainty(items, graph, doc, upward=False, depth=depth)
        # The neighbourhood, two hops either way over every link kind, equals BFS (nothing is cut
        # here: each hop reads far fewer links than the walk's bound).
        view = client.get(f"/api/v1/documents/{doc}/graph", params={"depth": 2, "limit": 1000}).json()
        expected = bfs([doc], undirected, 2)
        assert {n["id"]: n["distance"] for n in view["nodes"] if n["distance"]} == expected
        assert view["truncated"] is (len(expected) > 1000)
        # certainty=stated follows stated links only.
        stated = client.get(f"/api/v1/documents/{doc}/lineage", params={"max_depth": 50, "certainty": "stated"}).json()
        assert {a["id"]: a["distance"] for a in stated["ancestors"]} == bfs([doc], graph.stated_edges, 50)
        assert all(a["certainty"] == "stated" for a in stated["ancestors"])
    for k in range(5):
        key = f"g{seed}-p{k}"
        base = f"g{seed}-{k + 3}"
        items, total = all_pages(client, f"/api/v1/pillars/{key}/dependents", {"max_depth": 50, "paths": True})
        expected = bfs([base], back, 50)
        assert {d["id"]: d["distance"] for d in items} == expected
        assert total == len(expected) == len(items)
        assert_paths(items, edges, base, upward=False)
        assert_certainty(items, graph, base, upward=False, depth=50)
        stated, _ = all_pages(client, f"/api/v1/pillars/{key}/dependents", {"max_depth": 50, "certainty": "stated"})
        assert {d["id"]: d["distance"] for d in stated} == bfs([base], reverse(graph.stated_edges), 50)
        filtered, _ = all_pages(
            client, f"/api/v1/pillars/{key}/dependents", {"max_depth": 3, "status": ["issued", "planned"]}
        )
        statuses = {d["id"]: d["status"] for d in data["documents"]}
        assert {d["id"] for d in filtered} == {
            i for i, dist in bfs([base], back, 3).items() if statuses[i] in {"issued", "planned"}
        }
