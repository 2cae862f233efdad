"""Interchange models <-> node and relationship property maps. The one place that knows how each
record and each link is stored.

A claim's evidence is stored on its node or relationship: `certainty`, `reason` and `sources`
(a JSON list of {quote, where, read_on}, since a property cannot hold maps). An inferred link
also gets `mark: '推断'`, a caption the Neo4j Browser's style draws on inferred links only.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from typing import Any, TypeVar

from neo4j.time import Date, DateTime
from pydantic import BaseModel

from policygraph.model import doc_number, lifecycle
from policygraph.model.interchange import (
    EVIDENCE_FIELDS,
    LINK_KEYS,
    Certainty,
    Declared,
    Department,
    Document,
    Evidence,
    Framework,
    Pillar,
    Status,
    Topic,
)

T = TypeVar("T", bound=BaseModel)
DOCUMENT_LINKS = ("implements", "based_on", "placed_under", "covers", "responsible", "amends", "repeals", "replaces")
CHANGE_LINKS = ("amends", "repeals", "replaces")
TOPIC_LINKS = ("implements", "placed_under")
EVIDENCE = EVIDENCE_FIELDS
DECLARED_PREFIX = "declared_"
INFERRED_MARK = "推断"
# Stored on documents, derived from what is typed (document_derived, lifecycle/refresh).
DERIVED_PROPS = frozenset(
    {
        "doc_number_key",
        "doc_issuer",
        "doc_year",
        "doc_seq",
        "period_start",
        "period_end",
        "provisional",
        "in_force_from",
        "in_force_until",
        "end_unknown",
        "repealed",
        "repealed_on",
        "caption",
    }
)
CAPTION_CHARS = 12  # a title longer than this is shortened for the Browser's caption
# in_force_from of a document not yet issued (planned, drafting): in force on no day recorded.
NOT_YET = dt.date(9999, 12, 31)
# Stored on nodes but not part of an interchange record.
INTERNAL_PROPS = frozenset({"framework"}) | DERIVED_PROPS


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def native(value: Any) -> Any:
    """Neo4j temporal values -> Python ones; everything else unchanged."""
    if isinstance(value, Date | DateTime):
        return value.to_native()
    return value


def native_all(value: Any) -> Any:
    """`native` through lists and maps (rows whose items carry dates)."""
    if isinstance(value, dict):
        return {key: native_all(item) for key, item in value.items()}
    if isinstance(value, list):
        return [native_all(item) for item in value]
    return native(value)


@functools.lru_cache(maxsize=4096)
def _sources_json(sources: tuple[tuple[str | None, str, str | None], ...]) -> str:
    """Sources as stored; cached, since the links of one record mostly share its sources."""
    rows = [_drop_none({"quote": quote, "where": where, "read_on": read_on}) for quote, where, read_on in sources]
    return json.dumps(rows, ensure_ascii=False)


def evidence_props(claim: Evidence) -> dict[str, Any]:
    """A claim's evidence as properties (sources as JSON text)."""
    key = tuple((s.quote, s.where, s.read_on.isoformat() if s.read_on else None) for s in claim.sources)
    return _drop_none({"certainty": claim.certainty.value, "reason": claim.reason, "sources": _sources_json(key)})


def evidence_from_props(props: dict[str, Any]) -> dict[str, Any]:
    """Stored evidence -> the interchange fields (sources parsed back)."""
    out: dict[str, Any] = {key: props[key] for key in ("certainty", "reason") if props.get(key) is not None}
    if isinstance(props.get("sources"), str):
        out["sources"] = json.loads(props["sources"])
    return out


def _node_props(record: BaseModel, exclude: set[str], framework: str | None) -> dict[str, Any]:
    assert isinstance(record, Evidence)
    props = record.model_dump(exclude=exclude | set(EVIDENCE), mode="python")
    props.update(evidence_props(record))
    if framework is not None:
        props["framework"] = framework
    return _drop_none(props)


def framework_props(framework: Framework) -> dict[str, Any]:
    props = _node_props(framework, {"declared"}, None)
    for key, value in framework.declared.model_dump().items():
        if value is not None:
            props[DECLARED_PREFIX + key] = value
    return props


def node_record(props: dict[str, Any]) -> dict[str, Any]:
    """A node's properties as the interchange record holds them (membership is implicit)."""
    plain = {k: native(v) for k, v in props.items() if k not in INTERNAL_PROPS and k not in EVIDENCE}
    return {**plain, **evidence_from_props(props)}


def node_model(model: type[T], props: dict[str, Any]) -> T:
    """A stored pillar, department or topic node -> its interchange record."""
    return model.model_validate(node_record(props), context=LENIENT)


def framework_from_props(props: dict[str, Any]) -> Framework:
    record = node_record(props)
    declared = {
        key.removeprefix(DECLARED_PREFIX): value for key, value in record.items() if key.startswith(DECLARED_PREFIX)
    }
    rest = {k: v for k, v in record.items() if not k.startswith(DECLARED_PREFIX)}
    return Framework.model_validate({**rest, "declared": Declared(**declared)}, context=LENIENT)


def pillar_props(pillar: Pillar, framework: str) -> dict[str, Any]:
    return _node_props(pillar, set(), framework)


def department_props(department: Department, framework: str) -> dict[str, Any]:
    return _node_props(department, set(), framework)


def document_derived(document: Document) -> dict[str, Any]:
    """What the title and the number say, parsed (null where they say nothing)."""
    number = doc_number.parse(document.doc_number)
    period = lifecycle.title_period(document.title)
    return {
        "doc_number_key": doc_number.lookup_key(document.doc_number) if document.doc_number else None,
        "doc_issuer": number.issuer if number else None,
        "doc_year": number.year if number else None,
        "doc_seq": number.seq if number else None,
        "period_start": period.start if period else None,
        "period_end": period.end if period else None,
        "provisional": lifecycle.provisional(document.title),
        # In force from its first day to the day before in_force_until; lifecycle/refresh adds repeals.
        "in_force_from": NOT_YET
        if document.status in (Status.planned, Status.drafting)
        else document.effective_from or document.issued_on,
        "in_force_until": document.effective_until + dt.timedelta(days=1)
        if document.effective_until and document.effective_until < dt.date.max
        else None,
        "end_unknown": True if document.status == Status.repealed and not document.effective_until else None,
        "caption": caption(document),
    }


def caption(document: Document) -> str:
    """What the Browser writes on a document: its short title, else its title, shortened."""
    if document.short_title:
        return document.short_title
    title = document.title.strip()
    return title if len(title) <= CAPTION_CHARS else title[: CAPTION_CHARS - 1] + "…"


def document_props(document: Document, framework: str) -> dict[str, Any]:
    return _node_props(document, set(DOCUMENT_LINKS), framework) | _drop_none(document_derived(document))


def topic_props(topic: Topic, framework: str) -> dict[str, Any]:
    return _node_props(topic, set(TOPIC_LINKS), framework)


def link_props(link: Evidence) -> dict[str, Any]:
    """A link's relationship properties: its evidence, the Browser's mark, and a role if it has one."""
    props = evidence_props(link)
    if link.certainty == Certainty.inferred:
        props["mark"] = INFERRED_MARK
    # Read from the model's fields: getattr of a field a link kind lacks raises inside pydantic
    # first, a third of the time of building a bulk load's rows.
    fields = link.__dict__
    role = fields.get("role")
    if role is not None:
        props["role"] = role.value
    effective_on = fields.get("effective_on")
    if effective_on is not None:
        props["effective_on"] = effective_on
    return props


def _links(record: Document | Topic, fields: tuple[str, ...]) -> dict[str, Any]:
    row: dict[str, Any] = {"id": record.id}
    for field in fields:
        key = LINK_KEYS[field]
        row[field] = [{"target": getattr(link, key), "props": link_props(link)} for link in getattr(record, field)]
    return row


def document_links(document: Document) -> dict[str, Any]:
    """One row of import/links: each link's far end and its relationship properties."""
    return _links(document, DOCUMENT_LINKS)


def topic_links(topic: Topic) -> dict[str, Any]:
    return _links(topic, TOPIC_LINKS)


def link_record(field: str, row: dict[str, Any]) -> dict[str, Any]:
    """A stored link ({target, props}) -> its interchange form."""
    props = row["props"]
    record = {LINK_KEYS[field]: row["target"], **evidence_from_props(props)}
    if field == "responsible":
        record["role"] = props.get("role")
    if field in CHANGE_LINKS:
        record["effective_on"] = native(props.get("effective_on"))
    return record


# Validation context for records read back from the graph: claims stored before evidence was
# kept (schema 4 marks them inferred with no source) are shown as they are, not refused.
LENIENT = {"lenient": True}


def _record(model: type[BaseModel], row: dict[str, Any], node: str, fields: tuple[str, ...]) -> Any:
    data = node_record(row[node])
    for field in fields:
        data[field] = [link_record(field, link) for link in row.get(field) or []]
    return model.model_validate(data, context=LENIENT)


def document_record(row: dict[str, Any]) -> Document:
    """A row with `document` (node properties) and each link field as [{target, props}]
    -> the interchange record (as export writes it)."""
    return _record(Document, row, "document", DOCUMENT_LINKS)


def topic_record(row: dict[str, Any]) -> Topic:
    return _record(Topic, row, "topic", TOPIC_LINKS)


def etag(record: BaseModel) -> str:
    """A strong ETag of a record's content: any change to a field or link changes it."""
    canonical = json.dumps(record.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return '"' + hashlib.sha256(canonical.encode()).hexdigest()[:20] + '"'
