"""What a write would touch, found by making it and rolling it back (a dry run, a rehearsal).

A dry run goes through the very code of the real write (`changelog.write` and the edit or import
that calls it): the same checks, the same refusals, the same writes, in the same transaction.
Only the end differs: before each write path modifies anything it says what it is about to
touch (`Change.touching`); a rehearsal then reads the affected documents and audits the
frameworks involved, lets the write run, reads them again, and raises `Rehearsed` with the
difference, which rolls the transaction back. Nothing is committed, no change number is used, no
Idempotency-Key is kept. The write holds the change log's lock meanwhile, as a real one does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from policygraph.db import Graph, InTransaction
from policygraph.i18n import N_, _, gettext, render
from policygraph.model import edits
from policygraph.model.api import Audit, Finding
from policygraph.model.impact import (
    Action,
    AffectedDocument,
    AuditDelta,
    DepartmentWorklist,
    Impact,
    PillarDocuments,
    SuspectLink,
)
from policygraph.model.interchange import Status
from policygraph.queries import named
from policygraph.services import audit, changelog, editing, kinds
from policygraph.services.changelog import Change, Touched
from policygraph.services.report import csv_cell

AFFECTED = named("impact/affected")
ONLY_ANCHOR = named("impact/only_anchor")
SUSPECT = named("impact/suspect")
REGISTRY_SIZE = named("impact/registry_size")

LIMIT = 500  # documents, links and ids listed at most; totals stay exact
AUDIT_DOCUMENTS = 200_000  # the registry's size up to which a dry run audits (the setting's default)
MAX_COMPARED = 1000  # findings per check compared one by one
MAX_DELTA = 200  # findings listed at most on each side of the audit's delta

FindingKey = tuple[str, str, str | None, tuple[str, ...]]


def _key(finding: Finding) -> FindingKey:
    return finding.check, finding.subject, finding.message_code, tuple(finding.related)


@dataclass
class Snapshot:
    """The affected documents as one side of the transaction sees them."""

    total: int = 0
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    frameworks: set[str] = field(default_factory=set)
    distances: dict[int, int] = field(default_factory=dict)  # every affected document, not just the listed

    @property
    def truncated(self) -> bool:
        return self.total > len(self.items)


@dataclass
class Rehearsal:
    """One dry run's reads before and after its write, inside the write's transaction."""

    change: Change
    limit: int = LIMIT
    pending: Touched | None = None  # reported on whatever the write does
    audit_documents: int = AUDIT_DOCUMENTS
    registry: int | None = None  # documents held, once read
    seeds: Touched = field(default_factory=Touched)
    audited: list[str] = field(default_factory=list)
    audit_before: Audit | None = None
    unanchored_before: set[str] = field(default_factory=set)
    before: Snapshot = field(default_factory=Snapshot)
    only_anchor: list[str] = field(default_factory=list)

    @property
    def reads(self) -> InTransaction:
        return self.change.graph.within(self.change.tx)

    async def _affected(self) -> Snapshot:
        row = await self.reads.read_one(
            AFFECTED,
            documents=sorted(self.seeds.documents),
            pillars=sorted(self.seeds.pillars),
            departments=sorted(self.seeds.departments),
            limit=self.limit,
        )
        if row is None:
            return Snapshot()
        return Snapshot(
            row["total"],
            {item["id"]: item for item in row["items"]},
            set(row["frameworks"]),
            {counted["distance"]: counted["count"] for counted in row["distances"]},
        )

    async def start(self) -> None:
        if self.pending:
            await self.touching(self.pending)

    async def touching(self, touched: Touched) -> None:
        """Before the write modifies anything: what it is about to touch, read as it stands."""
        self.seeds = self.seeds | touched
        self.before = await self._affected()
        if self.seeds.documents:
            row = await self.reads.read_one(ONLY_ANCHOR, ids=sorted(self.seeds.documents), limit=self.limit)
            self.only_anchor = row["ids"] if row else []
        frameworks = sorted((self.before.frameworks | self.seeds.frameworks) - set(self.audited))
        if frameworks:
            self.audited += frameworks
            if await self._audits():
                self.audit_before = await self._audit()
            self.unanchored_before = set(await audit.unanchored_ids(self.reads, self.audited))

    async def _audits(self) -> bool:
        """Whether this dry run audits: the registry is within POLICYGRAPH_DRY_RUN_AUDIT_DOCUMENTS."""
        if self.registry is None:
            row = await self.reads.read_one(REGISTRY_SIZE)
            self.registry = row["documents"] if row else 0
        return self.registry <= self.audit_documents

    async def _audit(self) -> Audit:
        return await audit.run_audit(self.reads, among=self.audited, limit=MAX_COMPARED)

    async def finish(self) -> Impact:
        """After the write: the difference, as the answer (the caller then rolls back)."""
        change = self.change
        after = await self._affected() if self.seeds else Snapshot()
        row = await self.reads.read_one(SUSPECT, seq=change.seq, limit=self.limit) if change.recorded else None
        suspect = [SuspectLink(**link) for link in row["links"]] if row else []
        if self.audited:
            unanchored = sorted(set(await audit.unanchored_ids(self.reads, self.audited)) - self.unanchored_before)
            if self.audit_before is not None:
                delta = _delta(self.audit_before, await self._audit(), self.audited)
            else:
                delta = _unaudited(self.audited, self.registry or 0, self.audit_documents)
        else:
            assert not change.recorded, "a write that records a change says first what it touches (Change.touching)"
            unanchored, delta = [], _delta(None, None, [])
        documents = _merge(self.before, after, suspect, set(unanchored), set(self.only_anchor))
        total, distances = len(documents), dict[int, int]()
        for document in documents:
            distances[document.distance] = distances.get(document.distance, 0) + 1
        larger = max(self.before, after, key=lambda side: side.total)
        if larger.truncated:  # the union of two partial lists: the larger side's exact counts, at least
            total, distances = larger.total, larger.distances
        detail = (
            _(
                "Dry run: nothing was written. The write would be change {change} and reach {count} document(s).",
                change=change.seq,
                count=total,
            )
            if change.recorded
            else _("Dry run: nothing was written. The write would change nothing.")
        )
        return Impact(
            change=change.seq if change.recorded else None,
            writes=change.recorded,
            subject=change.subject,
            total=total,
            distances=dict(sorted(distances.items())),
            documents=documents[: self.limit],
            truncated=total > len(documents[: self.limit]),
            by_department=_by_department(documents),
            by_pillar=_by_pillar(documents, self.before, after),
            suspect=suspect,
            unanchored=unanchored[: self.limit],
            only_anchor=self.only_anchor,
            audit=delta,
            detail=render(detail),
        )


def _merge(
    before: Snapshot, after: Snapshot, suspect: list[SuspectLink], unanchored: set[str], only: set[str]
) -> list[AffectedDocument]:
    """The documents either side reaches; as the write leaves them, or as they were if it deletes them."""
    suspects = {link.document for link in suspect}
    merged: dict[str, AffectedDocument] = {}
    for doc_id in before.items.keys() | after.items.keys():
        item = after.items.get(doc_id) or before.items[doc_id]
        distances = [side.items[doc_id]["distance"] for side in (before, after) if doc_id in side.items]
        merged[doc_id] = AffectedDocument(
            **{**item, "distance": min(distances), "pillars": [p["key"] for p in item["pillars"]]},
            suspect=doc_id in suspects,
            unanchored=doc_id in unanchored,
            only_anchor=doc_id in only,
            deleted=doc_id not in after.items and doc_id in before.items and item["distance"] == 0,
        )
    return sorted(merged.values(), key=lambda d: (d.distance, d.id))


def _by_department(documents: Iterable[AffectedDocument]) -> list[DepartmentWorklist]:
    groups: dict[str, DepartmentWorklist] = {}
    for document in documents:
        for dep in document.departments:
            group = groups.setdefault(dep.id, DepartmentWorklist(id=dep.id, name=dep.name, lead=[], joint=[]))
            (group.lead if dep.role == "lead" else group.joint).append(document.id)
    return sorted(groups.values(), key=lambda g: (-(len(g.lead) + len(g.joint)), g.id))


def _by_pillar(documents: Iterable[AffectedDocument], *sides: Snapshot) -> list[PillarDocuments]:
    names = {p["key"]: p["name"] for side in sides for item in side.items.values() for p in item["pillars"]}
    groups: dict[str, list[str]] = {}
    for document in documents:
        for key in document.pillars:
            groups.setdefault(key, []).append(document.id)
    return [PillarDocuments(key=key, name=names.get(key), documents=ids) for key, ids in groups.items()]


def _unaudited(frameworks: list[str], registry: int, most: int) -> AuditDelta:
    detail = _(
        "Not audited: the registry holds {count} documents, more than a dry run audits "
        "(POLICYGRAPH_DRY_RUN_AUDIT_DOCUMENTS, {most}). Run the audit after the write.",
        count=registry,
        most=most,
    )
    return AuditDelta(
        frameworks=frameworks,
        checked=False,
        detail=render(detail),
        appear=[],
        disappear=[],
        by_check={},
        complete=False,
    )


def _delta(before: Audit | None, after: Audit | None, frameworks: list[str]) -> AuditDelta:
    if before is None or after is None:
        return AuditDelta(frameworks=frameworks, checked=True, appear=[], disappear=[], by_check={}, complete=True)
    old = {_key(f): f for f in before.findings}
    new = {_key(f): f for f in after.findings}
    by_check = {
        code: after.summary.by_check.get(code, 0) - count
        for code, count in before.summary.by_check.items()
        if after.summary.by_check.get(code, 0) != count
    }
    return AuditDelta(
        frameworks=frameworks,
        checked=True,
        appear=[f for k, f in new.items() if k not in old][:MAX_DELTA],
        disappear=[f for k, f in old.items() if k not in new][:MAX_DELTA],
        by_check=by_check,
        complete=not (before.summary.truncated or after.summary.truncated),
    )


def rehearsing(audit_documents: int = AUDIT_DOCUMENTS) -> None:
    """Make the writes of the current request (or command) dry runs."""
    changelog.rehearsing.set(lambda change: Rehearsal(change, audit_documents=audit_documents))


def dry_running() -> bool:
    return changelog.rehearsing.get() is not None


async def rehearse(
    write: Callable[[], Awaitable[Any]],
    seeds: Touched | None = None,
    limit: int = LIMIT,
    audit_documents: int = AUDIT_DOCUMENTS,
) -> Impact:
    """Run `write` (any write through the change log) as a dry run: its refusals raise as they
    would for real. `seeds`: records to report on even when the write would change nothing."""

    def rehearsal(change: Change) -> Rehearsal:
        return Rehearsal(change, limit, pending=seeds, audit_documents=audit_documents)

    token = changelog.rehearsing.set(rehearsal)
    try:
        await write()
    except changelog.Rehearsed as done:
        assert isinstance(done.impact, Impact)
        return done.impact
    finally:
        changelog.rehearsing.reset(token)
    raise AssertionError("the write did not go through the change log")


ACTIONS: dict[str, Status] = {"repeal": Status.repealed, "amend": Status.amended}  # as the edit that says so


async def of_document(
    graph: Graph, doc_id: str, action: Action, limit: int = LIMIT, audit_documents: int = AUDIT_DOCUMENTS
) -> Impact:
    """What repealing or amending a document would touch: the dry run of the edit that records it
    (its status set to repealed or amended), reported on the document even if it already says so."""
    patch = edits.DocumentPatch(status=ACTIONS[action])
    return await rehearse(
        lambda: editing.update_document(graph, doc_id, patch, None, "impact"),
        Touched.of(kinds.DOCUMENT.section, [doc_id]),
        limit,
        audit_documents,
    )


WORKLIST_COLUMNS = (
    N_("department"),
    N_("department name"),
    N_("role"),
    N_("document"),
    N_("title"),
    N_("distance"),
    N_("path"),
    N_("pillars"),
    N_("links become suspect"),
    N_("loses its only anchor"),
    N_("left unanchored"),
)
ROLES = {"lead": N_("lead"), "joint": N_("joint")}
YES = N_("yes")


def worklist_csv(impact: Impact) -> str:
    """One row per department and affected document (a document no department holds: one row with
    the department empty), in the answer's language, with a byte-order mark for Excel and WPS."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([gettext(column) for column in WORKLIST_COLUMNS])
    rows: list[tuple[str, str, str, Any]] = []
    for document in impact.documents:
        held = [(d.id, d.name or "", gettext(ROLES[d.role]) if d.role else "") for d in document.departments]
        rows += [(*dep, document) for dep in held or [("", "", "")]]
    rows.sort(key=lambda row: (row[0] == "", row[0], row[3].distance, row[3].id))
    for dep_id, dep_name, role, document in rows:
        flags = [gettext(YES) if flag else "" for flag in (document.suspect, document.only_anchor, document.unanchored)]
        cells = [dep_id, dep_name, role, document.id, document.title or "", str(document.distance)]
        cells += [" → ".join(document.path), " ".join(document.pillars), *flags]
        writer.writerow([csv_cell(cell) for cell in cells])
    return out.getvalue()
