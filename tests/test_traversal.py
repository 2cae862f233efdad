"""The read API: on the seed, and on generated graphs against plain BFS in Python."""

from __future__ import annotations

import random
from collections import deque
from itertools import pairwise
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.services.traversal import lucene_literal
from tests.support import post_import, seed_data

PARTY_SUPPORTING = {
    "km-sup-whistle-and-report",
    "km-sup-party-led-property-services",
    "km-sup-residential-compound-party-building",
}


@pytest.fixture
def seeded(client: TestClient, empty_db: Driver) -> Driver:
    assert post_import(client, seed_data()).status_code == 200
    return empty_db


# ---- on the seed ------------------------------------------------------------------------


def test_pillars_in_order_with_base_documents(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/pillars").json()
    assert body["total"] == 7
    assert [p["order"] for p in body["items"]] == list(range(1, 8))
    assert body["items"][0]["base_document"]["id"] == "km-base-party-building"
    assert all(p["base_document"]["tier"] == "base" for p in body["items"])


def test_party_leadership_dependents_include_the_three_named_documents(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/pillars/party-leadership/dependents", params={"paths": True}).json()
    assert body["base_document"]["title"] == "关于全面加强城市基层党建工作的意见"
    ids = {item["id"] for item in body["items"]}
    assert ids == PARTY_SUPPORTING
    assert body["total"] == 3
    for item in body["items"]:
        assert item["distance"] == 1
        assert item["path"] == [item["id"], "km-base-party-building"]
    only_base = client.get("/api/v1/pillars/party-leadership/dependents", params={"tier": "base"}).json()
    assert only_base["items"] == [] and only_base["total"] == 0
    assert client.get("/api/v1/pillars/nope/dependents").status_code == 404


def test_every_supporting_lineage_reaches_the_guiding_plan(client: TestClient, seeded: Driver) -> None:
    supporting = client.get("/api/v1/documents", params={"tier": "supporting"}).json()
    assert supporting["total"] == 6
    for item in supporting["items"]:
        lineage = client.get(f"/api/v1/documents/{item['id']}/lineage", params={"paths": True}).json()
        assert [g["id"] for g in lineage["guiding"]] == ["km-guiding-plan"]
        assert lineage["guiding"][0]["distance"] == 2
        assert len(lineage["guiding"][0]["path"]) == 3
        assert len(lineage["pillars"]) == 1
    whistle = client.get("/api/v1/documents/km-sup-whistle-and-report/lineage").json()
    assert whistle["pillars"][0]["key"] == "party-leadership"
    assert whistle["ancestors"][0]["path"] is None  # paths only when asked


def test_document_detail(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/documents/km-base-party-building").json()
    assert body["tier"] == "base" and body["status"] == "unknown"
    assert [p["key"] for p in body["pillars"]] == ["party-leadership"]
    assert [b["id"] for b in body["based_on"]] == ["km-guiding-plan"]
    assert body["dependents_count"] == 3
    assert body["responsible"] == []
    assert body["source"].startswith("在坚持党委领导方面")
    plan = client.get("/api/v1/documents/km-guiding-plan").json()
    assert plan["dependents_count"] == 15
    missing = client.get("/api/v1/documents/no-such-doc")
    assert missing.status_code == 404 and "no-such-doc" in missing.json()["detail"]


def test_full_text_search_finds_party_building(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/documents", params={"q": "党建"}).json()
    ids = {item["id"] for item in body["items"]}
    assert ids == PARTY_SUPPORTING | {"km-base-party-building"}
    assert body["total"] == 4
    assert all(item["score"] > 0 for item in body["items"])
    english = client.get("/api/v1/documents", params={"q": "smart city"}).json()
    assert english["items"][0]["id"] == "km-base-smart-city"
    # Lucene syntax in q is searched as text, never an error.
    for odd in ['党建"', "(", "a AND", "title:*", "}) DETACH DELETE n //", "\\"]:
        response = client.get("/api/v1/documents", params={"q": odd})
        assert response.status_code == 200, odd


def test_document_list_filters_and_pages(client: TestClient, seeded: Driver) -> None:
    pillar = client.get("/api/v1/documents", params={"pillar": "party-leadership"}).json()
    assert {i["id"] for i in pillar["items"]} == PARTY_SUPPORTING | {"km-base-party-building"}
    planned = client.get("/api/v1/documents", params={"status": "planned"}).json()
    assert planned["total"] == 2
    page1 = client.get("/api/v1/documents", params={"limit": 5}).json()
    page2 = client.get("/api/v1/documents", params={"limit": 5, "offset": 5}).json()
    assert page1["total"] == page2["total"] == 16
    assert not {i["id"] for i in page1["items"]} & {i["id"] for i in page2["items"]}
    nobody = client.get("/api/v1/documents", params={"department": "km-social-work-committee"}).json()
    assert nobody["total"] == 0


def test_departments(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/departments").json()
    assert body["total"] == 2
    assert all(d["documents"] == 0 for d in body["items"])
    docs = client.get("/api/v1/departments/km-social-work-committee/documents").json()
    assert docs["department"]["name"] == "市委社会工委" and docs["items"] == []
    assert client.get("/api/v1/departments/nobody/documents").status_code == 404


def test_neighbourhood_graph(client: TestClient, seeded: Driver) -> None:
    body = client.get("/api/v1/documents/km-base-party-building/graph", params={"depth": 1}).json()
    ids = {n["id"] for n in body["nodes"]}
    assert ids == {"km-base-party-building", "km-guiding-plan", "party-leadership"} | PARTY_SUPPORTING
    node_ids = ids
    for edge in body["edges"]:
        assert edge["source"] in node_ids and edge["target"] in node_ids
    assert {
        "source": "km-base-party-building",
        "target": "party-leadership",
        "type": "IMPLEMENTS",
        "role": None,
    } in body["edges"]
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


def generate(n: int, seed: int, cycles: int) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """A framework of n documents: 3 guiding, 5 pillars with a base each, the rest supporting.
    Each document rests on 0-3 earlier ones (a DAG); `cycles` back edges then close cycles."""
    rng = random.Random(seed)
    ids = [f"g{seed}-{i}" for i in range(n)]
    pillars = [f"g{seed}-p{k}" for k in range(5)]
    edges: dict[str, list[str]] = {doc: [] for doc in ids}
    docs = []
    for i, doc in enumerate(ids):
        tier = "guiding" if i < 3 else "base" if i < 8 else "supporting"
        if i > 0:
            edges[doc] = sorted(set(rng.sample(ids[:i], k=min(i, rng.randint(0 if i > 8 else 1, 3)))))
        docs.append(
            {"id": doc, "title": f"文件 {i}", "tier": tier, "status": rng.choice(["issued", "planned", "unknown"])}
        )
    for _ in range(cycles):
        a, b = sorted(rng.sample(range(n), 2))
        if ids[b] not in edges[ids[a]]:
            edges[ids[a]].append(ids[b])  # earlier -> later closes a cycle with later -> ... -> earlier
    for i, doc in enumerate(docs):
        doc["based_on"] = sorted(edges[doc["id"]])
        if 3 <= i < 8:
            doc["implements"] = [pillars[i - 3]]
        elif i >= 8:
            doc["implements"] = [rng.choice(pillars)]
    data = {
        "format": "policygraph/v1",
        "framework": {"id": f"gen-{seed}", "name": f"生成 {seed}"},
        "pillars": [{"key": key, "name": key, "order": k + 1} for k, key in enumerate(pillars)],
        "documents": docs,
    }
    return data, edges


def bfs(start: list[str], step: dict[str, list[str]], max_depth: int) -> dict[str, int]:
    dist = {s: 0 for s in start}
    queue = deque(start)
    while queue:
        node = queue.popleft()
        if dist[node] == max_depth:
            continue
        for nxt in step.get(node, []):
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    return {k: v for k, v in dist.items() if k not in start}


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
            assert b in edges[a], f"{a} -> {b} is not a BASED_ON edge"


def all_pages(client: TestClient, url: str, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    offset = 0
    while True:
        body = client.get(url, params={**params, "limit": 1000, "offset": offset}).json()
        items += body["items"]
        offset += 1000
        if offset >= body["total"]:
            return items, body["total"]


@pytest.mark.parametrize(("seed", "cycles"), [(1, 0), (2, 40)])
def test_traversals_equal_python_bfs(client: TestClient, empty_db: Driver, seed: int, cycles: int) -> None:
    data, edges = generate(2500, seed, cycles)
    response = post_import(client, data)
    assert response.status_code == 200, response.text[:500]
    back = reverse(edges)
    rng = random.Random(seed)
    sample = rng.sample(sorted(edges), 25)
    for doc in sample:
        for depth in (2, 50):
            lineage = client.get(f"/api/v1/documents/{doc}/lineage", params={"max_depth": depth, "paths": True}).json()
            got = {a["id"]: a["distance"] for a in lineage["ancestors"]}
            assert len(got) == len(lineage["ancestors"]), "an ancestor is repeated"
            assert got == bfs([doc], edges, depth)
            assert_paths(lineage["ancestors"], edges, doc, upward=True)
            assert [a["distance"] for a in lineage["ancestors"]] == sorted(got.values())
            guiding = {a["id"] for a in lineage["ancestors"] if a["id"] in edges and int(a["id"].split("-")[1]) < 3}
            assert {g["id"] for g in lineage["guiding"]} == guiding

            items, total = all_pages(client, f"/api/v1/documents/{doc}/dependents", {"max_depth": depth, "paths": True})
            got = {d["id"]: d["distance"] for d in items}
            assert len(got) == len(items) == total
            assert got == bfs([doc], back, depth)
            assert_paths(items, edges, doc, upward=False)
    for k in range(5):
        key = f"g{seed}-p{k}"
        base = f"g{seed}-{k + 3}"
        items, total = all_pages(client, f"/api/v1/pillars/{key}/dependents", {"max_depth": 50, "paths": True})
        expected = bfs([base], back, 50)
        assert {d["id"]: d["distance"] for d in items} == expected
        assert total == len(expected) == len(items)
        assert_paths(items, edges, base, upward=False)
        filtered, _ = all_pages(
            client, f"/api/v1/pillars/{key}/dependents", {"max_depth": 3, "status": ["issued", "planned"]}
        )
        statuses = {d["id"]: d["status"] for d in data["documents"]}
        assert {d["id"] for d in filtered} == {
            i for i, dist in bfs([base], back, 3).items() if statuses[i] in {"issued", "planned"}
        }
