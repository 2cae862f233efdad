"""Import of `policygraph/v2` files (v1 converted first): validate everything, then write all or nothing.

Structural errors (schema, duplicates, unknown references, ids owned by another framework, a
claim with no source or an inference with no reason) reject the whole file with every error and
its path (`validation`). Semantic defects (cycles, orphans, ownerless documents) are accepted:
finding them is the audit's job. The write is one change-log unit of work (`changelog`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from policygraph import jobs
from policygraph.db import Graph
from policygraph.errors import Conflict, Invalid, Problems
from policygraph.i18n import _
from policygraph.model import v1
from policygraph.model.interchange import PolicyFile
from policygraph.queries import named
from policygraph.services import changelog, kinds, records
from policygraph.services.changelog import Change, Touched, batches, substance_change
from policygraph.services.sheet_reader import Located
from policygraph.services.validation import (
    Mode,
    breathe,
    check_file,
    collector_paused,
    lookup_known,
    reference_problems,
)

FRAMEWORK = named("import/framework")
PRUNE = named("import/prune")
PRUNED = named("impact/pruned")
LINKS = named("import/links")
TOPIC_LINKS = named("import/topic_links")
SUBSTANCE = named("import/substance")
PRUNE_BLOCKERS = named("import/prune_blockers")
REFRESH = named("lifecycle/refresh")

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

    async def work(change: Change) -> dict[str, int]:
        done = 0
        deleted: dict[str, int] = {}
        if raw is not None:
            known = await lookup_known(graph, raw, change.tx)
            problems = await reference_problems(raw, known, mode, Problems())
            if problems:
                raise Invalid(problems)
        if mode == Mode.replace and not force:
            blocked = await change.run(
                PRUNE_BLOCKERS,
                framework=fid,
                keep_documents=keep["keep_documents"],
                keep_topics=keep["keep_topics"],
            )
            if blocked:
                raise Conflict(
                    _(
                        "replace would drop {count} record(s) that another framework rests on or places under "
                        "them: {ids}. Keep them in the file, change the dependents first, or replace with force=true.",
                        count=len(blocked),
                        ids=", ".join(row["id"] for row in blocked[:20]),
                    ),
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
            stored = await change.run(SUBSTANCE, ids=[props["id"] for props in batch])
            new = {props["id"]: props for props in batch}
            for row in stored:
                old = {k: str(records.native(v)) for k, v in row["substance"].items() if v is not None}
                fresh = {k: str(new[row["id"]][k]) for k in row["substance"] if new[row["id"]].get(k) is not None}
                reason = substance_change(old, fresh)
                if reason:
                    suspects.append({"id": row["id"], "reason": reason})
        touched = Touched.of(kinds.DOCUMENT.section, [s["id"] for s in suspects], fid)
        if mode == Mode.replace:
            pruned = await change.one(PRUNED, framework=fid, **keep)
            assert pruned is not None
            touched = touched | Touched(*(frozenset(pruned[kind.section]) for kind in kinds.EDITABLE))
        await change.touching(touched)
        if mode == Mode.replace:
            rows = await change.run(PRUNE, framework=fid, **keep)
            deleted = rows[0]
        await change.run(FRAMEWORK, framework=records.framework_props(policy.framework))
        for name, rows in (
            (kinds.PILLAR.write, pillars),
            (kinds.DEPARTMENT.write, departments),
            (kinds.TOPIC.write, topics),
            (kinds.DOCUMENT.write, documents),
            (LINKS, links),
            (TOPIC_LINKS, topic_links),
        ):
            for batch in batches(rows):
                await change.run(name, rows=batch)
                done += len(batch)
                if progress:
                    progress(done, total)
        await change.run(REFRESH, frameworks=[fid])
        await change.mark_suspect(suspects)
        summary = {
            "mode": mode.value,
            "documents": len(documents),
            "pillars": len(pillars),
            "departments": len(departments),
            "topics": len(topics),
            "deleted": deleted,
            "suspect": len(suspects),
        }
        await change.record_import(fid, summary)
        outcome = result.model_copy(update={"deleted": deleted})
        await jobs.settle(graph, change.tx, change.seq, outcome.model_dump_json(), total)
        return deleted

    deleted = await changelog.write(graph, actor, work)
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
        try:
            return await _import(graph, raw, mode, progress, actor, force)
        except Invalid as exc:
            if isinstance(raw, Located):  # read from a spreadsheet: each problem at its cell
                raise raw.relocated(exc) from None
            raise


async def _import(
    graph: Graph, raw: Any, mode: Mode, progress: Progress | None, actor: str, force: bool
) -> ImportResult:
    raw = v1.upgrade(raw)
    problems = Problems()
    policy, _known = await check_file(graph, raw, mode, problems, references=False)
    if policy is None:
        raise Invalid(problems)
    return await write(graph, policy, mode, progress, actor, raw=raw, force=force)
