"""The audit against the real server: a graph per check with known defects, a clean graph,
random graphs against Python, the CLI's exit codes and its outputs parsed back."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import html
import io
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from itertools import pairwise
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from typer.testing import CliRunner

from policygraph import cli
from policygraph.main import create_app
from policygraph.model.api import Audit
from policygraph.queries import QueryBook
from policygraph.services import audit, report, walks
from policygraph.settings import Settings
from tests.support import (
    PROJECT_ROOT,
    Neo4jUnderTest,
    cli_uses,
    generate,
    post_import,
    seed_data,
    settings_for,
    sourced,
    stated,
)

Doc = dict[str, Any]


def doc(doc_id: str, tier: str, based_on: list[str], implements: list[str], lead: str | None, **extra: Any) -> Doc:
    record: Doc = stated(
        {
            "id": doc_id,
            "title": f"{doc_id} 文件",
            "tier": tier,
            "status": "issued",
            "based_on": based_on,
            "implements": implements,
            "responsible": [{"department": lead, "role": "lead"}] if lead else [],
        }
    )
    record.update(extra)
    return record


def clean_graph() -> dict[str, Any]:
    """A small 1+2+N system with no defect: every check passes. The base documents are placed
    under the guiding one (structure); the supporting ones rest on them (basis); s1 covers a topic."""
    return sourced(
        {
            "framework": {"id": "fx", "name": "测试体系"},
            "pillars": [
                {"key": "p1", "name": "支柱一", "order": 1},
                {"key": "p2", "name": "支柱二", "order": 2},
            ],
            "departments": [{"id": "dep-a", "name": "甲部门"}, {"id": "dep-b", "name": "乙部门"}],
            "documents": [
                doc("g", "guiding", [], [], "dep-a", issued_on="2018-01-01"),
                doc("b1", "base", [], ["p1"], "dep-a", placed_under=["g"], issued_on="2016-01-01"),
                doc("b2", "base", [], ["p2"], "dep-b", placed_under=["g"]),
                doc("s1", "supporting", ["b1"], ["p1"], "dep-a", covers=["t1"], issued_on="2019-01-01")
                | {"responsible": [{"department": "dep-a", "role": "lead"}, {"department": "dep-b", "role": "joint"}]},
                doc("s2", "supporting", ["s1"], [], "dep-b", effective_until="2999-12-31"),
            ],
            "topics": [{"id": "t1", "name": "议题一", "implements": ["p1"], "placed_under": ["b1"]}],
        }
    )


def with_declared(data: dict[str, Any]) -> dict[str, Any]:
    """Declare exactly what is recorded (unless a case declared otherwise), so declared-gap stays quiet."""
    docs = [d for d in data["documents"] if d["tier"] != "unknown"]
    data["framework"].setdefault(
        "declared",
        {
            "documents": len(docs),
            "issued": sum(d["status"] in {"issued", "amended"} for d in docs),
            **{tier: sum(d["tier"] == tier for d in docs) for tier in ("guiding", "base", "supporting")},
        },
    )
    return sourced(data)


def broken_graph(*checks: str) -> dict[str, Any]:
    """The clean graph with the defects of `checks`, declared counts matching what is recorded."""
    data = clean_graph()
    for check in checks:
        DEFECTS[check][0](data)
    return with_declared(data)


def find(data: dict[str, Any], doc_id: str) -> Doc:
    return next(d for d in data["documents"] if d["id"] == doc_id)


def add(*docs: Doc) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["documents"].extend(docs)


def change(doc_id: str, **values: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: find(data, doc_id).update(values)


# check -> (how to break the clean graph, the subjects the check must report)
DEFECTS: dict[str, tuple[Callable[[dict[str, Any]], None], set[str]]] = {
    "unanchored": (
        add(
            doc("o1", "supporting", [], ["p1"], "dep-a"),
            doc("o2", "supporting", ["o1"], ["p1"], "dep-a"),
        ),
        {"o1", "o2"},
    ),
    "cycle": (
        add(
            doc("c1", "supporting", ["b1", "c2"], ["p1"], "dep-a"),
            doc("c2", "supporting", ["c1"], ["p1"], "dep-a"),
            doc("c3", "supporting", ["b1", "c3"], ["p1"], "dep-a"),
        ),
        {"c1", "c3"},
    ),
    "pillar-without-base": (lambda d: d["pillars"].append({"key": "p3", "name": "支柱三", "order": 3}), {"p3"}),
    "pillar-multiple-bases": (add(doc("b3", "base", [], ["p1"], "dep-a", placed_under=["g"])), {"p1"}),
    "base-not-placed": (change("b2", placed_under=[], based_on=["g"]), {"b2"}),
    "basis-out-of-time-order": (
        add(doc("late", "supporting", ["s1"], ["p1"], "dep-a", issued_on="2018-06-30")),  # s1: 2019
        {"late"},
    ),
    "stale-basis": (
        add(
            doc("r", "supporting", ["b1"], ["p1"], "dep-a", status="repealed"),
            doc("pl", "supporting", ["b1"], ["p1"], "dep-a", status="planned"),
            doc("s3", "supporting", ["r"], ["p1"], "dep-a"),
            doc("s4", "supporting", ["pl"], ["p1"], "dep-a", status="amended"),
            doc("s5", "supporting", ["pl"], ["p1"], "dep-a", status="drafting"),  # not in force: fine
            doc("r2", "supporting", ["b1"], ["p1"], "dep-a", replaces=["r"]),  # r has a successor
        ),
        {"s3", "s4"},
    ),
    "repealed-without-successor": (
        add(
            doc("rp", "supporting", ["b1"], ["p1"], "dep-a", issued_on="2017-01-01"),
            doc("rr", "supporting", ["b1"], ["p1"], "dep-a", issued_on="2020-01-01", repeals=["rp"]),
            doc("rest", "supporting", ["rp"], ["p1"], "dep-a", status="unknown"),  # in force or not: unknown
        ),
        {"rp"},
    ),
    "expiring": (change("s2", effective_until=str(dt.date.today() + dt.timedelta(days=30))), {"s2"}),
    "provisional-overdue": (change("s1", title="s1 文件（试行）"), {"s1"}),  # in force since 2019
    "doc-number-duplicate": (
        lambda d: [change("s1", doc_number="测发〔2019〕1号")(d), change("s2", doc_number="测发[2019]1号")(d)],
        {"s1", "s2"},
    ),
    "doc-number-year-mismatch": (change("s1", doc_number="测发〔2018〕2号"), {"s1"}),  # issued 2019
    "doc-number-unparsed": (change("s2", doc_number="测发2019-3"), {"s2"}),
    "expired-in-force": (change("s2", effective_until="2020-06-30"), {"s2"}),
    "no-pillar": (add(doc("n1", "supporting", ["g"], [], "dep-a")), {"n1"}),
    "ownerless": (change("s2", responsible=[]), {"s2"}),
    "no-lead": (change("s2", responsible=[{"department": "dep-b", "role": "joint"}]), {"s2"}),
    "declared-gap": (lambda d: d["framework"].update(declared={"documents": 55, "issued": 5, "supporting": 1}), {"fx"}),
    "unplaced": (add(doc("u1", "unknown", ["g"], [], "dep-a")), {"u1"}),
    "topic-uncovered": (
        lambda d: d["topics"].append(
            stated({"id": "t2", "name": "议题二", "implements": ["p2"], "placed_under": ["b2"]})
        ),
        {"t2"},
    ),
    "inferred": (change("s2", certainty="inferred", reason="测试:这是推断,理由在此,足够长以便阅读。"), {"s2"}),
    "idle-department": (lambda d: d["departments"].append({"id": "dep-c", "name": "丙部门"}), {"dep-c"}),
}


def test_every_check_has_a_defect_case_and_a_query_file() -> None:
    # `suspect` comes from an edit, not from a file: tests/test_writes.py covers it.
    assert set(DEFECTS) | {"suspect"} == set(audit.BY_CODE)
    for check in audit.CHECKS:
        name = "declared" if check.code in audit.COMPUTED else check.query
        assert (PROJECT_ROOT / "queries" / f"{name}.cypher").is_file()


def load(client: TestClient, data: dict[str, Any]) -> None:
    response = post_import(client, data, mode="replace")
    assert response.status_code == 200, response.text[:500]


def test_a_clean_graph_has_no_findings(client: TestClient, empty_db: Driver) -> None:
    load(client, broken_graph())
    body = client.get("/api/v1/audit").json()
    assert body["findings"] == [], body["findings"]
    assert body["summary"]["total"] == 0
    assert body["summary"]["frameworks"] == ["fx"]
    assert [c["code"] for c in body["summary"]["checks"]] == [c.code for c in audit.CHECKS]
    assert client.get("/api/v1/audit/orphans").json() == {"items": [], "total": 0}


@pytest.mark.parametrize("check", list(DEFECTS))
def test_each_check_finds_its_defect_and_nothing_else(client: TestClient, empty_db: Driver, check: str) -> None:
    load(client, broken_graph(check))
    subjects = DEFECTS[check][1]
    body = client.get("/api/v1/audit").json()
    fired = {(f["check"], f["subject"]) for f in body["findings"]}
    assert fired == {(check, subject) for subject in subjects}
    severity = audit.BY_CODE[check].severity.value
    for finding in body["findings"]:
        assert finding["severity"] == severity
        assert finding["framework"] == "fx"
        assert finding["title"], finding
        assert len(finding["message"]) > 20
    assert body["summary"]["by_check"][check] == body["summary"]["total"] >= len(subjects)
    assert body["summary"]["by_severity"][severity] == body["summary"]["total"]


def findings_of(client: TestClient, check: str, **params: Any) -> list[dict[str, Any]]:
    return client.get("/api/v1/audit", params={"check": check, "limit": 100_000, **params}).json()["findings"]


def test_the_orphans_page_keeps_its_list_until_a_write(
    client: TestClient, empty_db: Driver, neo4j_server: Neo4jUnderTest
) -> None:
    data = clean_graph()
    data["documents"].append(doc("o1", "supporting", [], ["p1"], "dep-a"))
    load(client, with_declared(data))

    def orphans(api: TestClient) -> list[str]:
        body = api.get("/api/v1/audit/orphans").json()
        assert body["total"] == len(body["items"])
        return [item["id"] for item in body["items"]]

    assert orphans(client) == ["o1"]
    # Writes through policygraph are seen by the very next request.
    key = {"X-API-Key": "test-key"}
    assert client.patch("/api/v1/documents/o1", json={"based_on": ["g"]}, headers=key).status_code == 200
    assert orphans(client) == []
    created = doc("o2", "supporting", [], ["p1"], "dep-a", framework="fx")
    assert client.post("/api/v1/documents", json=created, headers=key).status_code == 201
    assert orphans(client) == ["o2"]
    # A write that bypasses policygraph leaves the change token alone: the page keeps its list
    # (for at most kept_seconds), while the audit and a server keeping nothing see it at once.
    empty_db.execute_query(
        "CREATE (:Document:SupportingDocument {id: 'o0', framework: 'fx', title: 'o0', tier: 'supporting', "
        "status: 'issued'})"
    )
    assert orphans(client) == ["o2"]
    assert [f["subject"] for f in findings_of(client, "unanchored")] == ["o0", "o2"]
    with TestClient(create_app(settings_for(neo4j_server, kept_seconds=0))) as keeps_nothing:
        assert orphans(keeps_nothing) == ["o0", "o2"]
    assert client.patch("/api/v1/documents/o2", json={"title": "o2 文件（修订）"}, headers=key).status_code == 200
    assert orphans(client) == ["o0", "o2"]


def test_finding_details(client: TestClient, empty_db: Driver) -> None:
    data = broken_graph("cycle", "stale-basis", "pillar-multiple-bases", "unanchored", "no-lead")
    data["framework"]["declared"]["documents"] = 55
    load(client, data)
    cycles = {f["subject"]: f for f in findings_of(client, "cycle")}
    assert cycles["c1"]["related"] == ["c1", "c2"]
    assert "c1 -> c2 -> c1" in cycles["c1"]["message"]
    assert cycles["c3"]["related"] == ["c3"]
    stale = {f["subject"]: f for f in findings_of(client, "stale-basis")}
    assert "repealed" in stale["s3"]["message"] and stale["s3"]["related"] == ["r"]
    assert "not yet issued (planned)" in stale["s4"]["message"]
    [multiple] = findings_of(client, "pillar-multiple-bases")
    assert multiple["related"] == ["b1", "b3"] and multiple["subject_type"] == "pillar"
    assert multiple["title"] == "支柱一"
    orphans = {f["subject"]: f for f in findings_of(client, "unanchored")}
    assert "no recorded basis and no recorded place" in orphans["o1"]["message"]
    assert "o1" in orphans["o2"]["message"] and orphans["o2"]["related"] == ["o1"]
    [no_lead] = findings_of(client, "no-lead")
    assert no_lead["related"] == ["dep-b"]
    [gap] = findings_of(client, "declared-gap")
    assert gap["message"].startswith("Declared 55 documents, recorded 17 (38 missing)")
    # Membership unknown: the gap becomes a range.
    data["documents"].append(doc("u1", "unknown", [], [], "dep-a"))
    load(client, data)
    [gap] = findings_of(client, "declared-gap")
    assert gap["message"].startswith("Declared 55 documents, recorded 17 (at least 37 and at most 38 missing")
    # Findings come errors first, then warnings.
    ranks = [audit.BY_CODE[f["check"]].severity.rank for f in client.get("/api/v1/audit").json()["findings"]]
    assert ranks == sorted(ranks, reverse=True)


def test_filters_limits_and_the_orphans_page(client: TestClient, empty_db: Driver) -> None:
    data = clean_graph()
    data["documents"] += [doc(f"o{i:02}", "supporting", [], ["p1"], None) for i in range(30)]
    data["departments"].append({"id": "dep-c", "name": "丙部门"})
    load(client, with_declared(data))
    full = client.get("/api/v1/audit").json()["summary"]["by_check"]
    assert full["unanchored"] == 30 and full["ownerless"] == 30 and full["idle-department"] == 1
    only = client.get("/api/v1/audit", params={"check": ["ownerless", "idle-department"]}).json()
    assert {f["check"] for f in only["findings"]} == {"ownerless", "idle-department"}
    skipped = client.get("/api/v1/audit", params={"skip": "ownerless"}).json()
    assert "ownerless" not in skipped["summary"]["by_check"]
    warnings_up = client.get("/api/v1/audit", params={"severity": "warning"}).json()
    assert "idle-department" not in warnings_up["summary"]["by_check"]
    limited = client.get("/api/v1/audit", params={"limit": 5}).json()
    assert limited["summary"]["truncated"] is True
    assert limited["summary"]["by_check"]["unanchored"] == 30
    assert sum(f["check"] == "unanchored" for f in limited["findings"]) == 5

    page = client.get("/api/v1/audit/orphans", params={"limit": 10, "offset": 25}).json()
    assert page["total"] == 30
    assert [item["id"] for item in page["items"]] == [f"o{i:02}" for i in range(25, 30)]
    assert page["items"][0]["tier"] == "supporting" and page["items"][0]["based_on"] == []

    assert client.get("/api/v1/audit", params={"framework": "nope"}).status_code == 404
    assert client.get("/api/v1/audit/orphans", params={"framework": "nope"}).status_code == 404
    bad = client.get("/api/v1/audit", params={"check": "no-such-check"})
    assert bad.status_code == 422 and "unanchored" in bad.text  # says which checks exist
    assert client.get("/api/v1/audit", params={"limit": 0}).status_code == 422
    assert client.get("/api/v1/audit/orphans", params={"limit": 1001}).status_code == 422


def test_frameworks_are_audited_apart(client: TestClient, empty_db: Driver) -> None:
    load(client, broken_graph())
    other = broken_graph()
    other["framework"]["id"] = "fy"
    for record in other["pillars"]:
        record["key"] = "y-" + record["key"]
    for record in other["departments"]:
        record["id"] = "y-" + record["id"]
    for record in other["topics"]:
        record["id"] = "y-" + record["id"]
        record["placed_under"] = ["y-" + b for b in record["placed_under"]]
        record["implements"] = ["y-" + p for p in record["implements"]]
    for record in other["documents"]:
        record["id"] = "y-" + record["id"]
        for field in ("based_on", "placed_under", "covers", "implements"):
            record[field] = ["y-" + b for b in record.get(field, [])]
        for r in record["responsible"]:
            r["department"] = "y-" + r["department"]
    other["documents"].append(doc("y-orphan", "supporting", [], ["y-p1"], "y-dep-a"))
    other["framework"]["declared"]["documents"] += 1
    other["framework"]["declared"]["issued"] += 1
    other["framework"]["declared"]["supporting"] += 1
    load(client, other)
    assert client.get("/api/v1/audit", params={"framework": "fx"}).json()["summary"]["total"] == 0
    both = client.get("/api/v1/audit").json()
    assert both["summary"]["frameworks"] == ["fx", "fy"]
    assert [(f["check"], f["subject"]) for f in both["findings"]] == [("unanchored", "y-orphan")]


def test_the_seed_audit(client: TestClient, empty_db: Driver) -> None:
    """What the README says about the seed's audit: the real gaps of the public record."""
    load(client, seed_data())
    body = client.get("/api/v1/audit", params={"limit": 1000}).json()
    by_check = {k: v for k, v in body["summary"]["by_check"].items() if v}
    assert by_check == {
        "ownerless": 10,  # every document but the scheme and the 2019 opinion
        "declared-gap": 3,  # documents, issued, supporting
        "unplaced": 4,  # the scheme, the two plans, the 2019 opinion
        "topic-uncovered": 5,  # every topic but property services
        "inferred": 9,  # 6 topics under the plan, the opinion's topic and its two issuers' roles
        "idle-department": 1,  # 市委社会工委
    }
    assert body["summary"]["by_severity"]["error"] == 0
    gaps = {f["related"][0]: f["message"] for f in body["findings"] if f["check"] == "declared-gap"}
    assert gaps["documents"].startswith("Declared 55 documents, recorded 8 (at least 43 and at most 47 missing")
    assert gaps["supporting"].startswith(
        "Declared 47 supporting documents, recorded 0 (at least 43 and at most 47 missing"
    )
    assert gaps["issued"].startswith("Declared 39 issued, recorded 1 (at least 29 and at most 38 missing")
    inferred = {(f["subject"], tuple(f["related"])) for f in body["findings"] if f["check"] == "inferred"}
    assert (
        "km-party-led-property-services-opinion",
        ("km-party-led-property-services-opinion", "km-topic-party-led-property-services"),
    ) in inferred


# ---- random graphs: the audit equals a Python computation ---------------------------------


def test_the_walks_read_sparse_node_numbers_as_dense_ones() -> None:
    """The walks index arrays by node number; a store that numbers its nodes sparsely is
    renumbered first, with the same findings. Also: out of force blocks a walk and a cycle."""
    # 1 guiding; 2 rests on 1; 3 on 2; 4 on 3 and 5, 5 on 4 (a cycle); 6 on nothing; 7 implements
    # a pillar, 8 rests on 7.
    packed = {
        "based_on_from": [2, 3, 4, 5, 8],
        "based_on_to": [1, 2, 5, 4, 7],
        "placed_from": [4],
        "placed_to": [3],
        "implementers": [7],
        "guiding": [1],
        "judged": [2, 3, 4, 5, 6, 7, 8],
        "out_of_force": [],
    }
    for scale in (1, 10**12):  # dense, then far beyond what arrays indexed by id could hold
        sparse = {key: [node * scale for node in nodes] for key, nodes in packed.items()}
        registry = walks.Registry.of(sparse)
        assert (registry.unanchored() // scale).tolist() == [6, 7, 8]
        assert (registry.unserved() // scale).tolist() == [2, 3, 4, 5, 6]
        assert (registry.cycle_candidates() // scale).tolist() == [4, 5]
        closed = walks.Registry.of({**sparse, "out_of_force": [2 * scale, 5 * scale]})
        assert (closed.unanchored() // scale).tolist() == [3, 4, 6, 7, 8]  # 2, 5 not judged that day
        assert closed.cycle_candidates().tolist() == []


def reaches(start: str, edges: dict[str, list[str]], targets: set[str], max_depth: int = 50) -> bool:
    frontier, seen = [start], {start}
    for _ in range(max_depth):
        frontier = [n for node in frontier for n in edges[node]]
        if any(n in targets for n in frontier):
            return True
        frontier = [n for n in dict.fromkeys(frontier) if n not in seen]
        seen.update(frontier)
        if not frontier:
            return False
    return False


@pytest.mark.parametrize(("seed", "cycles"), [(3, 0), (4, 30)])
def test_random_graphs_equal_python(client: TestClient, empty_db: Driver, seed: int, cycles: int) -> None:
    graph = generate(1500, seed, cycles)
    data, edges = graph.data, graph.edges
    rng = random.Random(seed)
    departments = [f"dep{k}" for k in range(6)]
    data["departments"] = [stated({"id": d, "name": d}) for d in departments]
    for record in data["documents"]:
        if rng.random() < 0.8:
            record["responsible"] = [{"department": rng.choice(departments), "role": rng.choice(["lead", "joint"])}]
        if record["tier"] == "supporting" and rng.random() < 0.9:
            del record["implements"]  # most then serve a pillar only through what they rest on
    load(client, data)
    guiding = {d["id"] for d in data["documents"] if d["tier"] == "guiding"}
    orphans = {d for d in edges if d not in guiding and not reaches(d, edges, guiding)}
    ownerless = {d["id"] for d in data["documents"] if not d.get("responsible")}
    cyclic = {d for d in edges if reaches(d, edges, {d})}
    implementers = {d["id"] for d in data["documents"] if d.get("implements")}
    unserved = {d for d in edges if d not in guiding and d not in implementers and not reaches(d, edges, implementers)}
    assert orphans and ownerless and unserved  # the generator makes each
    assert bool(cyclic) == bool(cycles)

    body = client.get("/api/v1/audit", params={"limit": 100_000}).json()
    found: dict[str, list[dict[str, Any]]] = {}
    for finding in body["findings"]:
        found.setdefault(finding["check"], []).append(finding)
    assert {f["subject"] for f in found.get("unanchored", [])} == orphans
    assert {f["subject"] for f in found.get("ownerless", [])} == ownerless
    assert {f["subject"] for f in found.get("no-pillar", [])} == unserved
    loops = [f["related"] for f in found.get("cycle", [])]
    assert {member for loop in loops for member in loop} == cyclic
    assert len({tuple(loop) for loop in loops}) == len(loops), "a cycle is reported twice"
    for loop in loops:
        assert loop[0] == min(loop), "a cycle starts at its smallest id"
        for a, b in pairwise([*loop, loop[0]]):
            assert b in edges[a], f"{a} -> {b} is not a BASED_ON link"

    # Pasted into the Browser, without what the API's walks found (`nodes`, `candidates`), the three
    # walking checks walk in Cypher: the same findings.
    def pasted(code: str) -> dict[str, Any]:
        params = {"nodes": None, "candidates": None, "frameworks": [f"gen-{seed}"], "as_of": None, "limit": 100_000}
        return empty_db.execute_query(QueryBook()[f"audit/{code}"].text, params).records[0].data()

    assert set(pasted("unanchored")["ids"]) == orphans
    assert {f["subject"] for f in pasted("no-pillar")["findings"]} == unserved
    walked = pasted("cycle")
    assert walked["total"] == len(loops)
    assert sorted(tuple(f["related"]) for f in walked["findings"]) == sorted(tuple(loop) for loop in loops)
    orphan_page, offset = [], 0
    while offset < len(orphans):
        page = client.get("/api/v1/audit/orphans", params={"limit": 1000, "offset": offset}).json()
        assert page["total"] == len(orphans)
        orphan_page += [item["id"] for item in page["items"]]
        offset += 1000
    assert orphan_page == sorted(orphans)


# ---- CLI and reports ----------------------------------------------------------------------

ODD_TITLE = 'Odd, "quoted" | <script>alert(1)</script> *bold* `tick` & [link](x)\n第二行'


@pytest.fixture
def cli_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    cli_uses(monkeypatch, settings)
    return settings


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.app, ["audit", *args])
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("clean", {"error": 0, "warning": 0, "info": 0, "never": 0}),
        ("idle-department", {"error": 0, "warning": 0, "info": 1, "never": 0}),
        ("ownerless", {"error": 0, "warning": 1, "info": 1, "never": 0}),
        ("cycle", {"error": 1, "warning": 1, "info": 1, "never": 0}),
    ],
)
def test_cli_exit_codes(
    client: TestClient, empty_db: Driver, cli_settings: Settings, case: str, expected: dict[str, int]
) -> None:
    load(client, broken_graph() if case == "clean" else broken_graph(case))
    for threshold, code in expected.items():
        assert run_cli("--format", "json", "--fail-on", threshold)[0] == code, threshold
    assert run_cli()[0] == expected["error"]  # the default threshold is error


def test_cli_refuses_unknown_checks_and_frameworks(
    client: TestClient, empty_db: Driver, cli_settings: Settings
) -> None:
    load(client, broken_graph())
    result = CliRunner().invoke(cli.app, ["audit", "--check", "nope"])
    assert result.exit_code == 2 and "unknown check(s) nope" in result.output
    result = CliRunner().invoke(cli.app, ["audit", "--framework", "nope"])
    assert result.exit_code == 2 and "nope" in result.output


def test_cli_outputs_parse_back(client: TestClient, empty_db: Driver, cli_settings: Settings) -> None:
    data = broken_graph("cycle", "unanchored", "idle-department")
    find(data, "o1")["title"] = ODD_TITLE
    load(client, data)
    api = Audit.model_validate(client.get("/api/v1/audit", params={"limit": 100_000}).json())

    code, text = run_cli("--format", "json", "--fail-on", "never")
    assert code == 0
    parsed = Audit.model_validate_json(text)
    assert parsed.findings == api.findings
    assert parsed.summary.by_check == api.summary.by_check

    code, text = run_cli("--format", "csv", "--fail-on", "never")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(api.findings)
    for row, finding in zip(rows, api.findings, strict=True):
        assert row["check"] == finding.check and row["subject"] == finding.subject
        assert row["title"] == (finding.title or "") and row["message"] == finding.message
        assert row["related"].split() == finding.related
    assert any(row["title"] == ODD_TITLE for row in rows)

    code, text = run_cli("--format", "md")
    assert code == 1  # cycles and orphans are errors
    assert "| cycle | error | 2 |" in text  # the summary table
    assert "## fx (4 error, 0 warning, 1 info)" in text  # by framework, then by record
    assert "- **error** `cycle`: BASED\\_ON cycle of 2" in text
    assert r"\<script\>" in text and "\\|" in text  # markup in a title is escaped


def test_html_report_escapes_and_groups(client: TestClient, empty_db: Driver) -> None:
    data = broken_graph("unanchored")
    find(data, "o1")["title"] = ODD_TITLE
    load(client, data)
    response = client.get("/api/v1/audit/report")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # the page's own (paging, filter, print), no data in it
    assert 'id="fw-fx"' in page and 'href="#fw-fx"' in page  # contents linked to the framework's section
    assert 'id="s-document%3Ao1"' in page and "/api/v1/documents/o1" in page  # a record's anchor and its link
    # The Browser link opens queries/browser/record.cypher, the record named by a :param line.
    href = html.unescape(re.search(r'href="([^"]*/browser/\?cmd=edit[^"]*)"', page).group(1))  # type: ignore[union-attr]
    script = parse_qs(urlsplit(href).query)["arg"][0]
    assert script.startswith(':param key => "o1";\n') and "MATCH (n:Document {id: $key})" in script
    assert "<table>" in page and "o1 文件" not in page and "第二行" in page
    clean = broken_graph()
    load(client, clean)
    assert "every check passed" in client.get("/api/v1/audit/report").text


def test_markdown_escaping_is_inert() -> None:
    assert report.md_text("a|b") == r"a\|b"
    assert report.md_text("x\n y") == "x y"
    assert report.md_text(None) == ""
    rendered = report._renderer.render(f"| t |\n|---|\n| {report.md_text(ODD_TITLE)} |\n")
    assert "<script>" not in rendered and "<strong>" not in rendered and "<a " not in rendered


def test_the_installed_command_exits_1_on_errors(
    client: TestClient, empty_db: Driver, neo4j_server: Neo4jUnderTest
) -> None:
    load(client, broken_graph("cycle"))
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    command = [sys.executable, "-m", "policygraph.cli", "--lang", "en", "audit", "--format", "json"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["by_check"]["cycle"] == 2
    assert "finding(s) at or above error" in done.stderr


def test_every_audit_query_is_one_pass(driver: Driver, client: TestClient, empty_db: Driver) -> None:
    """No check runs a query per document from Python: each is one statement, and its plan
    starts from a label scan or index, never a cartesian product."""
    data = broken_graph()
    load(client, copy.deepcopy(data))
    for check in audit.CHECKS:
        name = "declared" if check.code in audit.COMPUTED else check.query
        text = client.app.state.graph.queries[name].text  # type: ignore[attr-defined]
        with driver.session() as session:
            plan = session.run(f"EXPLAIN {text}", frameworks=["fx"], offset=0, limit=10, today=None).consume().plan
        assert "CartesianProduct" not in json.dumps(plan), check.code


def test_the_audit_page_documents_every_check() -> None:
    page = (PROJECT_ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    missing = [check.code for check in audit.CHECKS if f"| `{check.code}` |" not in page]
    assert not missing, f"docs/audit.md has no row for {missing}"
