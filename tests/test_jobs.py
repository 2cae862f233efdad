"""Long imports as jobs: 202 with a Location, progress and the outcome at /api/v1/jobs/{id}, the
outcome written with the data (so a job says `succeeded` exactly when it committed), all or
nothing, and a retry with the same Idempotency-Key finds the same job."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from policygraph.queries import QueryBook
from tests.support import KEY, SEED, graph_snapshot, post_import, seed_data, sourced

LIMIT = 16 * 1024 * 1024  # the API's body limit (POLICYGRAPH_MAX_BODY_BYTES)


def body_near_the_limit() -> tuple[bytes, int]:
    """A framework file just under 16 MiB of documents as a register holds them (titles in two
    languages, document numbers, dates, a quote of their source), each based on up to two earlier
    ones: about 25,000 documents."""
    documents = []
    size, i = 200, 0
    while True:
        doc = {
            "id": f"job-{i}",
            "title": f"关于进一步加强和改进基层社会治理工作的实施意见（第{i}号配套文件）",
            "title_en": f"Implementation opinions on further strengthening grassroots social governance, no. {i}",
            "tier": "supporting" if i else "guiding",
            "status": "issued",
            "doc_number": f"昆政办〔2021〕{i}号",
            "issued_on": "2021-06-30",
            "based_on": sorted({f"job-{(i * 7919) % i}", f"job-{(i * 104729) % i}"}) if i else [],
            "sources": [
                {
                    "quote": f"为贯彻落实市委市政府决策部署，现就进一步加强和改进基层社会治理工作提出实施意见（{i}）。",
                    "where": f"tests/test_jobs.py#{i}",
                }
            ],
            "certainty": "stated",
        }
        piece = len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()) + 1
        if size + piece > LIMIT - 4096:
            break
        documents.append(doc)
        size += piece
        i += 1
    data = sourced({"framework": {"id": "job-big", "name": "大文件"}, "documents": documents})
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    assert LIMIT - 64 * 1024 < len(body) <= LIMIT, len(body)
    return body, len(documents)


def follow(client: TestClient, location: str, timeout: float = 300.0) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Poll a job until it finishes: its last state, and every state seen on the way. A 503 (with
    Retry-After) while the import loads the database is polled again, as `policygraph send` does."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = client.get(location)
        if answer.status_code == 503:  # the database is busy with the import: try again, as a client does
            assert answer.headers["Retry-After"], answer.text
            time.sleep(1)
            continue
        assert answer.status_code == 200, answer.text
        seen.append(answer.json())
        if seen[-1]["state"] not in ("queued", "running"):
            return seen[-1], seen
        time.sleep(0.5)
    raise AssertionError(f"job still running after {timeout} s: {seen[-1]}")


@pytest.mark.slow  # a 16 MiB import
def test_an_import_at_the_body_limit_is_acknowledged_through_a_job(client: TestClient, empty_db: Driver) -> None:
    body, n = body_near_the_limit()
    headers = {**KEY, "Content-Type": "application/json", "Idempotency-Key": "job-16mib"}
    started = time.monotonic()
    accepted = client.post("/api/v1/import", content=body, headers=headers)
    answered_in = time.monotonic() - started
    assert accepted.status_code == 202, accepted.text[:500]
    location = accepted.headers["Location"]
    assert location == accepted.json()["location"] and location.startswith("/api/v1/jobs/")
    assert answered_in < 5, answered_in  # accepted at once, whatever the size
    # A retry with the key finds this job and starts no other.
    again = client.post("/api/v1/import", content=body, headers=headers)
    assert again.status_code == 202 and again.headers["Location"] == location
    assert again.headers["Idempotent-Replayed"] == "true"

    final, seen = follow(client, location)
    assert final["state"] == "succeeded", json.dumps(final, ensure_ascii=False)[:1500]
    assert final["status"] == 200 and final["result"]["documents"] == n and final["result"]["framework"] == "job-big"
    assert final["done"] == final["total"] > n
    writing = [s for s in seen if s["phase"] == "writing"]
    assert any(0 < s["done"] < s["total"] for s in writing) or len(seen) <= 3, seen[:5]  # progress shows
    stored = empty_db.execute_query("MATCH (d:Document {framework: 'job-big'}) RETURN count(d) AS n").records[0]["n"]
    assert stored == n
    changes = client.get("/api/v1/changes", params={"since": final["change"] - 1}).json()["items"]
    assert changes[0]["seq"] == final["change"] and changes[0]["action"] == "import"
    assert len(client.get("/api/v1/changes").json()["items"]) == 1  # one import, written once
    print(
        f"\n16 MiB import as a job: {len(body):,} bytes, {n:,} documents, 202 in {answered_in:.2f} s, "
        f"finished in {time.monotonic() - started:.1f} s, {len(seen)} polls"
    )


def test_a_refused_job_writes_nothing_and_says_why(client: TestClient, empty_db: Driver) -> None:
    assert post_import(client, seed_data()).status_code == 200
    before = graph_snapshot(empty_db)
    bad = seed_data()
    bad["documents"][0]["based_on"] = [{"document": "nowhere", "certainty": "inferred", "reason": "测试"}]
    accepted = client.post(
        "/api/v1/import",
        content=json.dumps(bad, ensure_ascii=False, default=str).encode(),
        headers={**KEY, "Content-Type": "application/json", "Prefer": "respond-async", "Idempotency-Key": "refused"},
    )
    assert accepted.status_code == 202 and accepted.headers["Preference-Applied"] == "respond-async"
    final, _ = follow(client, accepted.headers["Location"], timeout=60)
    assert final["state"] == "failed" and final["status"] == 422, final
    assert "nowhere" in json.dumps(final["result"]["errors"], ensure_ascii=False)
    assert final["change"] is None and "nothing was written" in final["detail"]
    after = graph_snapshot(empty_db)
    jobs_and_keys = {"Job", "IdempotencyKey"}
    assert [n for n in after[0] if not jobs_and_keys & set(n[0])] == before[0] and after[1] == before[1]


def test_a_job_whose_instance_stopped_beating_is_abandoned(client: TestClient, empty_db: Driver) -> None:
    job_id = "00000000-0000-4000-8000-00000000dead"
    empty_db.execute_query(
        "CREATE (:Job {id: $id, kind: 'import', actor: 'default', state: 'running', phase: 'writing', done: 5, "
        "total: 10, created_at: datetime(), beat_at: datetime() - duration({seconds: 90}), "
        "expires_at: datetime() + duration({hours: 1})})",
        id=job_id,
    )
    answer = client.get(f"/api/v1/jobs/{job_id}").json()
    assert answer["state"] == "abandoned" and "nothing was written" in answer["detail"]
    assert client.get("/api/v1/jobs/00000000-0000-4000-8000-000000000000").status_code == 404
    assert client.get("/api/v1/jobs/not-a-job").status_code == 422


@pytest.mark.slow  # the API as its own process
def test_send_imports_through_the_api_with_a_progress_bar(live_api: str, empty_db: Driver, tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("test-key\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICYGRAPH_", "NEO4J_"))}
    command = [
        sys.executable,
        "-m",
        "policygraph.cli",
        "--lang",
        "en",
        "send",
        "--api",
        live_api,
        "--key-file",
        str(key_file),
    ]
    sent = subprocess.run([*command, str(SEED)], capture_output=True, text=True, env=env, timeout=120)
    assert sent.returncode == 0, sent.stderr
    assert "framework kunming-1-7-n (merge)" in sent.stderr and "change 1" in sent.stderr
    bad = seed_data()
    bad["documents"][0]["based_on"] = [{"document": "nowhere", "certainty": "inferred", "reason": "测试"}]
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(bad, ensure_ascii=False, default=str), encoding="utf-8")
    refused = subprocess.run([*command, str(bad_file)], capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 2 and "nowhere" in refused.stderr and "nothing was written" in refused.stderr
    assert "Traceback" not in refused.stderr
    keyless = subprocess.run([*command[:-2], str(SEED)], capture_output=True, text=True, env=env, timeout=60)
    assert keyless.returncode == 2 and "no write key" in keyless.stderr


def test_a_job_that_ends_before_its_first_beat_says_when_it_started(client: TestClient, empty_db: Driver) -> None:
    """A small import may commit before its first beat is written: its job still has a start."""
    book = QueryBook()
    job = "00000000-0000-4000-8000-00000000beef"
    empty_db.execute_query(book["jobs/create"].text, id=job, kind="import", actor="default", hours=1)
    params = {"state": "succeeded", "status": 200, "body": "{}", "seq": 1, "written": 3}
    empty_db.execute_query(book["jobs/settle"].text, id=job, **params)
    answer = client.get(f"/api/v1/jobs/{job}").json()
    assert answer["state"] == "succeeded" and answer["started_at"] is not None, answer
    assert answer["started_at"] <= answer["finished_at"], answer
