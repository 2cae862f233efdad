"""Mixed reads and writes against the API (loopback only), for bench/load/run.py.

Reads: lineage, dependents, a pillar's dependents, search, the orphans page. Writes: create a
document, change it with If-Match, and review it. Every write's id starts with the run's
prefix, so run.py can count in the graph what the API acknowledged."""

from __future__ import annotations

import os
import random
import uuid

from locust import HttpUser, between, task

KEY = {"X-API-Key": os.environ["LOAD_API_KEY"]}
PREFIX = os.environ["LOAD_PREFIX"]
FRAMEWORK = os.environ.get("LOAD_FRAMEWORK", "kunming-1-7-n")
BASES = ["km-base-party-building", "km-base-smart-city", "km-base-three-social-linkage"]
READS = [
    ("/api/v1/documents/km-party-led-property-services-opinion/lineage", "lineage"),
    ("/api/v1/documents/km-guiding-plan/dependents?max_depth=3", "dependents"),
    ("/api/v1/pillars/party-leadership/dependents?limit=50", "pillar dependents"),
    ("/api/v1/documents?q=党建", "search"),
    ("/api/v1/audit/orphans?limit=100", "orphans"),
]


class Planner(HttpUser):
    wait_time = between(0.0, 0.05)

    @task(8)
    def read(self) -> None:
        url, name = random.choice(READS)
        self.client.get(url, name=name)

    @task(2)
    def write(self) -> None:
        doc_id = f"{PREFIX}-{uuid.uuid4().hex[:12]}"
        body = {
            "framework": FRAMEWORK,
            "id": doc_id,
            "title": f"负载测试 {doc_id}",
            "tier": "supporting",
            "based_on": [random.choice(BASES)],
            "sources": [{"where": "bench/load/locustfile.py"}],
            "certainty": "stated",
        }
        with self.client.post("/api/v1/documents", json=body, headers=KEY, name="create", catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"create answered {r.status_code}: {r.text[:200]}")
                return
            etag = r.headers["ETag"]
        self.client.patch(
            f"/api/v1/documents/{doc_id}",
            json={"status": "issued"},
            headers={**KEY, "If-Match": etag},
            name="update (If-Match)",
        )
        self.client.post(f"/api/v1/documents/{doc_id}/review", headers=KEY, name="review")
