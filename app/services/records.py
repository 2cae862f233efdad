"""Interchange models <-> node property maps. The one place that knows how each is stored."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from neo4j.time import Date, DateTime
from pydantic import BaseModel

from app.model.interchange import Declared, Department, Document, Framework, Pillar

DOCUMENT_LINKS = ("implements", "based_on", "responsible")
DECLARED_PREFIX = "declared_"
# Stored on nodes but not part of an interchange record.
INTERNAL_PROPS = frozenset({"framework"})


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def native(value: Any) -> Any:
    """Neo4j temporal values -> Python ones; everything else unchanged."""
    if isinstance(value, Date | DateTime):
        return value.to_native()
    return value


def framework_props(framework: Framework) -> dict[str, Any]:
    props = framework.model_dump(exclude={"declared"}, mode="python")
    for key, value in framework.declared.model_dump().items():
        props[DECLARED_PREFIX + key] = value
    return _drop_none(props)


def framework_from_props(props: dict[str, Any]) -> Framework:
    declared = {
        key.removeprefix(DECLARED_PREFIX): value for key, value in props.items() if key.startswith(DECLARED_PREFIX)
    }
    rest = {k: v for k, v in props.items() if not k.startswith(DECLARED_PREFIX)}
    return Framework(**rest, declared=Declared(**declared))


def pillar_props(pillar: Pillar, framework: str) -> dict[str, Any]:
    return _drop_none({**pillar.model_dump(mode="python"), "framework": framework})


def department_props(department: Department, framework: str) -> dict[str, Any]:
    return _drop_none({**department.model_dump(mode="python"), "framework": framework})


def document_props(document: Document, framework: str) -> dict[str, Any]:
    props = document.model_dump(exclude=set(DOCUMENT_LINKS), mode="python")
    return _drop_none({**props, "framework": framework})


def document_links(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "based_on": document.based_on,
        "implements": document.implements,
        "responsible": [r.model_dump(mode="json") for r in document.responsible],
    }


def without_framework(props: dict[str, Any]) -> dict[str, Any]:
    """A node's properties as the interchange format holds them (membership is implicit)."""
    return {k: native(v) for k, v in props.items() if k not in INTERNAL_PROPS}


def document_record(row: dict[str, Any]) -> Document:
    """A row with `document` (node properties), `implements`, `based_on`, `responsible`
    -> the interchange record (as export writes it)."""
    return Document(
        **without_framework(row["document"]),
        implements=row["implements"],
        based_on=row["based_on"],
        responsible=row["responsible"],
    )


def etag(record: BaseModel) -> str:
    """A strong ETag of a record's content: any change to a field or link changes it."""
    canonical = json.dumps(record.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return '"' + hashlib.sha256(canonical.encode()).hexdigest()[:20] + '"'
