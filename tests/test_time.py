"""Time: 发文字号, change links (AMENDS, REPEALS, REPLACES), the graph as of a day, timelines,
diffs and the lifecycle audit. The as_of answers are compared with a Python computation of the
same rules (docs/time.md) on a generated registry with dates, amendments and repeals."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from bench.generate import TODAY, framework
from policygraph.model.doc_number import lookup_key, parse
from tests.support import KEY, TEST_SOURCE, bfs, post_import, seed_data

EVIDENCE = {"sources": [TEST_SOURCE], "certainty": "stated"}

# ---- 发文字号 ------------------------------------------------------------------------------

# (as typed, normalised form or None when it does not fit GB/T 9704-2012's form)
NUMBERS = [
    ("昆组通〔2019〕80号", "昆组通〔2019〕80号"),
    ("昆组通[2019]80号", "昆组通〔2019〕80号"),
    ("昆组通［2019］80号", "昆组通〔2019〕80号"),
    ("昆组通(2019)80号", "昆组通〔2019〕80号"),
    ("昆组通（2019）80号", "昆组通〔2019〕80号"),
    ("昆组通【2019】80号", "昆组通〔2019〕80号"),
    ("昆组通〔２０１９〕８０号", "昆组通〔2019〕80号"),
    ("昆组通 〔2019〕 80 号", "昆组通〔2019〕80号"),
    ("昆组通〔2019〕第80号", "昆组通〔2019〕80号"),
    ("昆组通〔2019〕080号", "昆组通〔2019〕80号"),
    ("昆组通〔2019〕80", "昆组通〔2019〕80号"),
    ("国办发〔2021〕1号", "国办发〔2021〕1号"),
    ("中办发〔2019〕45号", "中办发〔2019〕45号"),
    ("云政办发〔2020〕12号", "云政办发〔2020〕12号"),
    ("昆政发〔2016〕1号", "昆政发〔2016〕1号"),
    ("ＧＢ〔2019〕3号", "GB〔2019〕3号"),
    ("昆组通2019-80", None),
    ("待定", None),
    ("〔2019〕80号", None),
    ("昆组通〔19〕80号", None),
    ("昆组通〔1899〕80号", None),
    ("昆组通〔2019〕号", None),
]


@pytest.mark.parametrize(("typed", "normalised"), NUMBERS)
def test_doc_numbers_parse_in_every_common_variant(typed: str, normalised: str | None) -> None:
    parsed = parse(typed)
    assert (parsed.key if parsed else None) == normalised
    if parsed:
        assert lookup_key(typed) == normalised


def test_a_number_is_found_however_it_is_typed_and_an_unparseable_one_is_kept(
    client: TestClient, seeded: Driver
) -> None:
    for typed in ("昆组通〔2019〕80号", "昆组通[2019]80号", "昆组通（２０１９）第80号"):
        body = client.get("/api/v1/documents", params={"doc_number": typed}).json()
        assert [item["id"] for item in body["items"]] == ["km-party-led-property-services-opinion"], typed
    detail = client.get("/api/v1/documents/km-party-led-property-services-opinion").json()
    assert detail["doc_number"] == "昆组通〔2019〕80号"
    assert detail["doc_number_parts"] == {
        "normalized": "昆组通〔2019〕80号",
        "issuer": "昆组通",
        "year": 2019,
        "seq": 80,
    }
    assert detail["provisional"] is True  # 意见(试行)
    written = client.patch(
        "/api/v1/documents/km-party-led-property-services-opinion", json={"doc_number": "昆组通2019-80"}, headers=KEY
    )
    assert written.status_code == 200, written.text
    detail = client.get("/api/v1/documents/km-party-led-property-services-opinion").json()
    assert detail["doc_number"] == "昆组通2019-80" and detail["doc_number_parts"] is None
    assert client.get("/api/v1/documents", params={"doc_number": "昆组通2019-80"}).json()["total"] == 1
    audit = client.get("/api/v1/audit", params={"check": "doc-number-unparsed"}).json()
    assert [f["subject"] for f in audit["findings"]] == ["km-party-led-property-services-opinion"]


# ---- the rules, in Python ---------------------------------------------------------------


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def in_force(doc: dict[str, Any], repeals: list[dt.date | None], day: dt.date) -> str:
    """yes, no or unknown: docs/time.md's rules, written out again."""
    if doc.get("status") in ("planned", "drafting"):
        return "no"
    start = _date(doc.get("effective_from")) or _date(doc.get("issued_on"))
    until = _date(doc.get("effective_until"))
    dated = [on for on in repeals if on is not None]
    if start is not None and start > day:
        return "no"
    if until is not None and until < day:
        return "no"
    if any(on <= day for on in dated):
        return "no"
    if start is None:
        return "unknown"
    if until is None and not dated and (len(dated) < len(repeals) or doc.get("status") == "repealed"):
        return "unknown"
    return "yes"


class Registry:
    """A generated framework file, with the links each traversal follows."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.docs = {doc["id"]: doc for doc in data["documents"]}
        self.up: dict[str, set[str]] = {d: set() for d in self.docs}  # BASED_ON and PLACED_UNDER
        self.repeals: dict[str, list[dt.date | None]] = {d: [] for d in self.docs}
        self.bases: dict[str, list[str]] = {}
        for doc in data["documents"]:
            for field in ("based_on", "placed_under"):
                for link in doc.get(field, []):
                    self.up[doc["id"]].add(link if isinstance(link, str) else link["document"])
            for link in doc.get("repeals", []):
                self.repeals[link["document"]].append(_date(link.get("effective_on")))
            if doc["tier"] == "base":
                for pillar in doc.get("implements", []):
                    self.bases.setdefault(pillar, []).append(doc["id"])
        self.down: dict[str, set[str]] = {d: set() for d in self.docs}
        for doc, ups in self.up.items():
            for up in ups:
                self.down[up].add(doc)

    def force(self, doc: str, day: dt.date) -> str:
        return in_force(self.docs[doc], self.repeals[doc], day)

    def reach(self, starts: list[str], links: dict[str, set[str]], day: dt.date, depth: int) -> dict[str, int]:
        """Shortest distances from the starts over `links`, through documents not out of force."""
        return bfs(starts, links, depth, keep=lambda doc: self.force(doc, day) != "no")


@pytest.fixture
def dated(client: TestClient, empty_db: Driver) -> Registry:
    data = framework(0, 600, random.Random(16), dates=True)
    response = post_import(client, data)
    assert response.status_code == 200, response.text
    return Registry(data)


def test_as_of_answers_equal_the_rules_on_many_days(client: TestClient, dated: Registry) -> None:
    rng = random.Random(7)
    ids = sorted(dated.docs)
    changed = sorted({d for d, on in dated.repeals.items() if on})
    for _ in range(25):
        day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365))
        for doc in [rng.choice(ids), rng.choice(changed), *rng.sample(ids, 1)]:
            answer = client.get(f"/api/v1/documents/{doc}/lineage", params={"as_of": str(day), "max_depth": 50}).json()
            got = {a["id"]: (a["distance"], a["in_force"]) for a in answer["ancestors"]}
            want = {d: (n, dated.force(d, day)) for d, n in dated.reach([doc], dated.up, day, 50).items()}
            assert got == want, (doc, day)
            assert answer["document"]["in_force"] == dated.force(doc, day)
            answer = client.get(
                f"/api/v1/documents/{doc}/dependents", params={"as_of": str(day), "max_depth": 50, "limit": 1000}
            ).json()
            got = {a["id"]: (a["distance"], a["in_force"]) for a in answer["items"]}
            want = {d: (n, dated.force(d, day)) for d, n in dated.reach([doc], dated.down, day, 50).items()}
            assert got == want, (doc, day)
        pillar = rng.choice(sorted(dated.bases))
        answer = client.get(
            f"/api/v1/pillars/{pillar}/dependents", params={"as_of": str(day), "max_depth": 50, "limit": 1000}
        ).json()
        got = {a["id"]: a["distance"] for a in answer["items"]}
        assert got == dated.reach(dated.bases[pillar], dated.down, day, 50), (pillar, day)


def test_a_repeal_changes_the_lineage_from_its_day_on(client: TestClient, empty_db: Driver) -> None:
    """Before the repeal the chain runs through the old basis; from its day on it does not, and the
    old basis's status reads repealed without anyone typing it."""
    docs = [
        {"id": "t-plan", "title": "规划（2018—2035年）", "tier": "guiding", "status": "issued",
         "issued_on": "2018-01-05"},
        {"id": "t-old", "title": "旧办法", "tier": "base", "status": "issued", "issued_on": "2019-02-01",
         "based_on": ["t-plan"]},
        {"id": "t-new", "title": "新办法", "tier": "base", "status": "issued", "issued_on": "2022-03-01",
         "effective_from": "2022-04-01", "based_on": ["t-plan"],
         "repeals": [{"document": "t-old", "effective_on": "2022-04-01"}],
         "replaces": [{"document": "t-old", "effective_on": "2022-04-01"}]},
        {"id": "t-rule", "title": "细则", "tier": "supporting", "status": "issued", "issued_on": "2020-06-01",
         "based_on": ["t-old"]},
        {"id": "t-undated", "title": "无日期细则", "tier": "supporting", "status": "issued", "based_on": ["t-old"]},
    ]  # fmt: skip
    file = {
        "format": "policygraph/v2",
        "framework": {"id": "t", "name": "时间", **EVIDENCE},
        "documents": [{**doc, **EVIDENCE} for doc in docs],
    }
    assert post_import(client, file).status_code == 200

    def lineage(doc: str, day: str | None) -> dict[str, str | None]:
        params = {"as_of": day} if day else {}
        body = client.get(f"/api/v1/documents/{doc}/lineage", params=params).json()
        return {a["id"]: a["in_force"] for a in body["ancestors"]}

    assert lineage("t-rule", "2022-03-31") == {"t-old": "yes", "t-plan": "yes"}
    assert lineage("t-rule", "2022-04-01") == {}  # its basis is repealed: the chain is gone
    assert lineage("t-undated", "2021-01-01") == {"t-old": "yes", "t-plan": "yes"}
    body = client.get("/api/v1/documents/t-undated/lineage", params={"as_of": "2021-01-01"}).json()
    assert body["document"]["in_force"] == "unknown"  # no date: kept, marked, not guessed
    assert lineage("t-rule", "2019-03-01") == {}  # not yet issued that day
    assert lineage("t-rule", None) == {"t-old": None, "t-plan": None}  # the graph as recorded
    old = client.get("/api/v1/documents/t-old").json()
    assert old["status"] == "repealed" and old["recorded_status"] == "issued" and old["in_force"] == "no"
    assert [(c["id"], c["change"]) for c in old["changed_by"]] == [("t-new", "REPEALS"), ("t-new", "REPLACES")]
    listed = client.get("/api/v1/documents", params={"framework": "t", "as_of": "2022-04-01"}).json()
    assert {item["id"] for item in listed["items"]} == {"t-plan", "t-new", "t-rule", "t-undated"}
    stats = client.get("/api/v1/stats", params={"framework": "t", "as_of": "2020-01-01"}).json()["items"][0]
    assert stats["recorded"]["documents"] == 3 and stats["recorded"]["in_force_unknown"] == 1
    exported = client.get("/api/v1/export", params={"framework": "t", "as_of": "2019-06-01"}).json()
    assert [d["id"] for d in exported["documents"]] == ["t-plan", "t-old", "t-undated"]
    assert exported["documents"][2]["based_on"][0]["document"] == "t-old"

    # The audit as of a day judges the graph of that day: once t-old is repealed, what rests on it is unanchored.
    def unanchored(day: str) -> set[str]:
        body = client.get("/api/v1/audit", params={"check": "unanchored", "framework": "t", "as_of": day}).json()
        return {f["subject"] for f in body["findings"]}

    assert unanchored("2022-03-31") == set()
    assert unanchored("2022-04-01") == {"t-rule", "t-undated"}
    assert unanchored("2020-01-01") == set()  # t-new and t-rule not yet issued: not judged

    # Timeline and diff show the change.
    timeline = client.get("/api/v1/documents/t-old/timeline").json()
    assert [(e["on"], e["event"]) for e in timeline["events"] if e["on"]] == [
        ("2019-02-01", "issued"),
        ("2022-04-01", "repealed"),
        ("2022-04-01", "replaced"),
    ]
    diff = client.get("/api/v1/diff", params={"from": "2022-03-31", "to": "2022-04-01", "framework": "t"}).json()
    assert {d["id"] for d in diff["documents"]["removed"]} == {"t-old"}
    assert {d["id"] for d in diff["documents"]["added"]} == {"t-new"}
    assert {(link["source"], link["target"]) for link in diff["links"]["removed"]} == {
        ("t-old", "t-plan"),
        ("t-rule", "t-old"),
        ("t-undated", "t-old"),
    }


def test_change_links_refuse_self_links_and_cycles(client: TestClient, seeded: Driver) -> None:
    base = "km-base-party-building"
    other = "km-party-led-property-services-opinion"
    self_link = client.patch(f"/api/v1/documents/{base}", json={"repeals": [{"document": base}]}, headers=KEY)
    assert self_link.status_code == 409 and "itself" in self_link.json()["detail"]
    first = client.patch(
        f"/api/v1/documents/{other}", json={"amends": [{"document": base, "effective_on": "2020-01-01"}]}, headers=KEY
    )
    assert first.status_code == 200, first.text
    loop = client.patch(f"/api/v1/documents/{base}", json={"replaces": [{"document": other}]}, headers=KEY)
    assert loop.status_code == 409 and loop.json()["cycle"] == [base, other, base]
    unknown = client.patch(f"/api/v1/documents/{base}", json={"repeals": [{"document": "nope"}]}, headers=KEY)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["path"] == "repeals[0]"
    exported = client.get("/api/v1/export", params={"framework": "kunming-1-7-n"}).json()
    amends = next(d for d in exported["documents"] if d["id"] == other)["amends"]
    assert amends == [{"document": base, "effective_on": "2020-01-01", **amends[0]}] and amends[0]["sources"]
    history = client.get(f"/api/v1/documents/{other}/history").json()
    assert history["items"][0]["fields"] == ["amends"]
    refused = client.delete(f"/api/v1/documents/{base}", headers=KEY)  # another document changes it
    assert refused.status_code == 409 and other in refused.json()["dependents"], refused.text


# ---- the lifecycle audit on the generated registry ----------------------------------------


def lifecycle_findings(data: dict[str, Any], registry: Registry, today: dt.date) -> dict[str, set[str]]:
    """What each lifecycle check must report on `data`, computed from the file by the rules in docs/audit.md."""
    docs = data["documents"]
    keys: dict[str, list[str]] = {}
    for doc in docs:
        if doc.get("doc_number"):
            keys.setdefault(lookup_key(doc["doc_number"]), []).append(doc["id"])
    replaced = {link["document"] for doc in docs for link in doc.get("replaces", [])}
    repealed = {
        doc["id"]
        for doc in docs
        if doc["status"] == "repealed" or any(on is None or on <= today for on in registry.repeals[doc["id"]])
    }
    expected: dict[str, set[str]] = {
        "doc-number-duplicate": {i for ids in keys.values() if len(ids) > 1 for i in ids},
        "doc-number-unparsed": {d["id"] for d in docs if d.get("doc_number") and parse(d["doc_number"]) is None},
        "doc-number-year-mismatch": {
            d["id"]
            for d in docs
            if d.get("issued_on") and (p := parse(d.get("doc_number"))) and p.year != _date(d["issued_on"]).year
        },
        "expiring": {
            d["id"]
            for d in docs
            if d.get("effective_until")
            and today <= _date(d["effective_until"]) <= today + dt.timedelta(days=90)
            and registry.force(d["id"], today) != "no"
        },
        "provisional-overdue": set(),
        "repealed-without-successor": {
            r
            for r in repealed - replaced
            if any(r in registry.up[other] and registry.force(other, today) != "no" for other in registry.docs)
        },
    }
    for d in docs:
        start = None if d["status"] in ("planned", "drafting") else _date(d.get("effective_from") or d.get("issued_on"))
        dated = [on for on in registry.repeals[d["id"]] if on is not None]
        if (
            ("试行" in d["title"] or "暂行" in d["title"])
            and not d.get("effective_until")
            and start is not None
            and start <= today.replace(year=today.year - 2)
            and not any(on <= today for on in dated)
        ):
            expected["provisional-overdue"].add(d["id"])
    return expected


def test_the_lifecycle_checks_report_what_the_registry_plants(client: TestClient, dated: Registry) -> None:
    expected = lifecycle_findings(dated.data, dated, TODAY)
    for check, subjects in expected.items():
        body = client.get("/api/v1/audit", params={"check": check, "as_of": str(TODAY)}).json()
        assert {f["subject"] for f in body["findings"]} == subjects, check
    assert all(expected.values()), {check: len(s) for check, s in expected.items()}  # each one planted


def test_the_cleanup_worklist_says_keep_amend_or_repeal_per_department(client: TestClient, empty_db: Driver) -> None:
    today = dt.date.today()
    lead = [{"department": "d-a", "role": "lead"}]
    docs = [
        {"id": "c-plan", "title": "规划", "tier": "guiding", "status": "issued", "issued_on": "2018-01-05"},
        {"id": "c-gone", "title": "旧办法", "tier": "base", "status": "repealed", "based_on": ["c-plan"]},
        {"id": "c-keep", "title": "细则", "tier": "supporting", "status": "issued", "based_on": ["c-plan"],
         "responsible": lead},
        {"id": "c-expired", "title": "到期办法", "tier": "supporting", "status": "issued", "issued_on": "2019-01-01",
         "effective_until": "2021-12-31", "based_on": ["c-plan"], "responsible": lead},
        {"id": "c-trial", "title": "试点办法（试行）", "tier": "supporting", "status": "issued",
         "issued_on": "2019-01-01", "based_on": ["c-plan"],
         "responsible": [{"department": "d-b", "role": "lead"}, {"department": "d-a", "role": "joint"}]},
        {"id": "c-orphaned", "title": "依旧细则", "tier": "supporting", "status": "issued", "based_on": ["c-gone"],
         "responsible": lead},
        {"id": "c-soon", "title": "临期办法", "tier": "supporting", "status": "issued", "based_on": ["c-plan"],
         "effective_until": str(today + dt.timedelta(days=10)), "responsible": lead},
    ]  # fmt: skip
    file = {
        "format": "policygraph/v2",
        "framework": {"id": "c", "name": "清理", **EVIDENCE},
        "departments": [{"id": "d-a", "name": "甲", **EVIDENCE}, {"id": "d-b", "name": "乙", **EVIDENCE}],
        "documents": [{**doc, **EVIDENCE} for doc in docs],
    }
    assert post_import(client, file).status_code == 200
    body = client.get("/api/v1/audit/cleanup", params={"framework": "c"}).json()
    rows = [(r["department"], r["id"], r["action"], r["reasons"]) for r in body["items"]]
    assert rows == [
        ("d-a", "c-expired", "repeal", ["expired"]),
        ("d-a", "c-trial", "repeal", ["provisional-overdue"]),
        ("d-a", "c-orphaned", "amend", ["basis-repealed"]),
        ("d-a", "c-soon", "amend", ["expiring"]),
        ("d-a", "c-keep", "keep", []),
        ("d-b", "c-trial", "repeal", ["provisional-overdue"]),
    ]
    csv_text = client.get("/api/v1/audit/cleanup", params={"framework": "c", "department": "d-b", "format": "csv"})
    assert csv_text.headers["content-type"].startswith("text/csv")
    lines = csv_text.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("部门 department,") and len(lines) == 2 and "废止 repeal" in lines[1]


def test_a_generated_repeal_shows_in_lineage_timeline_and_diff(client: TestClient, dated: Registry) -> None:
    """The seed beside a generated registry with dates: for a repeal the generator planted, the
    lineage the day before and on its day differ (each equal to the rules), and the timeline and
    the diff show it."""
    assert post_import(client, seed_data()).status_code == 200
    repealed, on, dependent = next(
        (doc, day, other)
        for doc, days in sorted(dated.repeals.items())
        for day in days
        if day is not None and dated.force(doc, day - dt.timedelta(days=1)) == "yes"
        for other in sorted(dated.down[doc])
        if dated.force(other, day) != "no" and dated.force(other, day - dt.timedelta(days=1)) != "no"
    )
    before, after = on - dt.timedelta(days=1), on
    lineages = []
    for day in (before, after):
        body = client.get(f"/api/v1/documents/{dependent}/lineage", params={"as_of": str(day), "max_depth": 50}).json()
        got = {a["id"]: a["distance"] for a in body["ancestors"]}
        assert got == dated.reach([dependent], dated.up, day, 50)
        lineages.append(got)
    assert repealed in lineages[0] and repealed not in lineages[1]
    events = client.get(f"/api/v1/documents/{repealed}/timeline").json()["events"]
    assert {"on": str(on), "event": "repealed"}.items() <= next(e for e in events if e["event"] == "repealed").items()
    diff = client.get("/api/v1/diff", params={"from": str(before), "to": str(after), "framework": "bench-0"}).json()
    assert repealed in {d["id"] for d in diff["documents"]["removed"]}
    assert (dependent, repealed) in {(link["source"], link["target"]) for link in diff["links"]["removed"]}
    assert client.get("/api/v1/documents/km-base-party-building/lineage").status_code == 200  # the seed beside it


def test_a_diff_between_change_numbers_composes_the_edits(client: TestClient, seeded: Driver) -> None:
    doc, base = "km-party-led-property-services-opinion", "km-base-party-building"
    start = client.get("/api/v1/changes").json()["next_since"]
    assert client.patch(f"/api/v1/documents/{doc}", json={"issued_on": "2019-06-01"}, headers=KEY).status_code == 200
    assert client.patch(f"/api/v1/documents/{doc}", json={"amends": [base]}, headers=KEY).status_code == 200
    end = client.get("/api/v1/changes", params={"since": start}).json()["next_since"]
    diff = client.get("/api/v1/diff", params={"from": str(start), "to": str(end)}).json()
    assert diff["by"] == "change" and diff["from"] == str(start)
    [changed] = diff["documents"]["changed"]
    assert changed["id"] == doc and changed["fields"] == ["amends", "issued_on"]
    assert changed["changes"] == [start + 1, start + 2]
    assert diff["links"]["added"] == [{"source": doc, "target": base, "type": "AMENDS", "framework": "kunming-1-7-n"}]
    assert client.get("/api/v1/diff", params={"from": str(end), "to": "2022-01-01"}).status_code == 422
