"""Import of `policygraph/v2` files (v1 converted first): validate everything, then write all or nothing.

Structural errors (schema, duplicates, unknown references, ids owned by another framework, a
claim with no source or an inference with no reason) reject the whole file with every error and
its path. Semantic defects (cycles, orphans,
ownerless documents) are accepted: finding them is the audit's job.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from neo4j import AsyncManagedTransaction
from pydantic import BaseModel

from app import idempotency, jobs
from app.db import Graph
from app.errors import Conflict
from app.model import v1
from app.model.interchange import PolicyFile
from app.queries import named
from app.services import records
from app.services.editing import substance_change
from app.services.validation import (  # the importer's vocabulary, for its callers
    MAX_LOOKUP,
    InvalidImport,
    Mode,
    Problem,
    Problems,
    breathe,
    check_format,
    collector_paused,
    lookup_known,
    parse_text,
    reference_problems,
    referenced,
)

__all__ = ["ImportResult", "InvalidImport", "Mode", "Problem", "Problems", "import_data", "parse_text", "write"]

FRAMEWORK = named("import/framework")
PRUNE = named("import/prune")
PILLARS = named("import/pillars")
DEPARTMENTS = named("import/departments")
DOCUMENTS = named("import/documents")
TOPICS = named("import/topics")
LINKS = named("import/links")
TOPIC_LINKS = named("import/topic_links")
SUBSTANCE = named("import/substance")
PRUNE_BLOCKERS = named("import/prune_blockers")
BEGIN = named("write/begin")
RECORD = named("write/record")
MARK_SUSPECT = named("write/mark_suspect")

BATCH_SIZE = 5000
Progress = Callable[[int, int], None]  # (records written, records in all)


class ImportResult(BaseModel):
    framework: str
    mode: Mode
    pillars: int
    departments: int
    topics: int = 0
    documents: int
    links: int
    deleted: dict[str, int] = {}


# ---- writing ------------------------------------------------------------------------------


def batches(rows: list[dict[str, Any]], size: int = BATCH_SIZE) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


async def record_import(
    graph: Graph, tx: AsyncManagedTransaction, seq: int, actor: str, framework: str, summary: dict[str, Any]
) -> None:
    """The change an import (merge, replace or bulk) records: one per file, with its summary."""
    await graph.run_in(
        tx,
        RECORD,
        seq=seq,
        actor=actor,
        action="import",
        kind="framework",
        subject=framework,
        framework=framework,
        fields=sorted(summary),
        before=None,
        after=json.dumps(summary),
    )


async def write(
    graph: Graph,
    policy: PolicyFile,
    mode: Mode = Mode.merge,
    progress: Progress | None = None,
    actor: str = "cli",
    *,
    raw: dict[str, Any] | None = None,
    force: bool = False,
) -> ImportResult:
    """Write a validated file in one transaction, in UNWIND batches: all of it, or nothing.

    Like every edit it first takes the change log's lock; then, with `raw`, it checks the file's
    references and ownership against the database inside that transaction, so no other write
    can take an id or drop a reference between the check and the write. A replace refuses (409)
    to drop records another framework rests on, unless `force`. It records one change (the
    import), and marks suspect the links into documents whose title, status or effective dates
    it changes."""
    fid = policy.framework.id
    pillars = [records.pillar_props(p, fid) for p in policy.pillars]
    departments = [records.department_props(d, fid) for d in policy.departments]
    topics = [records.topic_props(t, fid) for t in policy.topics]
    topic_links = [records.topic_links(t) for t in policy.topics]
    total = len(pillars) + len(departments) + 2 * len(topics) + 2 * len(policy.documents)
    result = ImportResult(
        framework=fid,
        mode=mode,
        pillars=len(pillars),
        departments=len(departments),
        topics=len(topics),
        documents=len(policy.documents),
        links=sum(
            len(getattr(record, name))
            for record in [*policy.documents, *policy.topics]
            for name in records.DOCUMENT_LINKS
            if hasattr(record, name)
        ),
    )
    keep = {  # what a replace keeps of the framework: the file's records
        "keep_documents": [d.id for d in policy.documents],
        "keep_topics": [t.id for t in policy.topics],
        "keep_pillars": [p.key for p in policy.pillars],
        "keep_departments": [d.id for d in policy.departments],
    }

    async def work(tx: AsyncManagedTransaction) -> dict[str, int]:
        done = 0
        deleted: dict[str, int] = {}
        [begun] = await graph.run_in(tx, BEGIN)
        await idempotency.claim(graph, tx, begun["seq"])
        if raw is not None:
            known = await lookup_known(graph, raw, tx)
            problems = await reference_problems(raw, known, mode, Problems())
            if problems:
                raise InvalidImport(problems)
        if mode == Mode.replace and not force:
            blocked = await graph.run_in(
                tx,
                PRUNE_BLOCKERS,
                framework=fid,
                keep_documents=keep["keep_documents"],
                keep_topics=keep["keep_topics"],
            )
            if blocked:
                raise Conflict(
                    f"replace would drop {len(blocked)} record(s) that another framework rests on or places "
                    f"under them: {', '.join(row['id'] for row in blocked[:20])}. Keep them in the file, change "
                    "the dependents first, or replace with force=true.",
                    dependents=sorted({d for row in blocked for d in row["dependents"]}),
                    records=[row["id"] for row in blocked],
                )
        documents, links = [], []  # built once the file is known to be good, in slices
        for document in policy.documents:
            documents.append({"props": records.document_props(document, fid)})
            links.append(records.document_links(document))
            await breathe()
        suspects = []
        for batch in batches([d["props"] for d in documents]):
            stored = await graph.run_in(tx, SUBSTANCE, ids=[props["id"] for props in batch])
            new = {props["id"]: props for props in batch}
            for row in stored:
                old = {k: str(records.native(v)) for k, v in row["substance"].items() if v is not None}
                fresh = {k: str(new[row["id"]][k]) for k in row["substance"] if new[row["id"]].get(k) is not None}
                reason = substance_change(old, fresh)
                if reason:
                    suspects.append({"id": row["id"], "reason": reason})
        if mode == Mode.replace:
            rows = await graph.run_in(tx, PRUNE, framework=fid, **keep)
            deleted = rows[0]
        await graph.run_in(tx, FRAMEWORK, framework=records.framework_props(policy.framework))
        for name, rows in (
            (PILLARS, pillars),
            (DEPARTMENTS, departments),
            (TOPICS, topics),
            (DOCUMENTS, documents),
            (LINKS, links),
            (TOPIC_LINKS, topic_links),
        ):
            for batch in batches(rows):
                await graph.run_in(tx, name, rows=batch)
                done += len(batch)
                if progress:
                    progress(done, total)
        for batch in batches(suspects):
            await graph.run_in(tx, MARK_SUSPECT, seq=begun["seq"], rows=batch)
        summary = {
            "mode": mode.value,
            "documents": len(documents),
            "pillars": len(pillars),
            "departments": len(departments),
            "topics": len(topics),
            "deleted": deleted,
            "suspect": len(suspects),
        }
        await record_import(graph, tx, begun["seq"], actor, fid, summary)
        await jobs.settle(graph, tx, begun["seq"], result.model_copy(update={"deleted": deleted}).model_dump_json())
        return deleted

    deleted = await graph.in_write_transaction(work)
    return result.model_copy(update={"deleted": deleted})


async def import_data(
    graph: Graph,
    raw: Any,
    mode: Mode = Mode.merge,
    progress: Progress | None = None,
    actor: str = "cli",
    force: bool = False,
) -> ImportResult:
    """Validate, then write. The one entry point the CLI and the API share.

    The format is checked first, in slices that leave the event loop free; references and
    ownership are checked inside the writing transaction, under the change log's lock (see
    `write`). A file that fails the format is still checked for references (without the lock),
    so every error is listed at once. The collector is paused throughout (`collector_paused`)."""
    with collector_paused():
        return await _import(graph, raw, mode, progress, actor, force)


async def _import(
    graph: Graph, raw: Any, mode: Mode, progress: Progress | None, actor: str, force: bool
) -> ImportResult:
    raw = v1.upgrade(raw)
    problems = Problems()
    policy = await check_format(raw, problems)
    if policy is None:
        # Refused already; its references are looked up too, unless the file names so many ids
        # that the lookup would cost more than a refusal should.
        if isinstance(raw, dict) and sum(map(len, (await referenced(raw)).values())) <= MAX_LOOKUP:
            known = await lookup_known(graph, raw)
            await reference_problems(raw, known, mode, problems)
        raise InvalidImport(problems)
    return await write(graph, policy, mode, progress, actor, raw=raw, force=force)
