"""Export one framework in the interchange format, every claim with its evidence; export then import
reproduces the graph."""

from __future__ import annotations

import json
from typing import Any

import yaml

from app.db import Graph
from app.errors import NotFound
from app.model.interchange import EVIDENCE_FIELDS, FORMAT, Department, Pillar, PolicyFile
from app.queries import named
from app.services import records

FRAMEWORK = named("export/framework")
PILLARS = named("export/pillars")
DEPARTMENTS = named("export/departments")
TOPICS = named("export/topics")
DOCUMENTS = named("export/documents")


async def export_framework(graph: Graph, framework_id: str) -> PolicyFile:
    row = await graph.read_one(FRAMEWORK, framework=framework_id)
    if row is None:
        raise NotFound("framework", framework_id)
    pillars = await graph.read(PILLARS, framework=framework_id)
    departments = await graph.read(DEPARTMENTS, framework=framework_id)
    topics = await graph.read(TOPICS, framework=framework_id)
    documents = await graph.read(DOCUMENTS, framework=framework_id)
    lenient = records.LENIENT
    return PolicyFile.model_validate(
        {
            "format": FORMAT,
            "framework": records.framework_from_props(row["framework"]),
            "pillars": [Pillar.model_validate(records.node_record(r["pillar"]), context=lenient) for r in pillars],
            "departments": [
                Department.model_validate(records.node_record(r["department"]), context=lenient) for r in departments
            ],
            "topics": [records.topic_record(r) for r in topics],
            "documents": [records.document_record(r) for r in documents],
        },
        context=lenient,
    )


class PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases: a value used twice is written twice, since an import
    refuses aliases (app/services/validation.py)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _evidence_last(value: Any) -> Any:
    """Each claim's own fields first, its evidence (sources, certainty, reason) after them."""
    if isinstance(value, list):
        return [_evidence_last(item) for item in value]
    if not isinstance(value, dict):
        return value
    own = {k: _evidence_last(v) for k, v in value.items() if k not in EVIDENCE_FIELDS}
    return own | {k: value[k] for k in EVIDENCE_FIELDS if k in value}


def to_data(policy: PolicyFile) -> dict[str, Any]:
    """Plain JSON-ready data; unset optional fields are left out; evidence after each claim's fields."""
    return _evidence_last(policy.model_dump(mode="json", exclude_none=True))


def dump(policy: PolicyFile, fmt: str = "yaml") -> str:
    data = to_data(policy)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, width=4096)
