"""The write API against the real server: keys, refused edits, ETags, history, suspect links,
pillars and departments, the body limit, and an injection corpus."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from pydantic import SecretStr

from policygraph.main import create_app
from tests.support import (
    KEY,
    SEED,
    Neo4jUnderTest,
    cli_uses,
    graph_snapshot,
    post_import,
    seed_data,
    settings_for,
    stated,
)

DOCS = "/api/v1/documents"
BASE = "km-base-party-building"
WHISTLE = "km-sup-whistle-and-report"


SUPPORTING = (WHISTLE, "km-sup-party-led-property-services", "km-sup-residential-compound-party-building")
PARTY_TOPICS = (
    "km-topic-party-led-property-services",
    "km-topic-residential-compound-party-building",
    "km-topic-whistle-and-report",
)


def writes_data() -> dict[str, Any]:
    """The seed, plus three test documents (not facts) that rest on the party-building base."""
    data = seed_data()
    data["documents"] += [
        stated(
            {
                "id": doc_id,
                "title": f"测试配套文件 {n}",
                "tier": "supporting",
                "status": "unknown",
                "based_on": [BASE],
                "implements": ["party-leadership"],
            }
        )
        for n, doc_id in enumerate(SUPPORTING)
    ]
    return data


@pytest.fixture
def seeded(client: TestClient, empty_db: Driver) -> Driver:
    """This module's seed: conftest's, with the extra records the edits need (overrides it)."""
    assert post_import(client, writes_data()).status_code == 200
    return empty_db


def new_doc(doc_id: str = "t-new", **extra: Any) -> dict[str, Any]:
    body = {
        "framework": "kunming-1-7-n",
        "sources": [{"quote": "测试", "where": "tests/test_writes.py"}],
        "certainty": "stated",
        "id": doc_id,
        "title": "测试文件",
        "tier": "supporting",
        "status": "drafting",
        "based_on": [BASE],
        "implements": ["party-leadership"],
        "responsible": [{"department": "km-social-work-committee", "role": "lead"}],
    }
    body.update(extra)
    return body


def patch(client: TestClient, doc_id: str, body: dict[str, Any], **headers: str):
    return client.patch(f"{DOCS}/{doc_id}", json=body, headers={**KEY, **headers})


# ---- keys ---------------------------------------------------------------------------------


def test_writes_need_a_key_and_record_its_name(neo4j_server: Neo4jUnderTest, seeded: Driver) -> None:
    closed = settings_for(neo4j_server, api_key=None)
    with TestClient(create_app(closed)) as client:
        refused = client.post(DOCS, json=new_doc(), headers=KEY)
        assert refused.status_code == 403 and "POLICYGRAPH_API_KEY" in refused.json()["detail"]
    named = settings_for(neo4j_server, api_key=None, api_keys={"alice": SecretStr("k-alice"), "bob": SecretStr("k-b")})
    with TestClient(create_app(named)) as client:
        assert client.post(DOCS, json=new_doc()).status_code == 401
        assert client.post(DOCS, json=new_doc(), headers={"X-API-Key": "k-alice-not"}).status_code == 401
        assert client.post(DOCS, json=new_doc(), headers={"X-API-Key": "k-b"}).status_code == 201
        change = client.get(f"{DOCS}/t-new/history").json()["items"][0]
        assert change["actor"] == "bob" and change["action"] == "create"
    assert seeded.execute_query("MATCH (d:Document {id: 't-new'}) RETURN count(d) AS n").records[0]["n"] == 1


# ---- create, update, delete ----------------------------------------------------------------


def test_create_then_read_with_its_etag(client: TestClient, seeded: Driver) -> None:
    created = client.post(DOCS, json=new_doc(), headers=KEY)
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == f"{DOCS}/t-new"
    body = created.json()
    assert [b["id"] for b in body["based_on"]] == [BASE] and body["responsible"][0]["role"] == "lead"
    read = client.get(f"{DOCS}/t-new")
    assert read.headers["ETag"] == created.headers["ETag"]
    assert client.post(DOCS, json=new_doc(), headers=KEY).status_code == 409
    unknown = client.post(DOCS, json=new_doc("t-2", framework="nope"), headers=KEY)
    assert unknown.status_code == 422 and "nope" in unknown.text
    extra = client.post(DOCS, json=new_doc("t-3", colour="red"), headers=KEY)
    assert extra.status_code == 422


def test_patch_changes_only_what_is_sent(client: TestClient, seeded: Driver) -> None:
    before = client.get(f"{DOCS}/{WHISTLE}").json()
    response = patch(client, WHISTLE, {"status": "issued", "issued_on": "2021-01-31", "short_title": None})
    assert response.status_code == 200, response.text
    after = response.json()
    assert after["status"] == "issued" and after["issued_on"] == "2021-01-31" and after["short_title"] is None
    assert after["title"] == before["title"] and after["based_on"] == before["based_on"]
    relinked = patch(client, WHISTLE, {"based_on": ["km-guiding-plan", BASE], "responsible": []}).json()
    assert [b["id"] for b in relinked["based_on"]] == [BASE, "km-guiding-plan"]
    assert relinked["responsible"] == []
    history = client.get(f"{DOCS}/{WHISTLE}/history").json()
    assert history["total"] == 2
    assert history["items"][0]["fields"] == ["based_on"]
    assert history["items"][1]["before"]["status"] == "unknown" and history["items"][1]["after"]["status"] == "issued"
    # Sending what is already there changes nothing and records nothing.
    assert patch(client, WHISTLE, {"status": "issued"}).status_code == 200
    assert client.get(f"{DOCS}/{WHISTLE}/history").json()["total"] == 2


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"title": None}, 422, "not cleared"),
        ({"tier": "pillar"}, 422, "tier"),
        ({"effective_from": "2022-01-01", "effective_until": "2021-01-01"}, 422, "effective_until"),
        (
            {"based_on": ["nope", BASE], "implements": ["x"], "responsible": [{"department": "d", "role": "lead"}]},
            422,
            "unknown document 'nope'",
        ),
        ({"based_on": [WHISTLE]}, 409, "itself"),
        ({"id": "other"}, 422, "id"),
    ],
)
def test_refused_patches_write_nothing(
    client: TestClient, seeded: Driver, body: dict[str, Any], status: int, says: str
) -> None:
    snapshot = graph_snapshot(seeded)
    response = patch(client, WHISTLE, body)
    assert response.status_code == status, response.text
    assert says in response.text
    assert graph_snapshot(seeded) == snapshot


def test_unknown_references_are_all_listed(client: TestClient, seeded: Driver) -> None:
    response = patch(
        client,
        WHISTLE,
        {"based_on": ["nope", BASE], "implements": ["x"], "responsible": [{"department": "d", "role": "lead"}]},
    )
    assert [e["path"] for e in response.json()["errors"]] == ["based_on[0]", "implements[0]", "responsible[0]"]


def test_a_link_that_closes_a_cycle_is_refused_with_the_cycle(client: TestClient, seeded: Driver) -> None:
    snapshot = graph_snapshot(seeded)
    response = patch(client, BASE, {"based_on": [WHISTLE]})
    assert response.status_code == 409
    cycle = response.json()["cycle"]
    assert cycle == [BASE, WHISTLE, BASE]
    assert " -> ".join(cycle) in response.json()["detail"]
    assert graph_snapshot(seeded) == snapshot


def test_delete_is_refused_while_others_rest_on_it(client: TestClient, seeded: Driver) -> None:
    refused = client.delete(f"{DOCS}/{BASE}", headers=KEY)
    assert refused.status_code == 409
    # What rests on it (basis) and what the scheme places under it (structure).
    assert set(refused.json()["dependents"]) == set(SUPPORTING) | set(PARTY_TOPICS)
    assert client.delete(f"{DOCS}/{WHISTLE}", headers=KEY).status_code == 200
    forced = client.delete(f"{DOCS}/{BASE}", params={"force": True}, headers=KEY)
    assert forced.status_code == 200 and len(forced.json()["related"]) == 5
    assert client.get(f"{DOCS}/{BASE}").status_code == 404
    assert client.delete(f"{DOCS}/{BASE}", headers=KEY).status_code == 404
    history = client.get(f"{DOCS}/{BASE}/history").json()
    assert history["items"][0]["action"] == "delete" and history["items"][0]["before"]["id"] == BASE
    assert history["items"][0]["after"] is None


# ---- optimistic concurrency ------------------------------------------------------------------


def test_if_match(client: TestClient, seeded: Driver) -> None:
    etag = client.get(f"{DOCS}/{WHISTLE}").headers["ETag"]
    first = patch(client, WHISTLE, {"status": "issued"}, **{"If-Match": etag})
    assert first.status_code == 200 and first.headers["ETag"] != etag
    stale = patch(client, WHISTLE, {"status": "amended"}, **{"If-Match": etag})
    assert stale.status_code == 412 and "GET it again" in stale.json()["detail"]
    assert client.delete(f"{DOCS}/{WHISTLE}", headers={**KEY, "If-Match": etag}).status_code == 412
    assert patch(client, WHISTLE, {"status": "amended"}, **{"If-Match": first.headers["ETag"]}).status_code == 200
    assert patch(client, WHISTLE, {"status": "issued"}, **{"If-Match": "*"}).status_code == 200


def test_concurrent_edits_with_one_etag_let_exactly_one_through(client: TestClient, seeded: Driver) -> None:
    etag = client.get(f"{DOCS}/{WHISTLE}").headers["ETag"]
    codes: list[int] = []
    barrier = threading.Barrier(6)

    def edit(n: int) -> None:
        barrier.wait()
        codes.append(patch(client, WHISTLE, {"title": f"并发 {n}"}, **{"If-Match": etag}).status_code)

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 412, 412, 412, 412, 412]
    assert client.get(f"{DOCS}/{WHISTLE}/history").json()["total"] == 1


# ---- history and suspect links -------------------------------------------------------------------


def test_change_feed(client: TestClient, seeded: Driver) -> None:
    start = client.get("/api/v1/changes").json()["next_since"]
    assert start >= 1  # the seed import is a change too
    moment = dt.datetime.now(dt.UTC).isoformat()
    patch(client, WHISTLE, {"status": "issued"})
    client.post(DOCS, json=new_doc(), headers=KEY)
    feed = client.get("/api/v1/changes", params={"since": start}).json()
    assert [(c["action"], c["subject"]) for c in feed["items"]] == [("update", WHISTLE), ("create", "t-new")]
    assert feed["next_since"] == feed["items"][-1]["seq"]
    by_time = client.get("/api/v1/changes", params={"since": moment}).json()
    assert [c["subject"] for c in by_time["items"]] == [WHISTLE, "t-new"]
    assert client.get("/api/v1/changes", params={"since": feed["next_since"]}).json()["items"] == []
    assert client.get("/api/v1/changes", params={"since": "last tuesday"}).status_code == 422
    imports = client.get("/api/v1/changes").json()["items"]
    assert imports[0]["action"] == "import" and imports[0]["after"]["documents"] == 15


def test_suspect_links_from_a_changed_basis_until_reviewed(client: TestClient, seeded: Driver) -> None:
    response = patch(client, BASE, {"status": "repealed", "title": "新标题"})
    change = client.get(f"{DOCS}/{BASE}/history").json()["items"][0]["seq"]
    findings = client.get("/api/v1/audit", params={"check": "suspect"}).json()["findings"]
    assert response.status_code == 200
    assert {f["subject"] for f in findings} == {
        WHISTLE,
        "km-sup-party-led-property-services",
        "km-sup-residential-compound-party-building",
    }
    message = findings[0]["message"]
    assert f"change #{change}" in message and "status changed from 'unknown' to 'repealed'" in message
    assert "title changed" in message and findings[0]["related"] == [BASE]
    reviewed = client.post(f"{DOCS}/{WHISTLE}/review", headers=KEY)
    assert reviewed.status_code == 200 and reviewed.json()["related"] == [BASE]
    left = client.get("/api/v1/audit", params={"check": "suspect"}).json()["summary"]["by_check"]["suspect"]
    assert left == 2
    assert client.get(f"{DOCS}/{WHISTLE}/history").json()["items"][0]["action"] == "review"
    # Changing something that is not substance (short_title) makes nothing suspect.
    client.post(f"{DOCS}/km-sup-party-led-property-services/review", headers=KEY)
    client.post(f"{DOCS}/km-sup-residential-compound-party-building/review", headers=KEY)
    patch(client, BASE, {"short_title": "党建"})
    assert client.get("/api/v1/audit", params={"check": "suspect"}).json()["findings"] == []
    assert client.post(f"{DOCS}/nope/review", headers=KEY).status_code == 404


def test_an_import_that_changes_a_basis_marks_suspects(client: TestClient, seeded: Driver) -> None:
    data = writes_data()
    next(d for d in data["documents"] if d["id"] == BASE)["status"] = "issued"
    assert post_import(client, data).status_code == 200
    findings = client.get("/api/v1/audit", params={"check": "suspect"}).json()["findings"]
    assert len(findings) == 3 and "status changed from 'unknown' to 'issued'" in findings[0]["message"]
    # Importing the same again changes nothing more, and keeps the marks.
    assert post_import(client, data).status_code == 200
    assert client.get("/api/v1/audit", params={"check": "suspect"}).json()["summary"]["total"] == 3


# ---- pillars and departments --------------------------------------------------------------------


def test_pillars_and_departments(client: TestClient, seeded: Driver) -> None:
    pillar = stated({"framework": "kunming-1-7-n", "key": "t-pillar", "name": "测试支柱", "order": 8})
    assert client.post("/api/v1/pillars", json=pillar, headers=KEY).status_code == 201
    assert client.post("/api/v1/pillars", json=pillar, headers=KEY).status_code == 409
    changed = client.patch("/api/v1/pillars/t-pillar", json={"name_en": "Test"}, headers=KEY)
    assert changed.status_code == 200 and changed.json()["name_en"] == "Test"
    assert client.patch("/api/v1/pillars/t-pillar", json={"order": None}, headers=KEY).status_code == 422
    assert client.delete("/api/v1/pillars/t-pillar", headers=KEY).status_code == 200
    used = client.delete("/api/v1/pillars/party-leadership", headers=KEY)
    assert used.status_code == 409 and len(used.json()["dependents"]) == 1 + 3 + 3  # base, documents, topics
    assert client.patch("/api/v1/pillars/nope", json={"name": "x"}, headers=KEY).status_code == 404

    department = stated({"framework": "kunming-1-7-n", "id": "t-dept", "name": "测试部门"})
    assert client.post("/api/v1/departments", json=department, headers=KEY).status_code == 201
    patch(client, WHISTLE, {"responsible": [{"department": "t-dept", "role": "lead"}]})
    busy = client.delete("/api/v1/departments/t-dept", headers=KEY)
    assert busy.status_code == 409 and busy.json()["dependents"] == [WHISTLE]
    assert client.patch("/api/v1/departments/t-dept", json={"name": "改名"}, headers=KEY).json()["name"] == "改名"
    assert client.delete("/api/v1/departments/t-dept", params={"force": True}, headers=KEY).status_code == 200
    assert client.get(f"{DOCS}/{WHISTLE}").json()["responsible"] == []
    kinds = [(c["kind"], c["action"]) for c in client.get("/api/v1/changes", params={"since": 1}).json()["items"]]
    assert ("pillar", "create") in kinds and ("department", "delete") in kinds


# ---- limits ----------------------------------------------------------------------------------


def test_body_limit(neo4j_server: Neo4jUnderTest, seeded: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    small = settings_for(neo4j_server, max_body_bytes=2000)
    with TestClient(create_app(small)) as client:
        big = json.dumps(new_doc(sources=[{"quote": "x" * 3000, "where": "t"}])).encode()
        declared = client.post(DOCS, content=big, headers={**KEY, "Content-Type": "application/json"})
        assert declared.status_code == 413 and "policygraph load" in declared.json()["detail"]

        def chunks() -> Iterator[bytes]:
            for start in range(0, len(big), 500):
                yield big[start : start + 500]

        streamed = client.post("/api/v1/import", content=chunks(), headers={**KEY, "Content-Type": "application/json"})
        assert streamed.status_code == 413
        # A route that parses its JSON body itself (FastAPI) answers 413 too, not its own 400.
        documents = client.post(DOCS, content=chunks(), headers={**KEY, "Content-Type": "application/json"})
        assert documents.status_code == 413, documents.text
        assert client.post(DOCS, json=new_doc(), headers=KEY).status_code == 201
        too_big = client.post(
            "/api/v1/import", content=SEED.read_bytes(), headers={**KEY, "Content-Type": "application/yaml"}
        )
        assert too_big.status_code == 413
    # The command line has no body to limit: it loads the same file.
    from typer.testing import CliRunner

    from policygraph import cli

    cli_uses(monkeypatch, settings_for(neo4j_server, max_body_bytes=2000))
    result = CliRunner().invoke(cli.app, ["load", str(SEED)])
    assert result.exit_code == 0, result.output


# ---- injection corpus -------------------------------------------------------------------------

CORPUS = [
    "' OR 1=1 --",
    '" OR ""="',
    "}) DETACH DELETE n //",
    "`) MATCH (n) DETACH DELETE n //",
    "$param",
    "{id}",
    "\u202eevil\u202c \u200f\u200e",
    "\\u0000 \\n \\\\",
    "<script>alert(1)</script>",
    "MATCH (n) RETURN n; CALL db.clearQueryCaches()",
    "党建' }) RETURN 1 //",
    "x" * 1900,
]


@pytest.mark.parametrize("text", CORPUS, ids=range(len(CORPUS)))
def test_injection_corpus_stays_inert_and_verbatim(client: TestClient, seeded: Driver, text: str) -> None:
    nodes_before = seeded.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    fields = {"title": text, "title_en": text, "doc_number": text, "short_title": text[:40]}
    evidence = {"sources": [{"quote": text, "where": text}], "certainty": "inferred", "reason": text}
    created = client.post(DOCS, json=new_doc("t-odd", **fields, **evidence), headers=KEY)
    assert created.status_code == 201, created.text
    stored = client.get(f"{DOCS}/t-odd").json()
    assert {k: stored[k] for k in fields} == fields
    assert [{k: v for k, v in source.items() if v is not None} for source in stored["sources"]] == evidence["sources"]
    assert stored["reason"] == text
    assert stored["based_on"][0]["reason"] == text  # the bare link has the document's evidence
    changed = patch(client, "t-odd", {"title": text[::-1] + "!"}).json()
    assert changed["title"] == text[::-1] + "!"
    for url, params in [
        (DOCS, {"q": text[:200]}),
        (DOCS, {"pillar": text[:200], "department": text[:200], "framework": text[:200]}),
        ("/api/v1/audit/orphans", {"framework": text[:200]}),
        ("/api/v1/changes", {"since": text[:64]}),
    ]:
        assert client.get(url, params=params).status_code in {200, 404, 422}
    # As a path the text is an id no record has, or the 发文字号 (or short title) of t-odd: a name,
    # which redirects to t-odd's id (not followed here), verbatim, never run.
    for path in (f"{DOCS}/{text[:200]}", f"{DOCS}/{text[:200]}/lineage", f"/api/v1/pillars/{text[:200]}/dependents"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code in {307, 404, 422}
        if answer.status_code == 307 and "match" in answer.text:  # (a path ending in / redirects too)
            assert answer.json()["match"]["id"] == "t-odd" and "/t-odd" in answer.headers["location"]
    sent = client.patch(f"{DOCS}/{text[:200]}", json={"status": "issued"}, headers=KEY, follow_redirects=False)
    assert sent.status_code in {307, 404, 422}
    gone = client.delete(f"{DOCS}/{text[:200]}", headers=KEY, follow_redirects=False)
    assert gone.status_code in {307, 404, 405, 422}
    bad_id = client.post(DOCS, json=new_doc("t " + text[:190]), headers=KEY)
    assert bad_id.status_code == 422  # ids are a closed alphabet
    assert seeded.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == nodes_before + 3  # doc, 2 changes
    assert client.delete(f"{DOCS}/t-odd", headers=KEY).status_code == 200
    pillar = {"framework": "kunming-1-7-n", "key": "t-odd", "name": text, "name_en": text, "order": 9, **evidence}
    made = client.post("/api/v1/pillars", json=pillar, headers=KEY)
    assert made.status_code == 201 and made.json()["name"] == text
    assert (
        client.patch("/api/v1/pillars/t-odd", json={"name_en": text + "!"}, headers=KEY).json()["name_en"] == text + "!"
    )
    department = {"framework": "kunming-1-7-n", "id": "t-odd", "name": text, "name_en": text, **evidence}
    made = client.post("/api/v1/departments", json=department, headers=KEY)
    assert made.status_code == 201 and made.json()["sources"][0]["quote"] == text
    assert any(p["name"] == text for p in client.get("/api/v1/pillars").json()["items"])
    assert any(d["name"] == text for d in client.get("/api/v1/departments").json()["items"])
