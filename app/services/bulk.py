"""Bulk load: whole new frameworks, created (not merged) in large UNWIND batches.

`policygraph load` merges a file into what the database holds: it diffs every document's links
and marks suspect links, which costs a lookup per record. A bulk load skips that work because
it only creates: the framework and every id in the file must be new. It validates exactly as
an import does (every structural error, nothing written) and writes each file in one
transaction, so a file is loaded whole or not at all. Files of different frameworks can load
side by side (`policygraph bulk-load --parallel`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j.exceptions import ConstraintError
from pydantic import BaseModel

from policygraph.db import Graph
from policygraph.errors import Invalid, Problems, kind_text
from policygraph.i18n import _
from policygraph.model import v1
from policygraph.model.interchange import TIER_LABELS, PolicyFile
from policygraph.queries import named
from policygraph.services import changelog, importer, kinds, records, validation
from policygraph.services.changelog import Change, batches
from policygraph.services.importer import Progress
from policygraph.services.validation import Known, collector_paused

HOLDS = named("bulk/holds")
DOCUMENTS = named("bulk/documents")
TOPICS = named("bulk/topics")
BASED_ON = named("bulk/based_on")
PLACED_UNDER = named("bulk/placed_under")
IMPLEMENTS = named("bulk/implements")
TOPIC_LINKS = named("bulk/topic_links")
COVERS = named("bulk/covers")
RESPONSIBLE = named("bulk/responsible")
CHANGES = named("bulk/changes")
LINK_QUERIES = (BASED_ON, PLACED_UNDER, IMPLEMENTS, TOPIC_LINKS, COVERS, RESPONSIBLE, CHANGES)
REFRESH = named("lifecycle/refresh")

BATCH_SIZE = 10_000


class BulkResult(BaseModel):
    framework: str
    pillars: int
    departments: int
    topics: int = 0
    documents: int
    links: int

    @property
    def records(self) -> int:
        """Nodes and relationships created (the framework node included)."""
        return 1 + self.pillars + self.departments + self.topics + self.documents + self.links


def taken(raw: dict[str, Any], known: Known, problems: Problems) -> None:
    """Ids in the file that the database already holds: a bulk load creates, never replaces."""
    for kind in kinds.RECORDS:
        table = getattr(known, kind.section)
        for index, item in enumerate(raw.get(kind.section) or []):
            value = item.get(kind.key) if isinstance(item, dict) else None
            if isinstance(value, str) and value in table:
                problems.add(
                    f"{kind.section}[{index}].{kind.key}",
                    _(
                        "{kind} {key!r} already exists; a bulk load only creates "
                        "(load the file with `policygraph load` to merge it)",
                        kind=kind_text(kind.name),
                        key=value,
                    ),
                )


async def validate(graph: Graph, raw: Any) -> PolicyFile:
    """The parsed file, or Invalid with every structural error and every id already held.
    The format is checked off the event loop."""
    raw = v1.upgrade(raw)
    problems = Problems()
    policy, known = await validation.check_file(graph, raw, validation.Mode.merge, problems)
    if policy is not None:
        held = await graph.read_one(HOLDS, framework=policy.framework.id)
        if held and held["held"]:
            problems.add(
                "framework.id",
                _(
                    "{kind} {key!r} already exists; a bulk load only creates "
                    "(load the file with `policygraph load` to merge it)",
                    kind=kind_text("framework"),
                    key=policy.framework.id,
                ),
            )
    if known is not None:
        taken(raw, known, problems)
    if problems or policy is None:
        raise Invalid(problems)
    return policy


def rows_of(policy: PolicyFile) -> dict[str, list[dict[str, Any]]]:
    """The file as rows for each bulk query, in the order they must run. A link row is
    {source, target, props}: its ends and its relationship properties (evidence, role)."""
    fid = policy.framework.id
    documents, topics = policy.documents, policy.topics

    def links(owners: list[Any], field: str, key: str) -> list[dict[str, Any]]:
        return [
            {"source": owner.id, "target": getattr(link, key), "props": records.link_props(link)}
            for owner in owners
            for link in getattr(owner, field)
        ]

    return {
        TOPICS: [records.topic_props(topic, fid) for topic in topics],
        DOCUMENTS: [{"labels": TIER_LABELS[doc.tier], "props": records.document_props(doc, fid)} for doc in documents],
        BASED_ON: links(documents, "based_on", "document"),
        PLACED_UNDER: links(documents, "placed_under", "document"),
        IMPLEMENTS: links(documents, "implements", "pillar"),
        TOPIC_LINKS: [
            {**row, "type": field.upper()}
            for field, key in (("placed_under", "document"), ("implements", "pillar"))
            for row in links(topics, field, key)
        ],
        COVERS: links(documents, "covers", "topic"),
        RESPONSIBLE: [
            {"source": duty.department, "target": doc.id, "props": records.link_props(duty)}
            for doc in documents
            for duty in doc.responsible
        ],
        CHANGES: [
            {**row, "type": field.upper()}
            for field in records.CHANGE_LINKS
            for row in links(documents, field, "document")
        ],
    }


@dataclass
class Plan:
    """What a bulk load creates from a file: the rows for each query, the pillars' and the
    departments' property maps, and the counts."""

    rows: dict[str, list[dict[str, Any]]]
    pillars: list[dict[str, Any]]
    departments: list[dict[str, Any]]
    result: BulkResult


def plan(policy: PolicyFile) -> Plan:
    fid = policy.framework.id
    rows = rows_of(policy)
    pillars = [records.pillar_props(p, fid) for p in policy.pillars]
    departments = [records.department_props(d, fid) for d in policy.departments]
    result = BulkResult(
        framework=fid,
        pillars=len(pillars),
        departments=len(departments),
        topics=len(policy.topics),
        documents=len(policy.documents),
        links=sum(len(rows[name]) for name in LINK_QUERIES),
    )
    return Plan(rows, pillars, departments, result)


async def write(
    graph: Graph,
    policy: PolicyFile,
    progress: Progress | None = None,
    actor: str = "cli",
    batch_size: int = BATCH_SIZE,
) -> BulkResult:
    """Create a validated file's records in one transaction, recorded as one change."""
    fid = policy.framework.id
    with collector_paused():  # half the time of building the rows went to the collector's passes
        planned = plan(policy)
    rows, pillars, departments, result = planned.rows, planned.pillars, planned.departments, planned.result

    async def work(change: Change) -> None:
        await change.run(importer.FRAMEWORK, framework=records.framework_props(policy.framework))
        await change.run(kinds.PILLAR.write, rows=pillars)
        await change.run(kinds.DEPARTMENT.write, rows=departments)
        done = 1 + len(pillars) + len(departments)
        lost = 0
        for name, table in rows.items():
            for batch in batches(table, batch_size):
                answer = await change.run(name, rows=batch)
                if name in LINK_QUERIES:
                    lost += len(batch) - answer[0]["created"]
                done += len(batch)
                if progress:
                    progress(done, result.records)
        # The change log's lock comes last, held only for the commit: every id is new (the
        # uniqueness constraints refuse a concurrent load of the same ids), so bulk loads of
        # different frameworks write side by side. A record the file links to could have been
        # deleted since the file was checked: then a link found no far end, and the load is
        # refused. Once a link is made its far end stays (a delete waits for this transaction).
        if rows[CHANGES]:
            await change.run(REFRESH, frameworks=[fid])
        await change.begin()
        if lost:
            raise Invalid.one(
                "(file)",
                _(
                    "{count} link(s) lead to records deleted while the file was loading; nothing was written. "
                    "Load it again: its check names each unknown reference.",
                    count=lost,
                ),
            )
        await change.record_import(fid, {"mode": "bulk", **result.model_dump(exclude={"framework"})})

    try:
        await changelog.write(graph, actor, work, lock_first=False)
    except ConstraintError as exc:  # another write created one of the file's ids meanwhile
        reason = _("an id in the file was created by another write meanwhile: {reason}", reason=exc.message)
        raise Invalid.one("(file)", reason) from None
    return result


async def bulk_load(graph: Graph, raw: Any, progress: Progress | None = None, actor: str = "cli") -> BulkResult:
    """Validate, then create. Raises Invalid (nothing written) on any problem."""
    policy = await validate(graph, raw)
    return await write(graph, policy, progress, actor)
