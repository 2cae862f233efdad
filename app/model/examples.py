"""Every operation's example in the API docs, from the seed: real ids, real titles, real answers.

`REQUESTS` is what each operation's example sends, run in this order against a database holding
the seed alone (later writes see the earlier ones: a document is created, changed, reviewed and
deleted). `examples.json` beside this file holds what the API answered, with times and job ids
fixed (`steady`); tests/test_i18n.py runs the requests again and fails when an answer differs,
so the docs cannot drift from the API. `POLICYGRAPH_UPDATE_EXAMPLES=1` rewrites the file.
`routes/docs.py` puts both into the OpenAPI document (the body sent and the answer, per operation).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

FILE = Path(__file__).with_name("examples.json")
SOURCE = {"quote": "1个中长期规划", "where": "graph/seed/sources/kunming-1-7-n-article.txt", "read_on": "2026-11-26"}
# A supporting document a planner might record (its basis and place stated, its lead department named).
NEW_DOCUMENT = {
    "framework": "kunming-1-7-n",
    "id": "km-example-property-services-rules",
    "title": "昆明市住宅小区物业服务管理办法(示例)",
    "short_title": "物业管理办法",
    "tier": "supporting",
    "status": "drafting",
    "based_on": ["km-base-party-building"],
    "placed_under": ["km-guiding-plan"],
    "implements": ["party-leadership"],
    "responsible": [{"department": "km-housing-urban-rural-development-bureau", "role": "lead"}],
    "sources": [SOURCE],
    "certainty": "inferred",
    "reason": "an example record: not from the seed's sources",
}
NEW_PILLAR = {
    "framework": "kunming-1-7-n",
    "key": "example-pillar",
    "name": "示例支柱",
    "order": 8,
    "sources": [SOURCE],
    "certainty": "inferred",
    "reason": "an example record",
}
NEW_DEPARTMENT = {
    "framework": "kunming-1-7-n",
    "id": "km-example-civil-affairs-bureau",
    "name": "昆明市民政局(示例)",
    "sources": [SOURCE],
    "certainty": "inferred",
    "reason": "an example record",
}
SMALL_FILE = {
    "format": "policygraph/v2",
    "framework": {
        "id": "example-framework",
        "name": "示例体系",
        "sources": [SOURCE],
        "certainty": "inferred",
        "reason": "an example file",
    },
    "pillars": [
        {
            "key": "example-framework-pillar",
            "name": "示例",
            "order": 1,
            "sources": [SOURCE],
            "certainty": "inferred",
            "reason": "an example file",
        }
    ],
    "documents": [
        {
            "id": "example-framework-plan",
            "title": "示例规划",
            "tier": "guiding",
            "status": "issued",
            "sources": [SOURCE],
            "certainty": "inferred",
            "reason": "an example file",
        },
        {
            "id": "example-framework-base",
            "title": "示例基础性文件",
            "tier": "base",
            "status": "issued",
            "placed_under": ["example-framework-plan"],
            "implements": ["example-framework-pillar"],
            "sources": [SOURCE],
            "certainty": "inferred",
            "reason": "an example file",
        },
    ],
}


@dataclass(frozen=True)
class Request:
    operation: str  # the OpenAPI operationId
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


DOC = "/api/v1/documents"
REQUESTS: tuple[Request, ...] = (
    Request("health_health_get", "GET", "/health"),
    Request("list_frameworks_api_v1_frameworks_get", "GET", "/api/v1/frameworks"),
    Request("stats_api_v1_stats_get", "GET", "/api/v1/stats", {"framework": "kunming-1-7-n"}),
    Request("list_pillars_api_v1_pillars_get", "GET", "/api/v1/pillars"),
    Request(
        "pillar_dependents_api_v1_pillars__key__dependents_get",
        "GET",
        "/api/v1/pillars/party-leadership/dependents",
        {"limit": 2},
    ),
    Request("list_documents_api_v1_documents_get", "GET", DOC, {"q": "党建", "limit": 2}),
    Request("get_document_api_v1_documents__doc_id__get", "GET", f"{DOC}/km-base-party-building"),
    Request(
        "lineage_api_v1_documents__doc_id__lineage_get", "GET", f"{DOC}/km-party-led-property-services-opinion/lineage"
    ),
    Request(
        "dependents_api_v1_documents__doc_id__dependents_get",
        "GET",
        f"{DOC}/km-base-party-building/dependents",
        {"limit": 2},
    ),
    Request(
        "neighbourhood_api_v1_documents__doc_id__graph_get", "GET", f"{DOC}/km-base-party-building/graph", {"depth": 1}
    ),
    Request(
        "document_timeline_api_v1_documents__doc_id__timeline_get",
        "GET",
        f"{DOC}/km-party-led-property-services-opinion/timeline",
    ),
    Request("list_departments_api_v1_departments_get", "GET", "/api/v1/departments"),
    Request(
        "department_documents_api_v1_departments__dep_id__documents_get",
        "GET",
        "/api/v1/departments/km-municipal-organisation-department/documents",
    ),
    Request("get_audit_api_v1_audit_get", "GET", "/api/v1/audit", {"limit": 1, "severity": "warning"}),
    Request("get_orphans_api_v1_audit_orphans_get", "GET", "/api/v1/audit/orphans"),
    Request("get_cleanup_api_v1_audit_cleanup_get", "GET", "/api/v1/audit/cleanup", {"limit": 2}),
    Request("diff_api_v1_diff_get", "GET", "/api/v1/diff", {"from": "2018-01-01", "to": "2020-01-01"}),
    Request(
        "document_impact_api_v1_documents__doc_id__impact_get",
        "GET",
        f"{DOC}/km-base-party-building/impact",
        {"action": "repeal"},
    ),
    Request(
        "critical_documents_api_v1_analytics_critical_get",
        "GET",
        "/api/v1/analytics/critical",
        {"framework": "kunming-1-7-n", "limit": 3},
    ),
    # Writes, in order: each sees the ones before.
    Request("create_document_api_v1_documents_post", "POST", DOC, body=NEW_DOCUMENT),
    Request(
        "update_document_api_v1_documents__doc_id__patch",
        "PATCH",
        f"{DOC}/km-example-property-services-rules",
        body={"status": "issued", "issued_on": "2026-11-20"},
    ),
    Request(
        "review_document_api_v1_documents__doc_id__review_post",
        "POST",
        f"{DOC}/km-example-property-services-rules/review",
    ),
    Request(
        "document_history_api_v1_documents__doc_id__history_get",
        "GET",
        f"{DOC}/km-example-property-services-rules/history",
    ),
    Request("delete_document_api_v1_documents__doc_id__delete", "DELETE", f"{DOC}/km-example-property-services-rules"),
    Request("create_pillar_api_v1_pillars_post", "POST", "/api/v1/pillars", body=NEW_PILLAR),
    Request(
        "update_pillar_api_v1_pillars__key__patch",
        "PATCH",
        "/api/v1/pillars/example-pillar",
        body={"name": "示例支柱(改)"},
    ),
    Request("delete_pillar_api_v1_pillars__key__delete", "DELETE", "/api/v1/pillars/example-pillar"),
    Request("create_department_api_v1_departments_post", "POST", "/api/v1/departments", body=NEW_DEPARTMENT),
    Request(
        "update_department_api_v1_departments__dep_id__patch",
        "PATCH",
        "/api/v1/departments/km-example-civil-affairs-bureau",
        body={"name_en": "Kunming Civil Affairs Bureau (example)"},
    ),
    Request(
        "delete_department_api_v1_departments__dep_id__delete",
        "DELETE",
        "/api/v1/departments/km-example-civil-affairs-bureau",
    ),
    Request("import_file_api_v1_import_post", "POST", "/api/v1/import", {"mode": "merge"}, body=SMALL_FILE),
    Request("list_changes_api_v1_changes_get", "GET", "/api/v1/changes", {"since": 1, "limit": 2}),
    Request(
        "job_api_v1_jobs__job_id__get",
        "POST",
        "/api/v1/import",
        {"mode": "merge"},
        body=SMALL_FILE,
        headers={"Prefer": "respond-async"},
    ),
)

_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def steady(value: Any) -> Any:
    """An answer with what changes from run to run fixed: moments, job ids, durations."""
    if isinstance(value, dict):
        return {k: 0.0 if k.endswith(("_ms", "_seconds")) else steady(v) for k, v in value.items()}
    if isinstance(value, list):
        return [steady(item) for item in value]
    if isinstance(value, str):
        if _MOMENT.match(value):
            return "2026-11-27T08:00:00+00:00"
        return _UUID.sub("00000000-0000-4000-8000-000000000000", value)
    return value


@cache
def answers() -> dict[str, dict[str, Any]]:
    """operationId -> {"request": ..., "status": ..., "answer": ...} as recorded."""
    return json.loads(FILE.read_text(encoding="utf-8")) if FILE.exists() else {}


def write(recorded: dict[str, dict[str, Any]]) -> None:
    FILE.write_text(json.dumps(recorded, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
