"""What if: dry runs of every write, a document's impact, the critical documents. A dry run is
the real write rolled back, so each test makes the same write both ways and compares."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from neo4j import Driver
from typer.testing import CliRunner

from policygraph import cli
from policygraph.main import create_app
from policygraph.settings import Settings
from tests.support import (
    KEY,
    Neo4jUnderTest,
    cli_uses,
    generate,
    graph_snapshot,
    post_import,
    seed_data,
    settings_for,
)

DOCS = "/api/v1/documents"
YAML = {"Content-Type": "application/yaml"}
PARTY_BUILDING = "km-base-party-building"  # 《关于全面加强城市基层党建工作的意见》


def audit_keys(client: TestClient, framework: str) -> tuple[set[tuple[Any, ...]], dict[str, int]]:
    body = client.get("/api/v1/audit", params={"framework": framework}).json()
    keys = {(f["check"], f["subject"], f["message_code"], tuple(f["related"])) for f in body["findings"]}
    return keys, body["summary"]["by_check"]


def keys_of(findings: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {(f["check"], f["subject"], f["message_code"], tuple(f["related"])) for f in findings}


def last_change(client: TestClient) -> int:
    items = client.get("/api/v1/changes", params={"since": 0, "limit": 1000}).json()["items"]
    return max((item["seq"] for item in items), default=0)


def suspect_links(client: TestClient, framework: str) -> set[tuple[str, str]]:
    body = client.get("/api/v1/audit", params={"framework": framework, "check": "suspect"}).json()
    return {(f["subject"], f["related"][0]) for f in body["findings"] if f["check"] == "suspect"}


def dependents(client: TestClient, doc_id: str) -> dict[str, int]:
    body = client.get(f"{DOCS}/{doc_id}/dependents", params={"limit": 1000, "max_depth": 50}).json()
    return {item["id"]: item["distance"] for item in body["items"] if item["kind"] == "document"}


def both_ways(
    client: TestClient, driver: Driver, method: str, path: str, framework: str, **kwargs: Any
) -> tuple[dict[str, Any], Any]:
    """The write as a dry run (checked to write nothing), then for real; the impact, the answer,
    and the audit and suspect links before and after, for the caller to compare."""
    before = graph_snapshot(driver)
    params = {**kwargs.pop("params", {})}
    dry = client.request(method, path, params={**params, "dry_run": "true"}, headers=KEY, **kwargs)
    assert graph_snapshot(driver) == before, "a dry run wrote"
    real = client.request(method, path, params=params, headers=KEY, **kwargs)
    if dry.status_code != 200 or "dry_run" not in dry.json():  # refused: exactly as the real write
        assert (dry.status_code, dry.json()) == (real.status_code, real.json())
        return {}, real
    return dry.json(), real


def test_dry_run_repeal_of_the_party_building_opinion_lists_what_the_real_repeal_then_does(
    client: TestClient, seeded: Driver
) -> None:
    changes = last_change(client)
    audit_before, totals_before = audit_keys(client, "kunming-1-7-n")
    resting = dependents(client, PARTY_BUILDING)
    dry = client.patch(f"{DOCS}/{PARTY_BUILDING}", params={"dry_run": "true"}, json={"status": "repealed"}, headers=KEY)
    assert dry.status_code == 200, dry.text
    impact = dry.json()
    assert impact["dry_run"] and impact["writes"] and impact["change"] == changes + 1
    assert last_change(client) == changes  # the change log is unchanged
    listed = {d["id"]: d for d in impact["documents"]}
    assert listed[PARTY_BUILDING]["distance"] == 0
    assert {k: d["distance"] for k, d in listed.items() if d["distance"]} == resting
    assert resting, "the seed has documents resting on it"
    for doc_id in resting:
        assert listed[doc_id]["path"][0] == doc_id and listed[doc_id]["path"][-1] == PARTY_BUILDING
        assert "party-leadership" in listed[doc_id]["pillars"]
    departments = {d["id"] for doc in impact["documents"] for d in doc["departments"]}
    assert departments and departments == {g["id"] for g in impact["by_department"]}
    assert "party-leadership" in {g["key"] for g in impact["by_pillar"]}
    assert impact["audit"]["frameworks"] == ["kunming-1-7-n"] and impact["audit"]["complete"]
    assert "nothing was written" in impact["detail"]

    real = client.patch(f"{DOCS}/{PARTY_BUILDING}", json={"status": "repealed"}, headers=KEY)
    assert real.status_code == 200
    assert last_change(client) == impact["change"]
    audit_after, totals_after = audit_keys(client, "kunming-1-7-n")
    assert keys_of(impact["audit"]["appear"]) == audit_after - audit_before
    assert keys_of(impact["audit"]["disappear"]) == audit_before - audit_after
    moved = {code: totals_after[code] - totals_before[code] for code in totals_after}
    assert impact["audit"]["by_check"] == {code: n for code, n in moved.items() if n}
    assert {(s["document"], s["basis"]) for s in impact["suspect"]} == suspect_links(client, "kunming-1-7-n")


def test_impact_of_a_document_and_its_worklist(client: TestClient, seeded: Driver) -> None:
    before = graph_snapshot(seeded)
    answer = client.get(f"{DOCS}/{PARTY_BUILDING}/impact", params={"action": "repeal"})
    assert answer.status_code == 200, answer.text
    impact = answer.json()
    assert graph_snapshot(seeded) == before
    assert impact["total"] == len(impact["documents"]) and impact["distances"]["0"] == 1
    csv_text = client.get(f"{DOCS}/{PARTY_BUILDING}/impact", params={"format": "csv", "lang": "zh-CN"}).text
    assert csv_text.startswith("\ufeff部门")
    assert all(doc["id"] in csv_text for doc in impact["documents"])
    amend = client.get(f"{DOCS}/{PARTY_BUILDING}/impact", params={"action": "amend"}).json()
    assert amend["suspect"] == impact["suspect"]  # a change of status either way makes the links suspect
    assert client.get(f"{DOCS}/km-no-such-document/impact").status_code == 404


def random_write(rng: random.Random, framework: str, ids: list[str], pillars: list[str]) -> tuple[str, str, dict]:
    """One write of any kind the API takes, aimed at the generated framework."""
    doc = rng.choice(ids)
    choice = rng.randrange(8)
    if choice == 0:
        return "PATCH", f"{DOCS}/{doc}", {"json": {"status": rng.choice(["repealed", "amended", "issued"])}}
    if choice == 1:
        targets = rng.sample(ids, k=rng.randint(0, 2))
        return "PATCH", f"{DOCS}/{doc}", {"json": {"based_on": [{"document": t} for t in targets]}}
    if choice == 2:
        return "DELETE", f"{DOCS}/{doc}", {"params": {"force": rng.choice(["true", "false"])}}
    if choice == 3:
        return "PATCH", f"{DOCS}/{doc}", {"json": {"implements": [rng.choice(pillars)]}}
    if choice == 4:
        return "DELETE", f"/api/v1/pillars/{rng.choice(pillars)}", {"params": {"force": "true"}}
    if choice == 5:
        body = {
            "framework": framework,
            "id": f"{framework}-new-{rng.randrange(10**6)}",
            "title": "新文件",
            "tier": "supporting",
            "based_on": [{"document": rng.choice(ids)}],
            "sources": [{"quote": "测试数据", "where": "tests/test_impact.py"}],
            "certainty": "stated",
        }
        return "POST", DOCS, {"json": body}
    if choice == 6:
        return "POST", f"{DOCS}/{doc}/review", {}
    return "PATCH", f"{DOCS}/{doc}", {"json": {"title": f"改过的标题 {rng.randrange(100)}"}}


def test_random_writes_do_what_their_dry_runs_said(client: TestClient, empty_db: Driver) -> None:
    """On generated graphs: each random write as a dry run, then for real; the predicted audit
    delta, suspect links, change number and affected documents are what the write produced."""
    compared = refused = 0
    for seed in (11, 12):
        generated = generate(40, seed, cycles=0, placed=0.2)
        assert post_import(client, generated.data).status_code == 200
        framework = generated.data["framework"]["id"]
        ids = [d["id"] for d in generated.data["documents"]]
        pillars = [p["key"] for p in generated.data["pillars"]]
        rng = random.Random(seed)
        for _ in range(14):
            method, path, kwargs = random_write(rng, framework, ids, pillars)
            audit_before, totals_before = audit_keys(client, framework)
            suspects_before = suspect_links(client, framework)
            subject = path.split("/")[4] if path.startswith(DOCS + "/") else None
            resting_before = dependents(client, subject) if subject in ids else {}
            impact, real = both_ways(client, empty_db, method, path, framework, **kwargs)
            if not impact:
                refused += 1
                continue
            assert real.status_code < 300, real.text
            audit_after, totals_after = audit_keys(client, framework)
            where = (method, path, kwargs)
            assert keys_of(impact["audit"]["appear"]) == audit_after - audit_before, where
            assert keys_of(impact["audit"]["disappear"]) == audit_before - audit_after, where
            moved = {c: totals_after[c] - totals_before.get(c, 0) for c in totals_after}
            assert impact["audit"]["by_check"] == {c: n for c, n in moved.items() if n}, where
            new_suspects = suspect_links(client, framework) - suspects_before
            assert {(s["document"], s["basis"]) for s in impact["suspect"]} >= new_suspects, where
            if impact["writes"]:
                assert last_change(client) == impact["change"], where
            if subject in ids:
                still = client.get(f"{DOCS}/{subject}").status_code == 200
                resting_after = dependents(client, subject) if still else {}
                listed = {d["id"] for d in impact["documents"] if d["distance"] > 0}
                assert listed == set(resting_before) | set(resting_after), where
            if method == "DELETE" and subject in ids:
                # Deleted, the documents it alone anchored are the audit's new orphans: two ways, one answer.
                assert set(impact["only_anchor"]) == set(impact["unanchored"]), where
                ids.remove(subject)
            compared += 1
    assert compared >= 15 and refused >= 1, (compared, refused)


def test_cli_impact_and_load_dry_run(
    client: TestClient, seeded: Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cli_uses(monkeypatch, settings)
    before = graph_snapshot(seeded)
    api = client.get(f"{DOCS}/{PARTY_BUILDING}/impact").json()
    shown = CliRunner().invoke(cli.app, ["--lang", "en", "impact", PARTY_BUILDING, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout) == api  # the same dry run as the API's
    table = CliRunner(env={"COLUMNS": "240"}).invoke(cli.app, ["--lang", "zh-CN", "impact", PARTY_BUILDING])
    assert table.exit_code == 0 and "km-party-led-property-services-opinion" in table.stdout
    assert "未写入任何内容" in table.stdout
    changed = seed_data()
    changed["documents"] = [d for d in changed["documents"] if d["id"] != "km-party-led-property-services-opinion"]
    path = tmp_path / "smaller.yaml"
    path.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    dry = CliRunner().invoke(cli.app, ["load", str(path), "--mode", "replace", "--dry-run", "--format", "json"])
    assert dry.exit_code == 0, dry.output
    impact = json.loads(dry.stdout)
    gone = {d["id"] for d in impact["documents"] if d["deleted"]}
    assert gone == {"km-party-led-property-services-opinion"}
    csv_text = CliRunner().invoke(cli.app, ["load", str(path), "--mode", "replace", "--dry-run", "--format", "csv"])
    assert csv_text.exit_code == 0 and "km-party-led-property-services-opinion" in csv_text.stdout
    assert graph_snapshot(seeded) == before
    assert client.get(f"{DOCS}/{PARTY_BUILDING}/impact").json() == api


def reaches(edges: dict[str, list[str]], start: str, goal: set[str], without: str | None = None) -> set[str]:
    """Every record `start` reaches over `edges` (never through `without`)."""
    seen, stack = {start}, [start]
    while stack:
        for nxt in edges.get(stack.pop(), []):
            if nxt not in seen and nxt != without:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def test_critical_documents_are_what_a_brute_force_finds(client: TestClient, empty_db: Driver) -> None:
    for seed in (21, 22):
        generated = generate(50, seed, cycles=2, placed=0.2)
        assert post_import(client, generated.data).status_code == 200
        framework = generated.data["framework"]["id"]
        docs = {d["id"]: d for d in generated.data["documents"]}
        guiding = {i for i, d in docs.items() if d["tier"] == "guiding"}
        edges = generated.edges
        up = {i: reaches(edges, i, guiding) - {i} for i in docs}
        anchored = {i for i in docs if (up[i] | {i}) & guiding}
        expected = {}
        for v in docs:
            resting = [u for u in docs if v in up[u]]
            only = [u for u in anchored - {v} if not reaches(edges, u, guiding, without=v) & guiding]
            pillars = {p for u in [v, *resting] for p in docs[u].get("implements", [])}
            expected[v] = (len(resting), len(only), sorted(pillars))
        answer = client.get("/api/v1/analytics/critical", params={"framework": framework, "limit": 100})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert page["total"] == len(docs)
        got = {i["id"]: (i["dependents"], i["only_anchor"], i["pillars"]) for i in page["items"]}
        assert got == expected
        ranks = [(-i["dependents"], -i["only_anchor"], -len(i["pillars"]), i["id"]) for i in page["items"]]
        assert ranks == sorted(ranks)
    seed_page = client.get("/api/v1/analytics/critical", params={"framework": "nope"})
    assert seed_page.status_code == 404


def test_a_registry_past_the_dry_run_audit_bound_says_it_was_not_audited(
    neo4j_server: Neo4jUnderTest, seeded: Driver
) -> None:
    small = settings_for(neo4j_server, dry_run_audit_documents=5)  # the seed holds 12
    with TestClient(create_app(small)) as bounded:
        impact = bounded.get(f"{DOCS}/{PARTY_BUILDING}/impact").json()
        dry = bounded.patch(f"{DOCS}/{PARTY_BUILDING}", params={"dry_run": "true"}, json={"title": "新"}, headers=KEY)
    assert impact["audit"]["checked"] is False and "POLICYGRAPH_DRY_RUN_AUDIT_DOCUMENTS" in impact["audit"]["detail"]
    assert impact["total"] == 2 and impact["by_department"]  # the rest is there
    assert dry.status_code == 200 and dry.json()["audit"]["checked"] is False


def test_an_import_dry_run_answers_at_once_and_refuses_as_the_import(client: TestClient, seeded: Driver) -> None:
    smaller = seed_data()
    smaller["documents"] = [d for d in smaller["documents"] if d["id"] != "km-party-led-property-services-opinion"]
    body = yaml.safe_dump(smaller, allow_unicode=True).encode()
    before = graph_snapshot(seeded)
    headers = {**KEY, "Content-Type": "application/yaml", "Prefer": "respond-async", "Idempotency-Key": "dry-1"}
    dry = client.post("/api/v1/import", params={"mode": "replace", "dry_run": "true"}, content=body, headers=headers)
    assert dry.status_code == 200, dry.text  # a preview, never a job
    impact = dry.json()
    assert [d["id"] for d in impact["documents"] if d["deleted"]] == ["km-party-led-property-services-opinion"]
    assert {g["id"] for g in impact["by_department"]} == {
        "km-municipal-organisation-department",
        "km-housing-urban-rural-development-bureau",
    }
    assert graph_snapshot(seeded) == before
    broken = yaml.safe_dump({**smaller, "documents": [{"id": "x"}]}, allow_unicode=True).encode()
    refused = [
        client.post("/api/v1/import", params={"mode": "merge", **dry}, content=broken, headers={**KEY, **YAML})
        for dry in ({"dry_run": "true"}, {})
    ]
    assert refused[0].status_code == 422 and refused[0].json() == refused[1].json()
    # The key sent with the dry run was not kept: the same key now imports for real.
    again = {**KEY, **YAML, "Idempotency-Key": "dry-1"}
    real = client.post("/api/v1/import", params={"mode": "replace"}, content=body, headers=again)
    assert real.status_code == 200 and real.json()["deleted"]["documents"] == 1
