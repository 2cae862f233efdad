"""Edits through the API: documents, pillars and departments, and their change history.

Each edit is one managed write transaction that first takes the change log's lock (edits run
one at a time, so a cycle check or an If-Match comparison cannot race another edit), then
checks, writes, marks suspect links and records the change with its before and after. Any
refusal raises before commit, so a refused edit writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction
from pydantic import BaseModel, ValidationError

from app import idempotency
from app.db import Graph
from app.errors import Conflict, Invalid, NotFound, PreconditionFailed
from app.model import api, edits
from app.model.interchange import Department, Document, Pillar, error_path
from app.queries import named
from app.services import records

T = TypeVar("T")

BEGIN = named("write/begin")
RECORD = named("write/record")
DOCUMENT_STATE = named("write/document_state")
NODE_STATE = named("write/node_state")
CYCLE = named("write/cycle")
REFERRERS = named("write/referrers")
DELETE = named("write/delete")
MARK_SUSPECT = named("write/mark_suspect")
REVIEW = named("write/review")
HISTORY = named("history")
CHANGES = named("changes")
FRAMEWORKS = named("frameworks")
EXISTING = named("import/existing")
WRITE_DOCUMENTS = named("import/documents")
WRITE_LINKS = named("import/links")
WRITE_PILLARS = named("import/pillars")
WRITE_DEPARTMENTS = named("import/departments")

LINKS = records.DOCUMENT_LINKS
SUBSTANCE = ("title", "status", "effective_from", "effective_until")  # a change here makes dependents suspect


def substance_change(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What changed in substance, as the suspect link's reason ('' when nothing did)."""
    return "; ".join(
        f"{f} changed from {old.get(f)!r} to {new.get(f)!r}" for f in SUBSTANCE if old.get(f) != new.get(f)
    )


DOCUMENT_FIELDS = set(Document.model_fields) - set(LINKS)
DETAIL_FIELDS = {"implements": "pillars"}  # link field -> the DocumentDetail field that shows it


class Suspects(BaseModel):
    """A review's before and after in the history: the suspect links it cleared, then none."""

    suspect: list[dict[str, Any]]


@dataclass(frozen=True)
class Saved:
    record: Document | Pillar | Department
    etag: str | None
    change: int | None  # None when the edit changed nothing


# ---- helpers ------------------------------------------------------------------------------


def normalized(document: Document) -> Document:
    """Links as sets, one per far end, in a fixed order, so equal content compares (and hashes) equal."""
    update: dict[str, Any] = {}
    for field in LINKS:
        key = records.LINK_KEYS[field]
        by_end = {getattr(link, key): link for link in getattr(document, field)}
        update[field] = [by_end[end] for end in sorted(by_end)]
    return document.model_copy(update=update)


def document_etag(document: Document) -> str:
    return records.etag(normalized(document))


def detail_etag(detail: api.DocumentDetail) -> str:
    """The ETag of what GET /documents/{id} shows; equal to the one writes compare against."""
    data = detail.model_dump(include=DOCUMENT_FIELDS, mode="json")
    for field in LINKS:
        key = records.LINK_KEYS[field]
        data[field] = [
            {
                key: item.get("id") or item.get("key"),
                **{k: item[k] for k in ("sources", "certainty", "reason", "role") if item.get(k)},
            }
            for item in (link.model_dump(mode="json") for link in getattr(detail, DETAIL_FIELDS.get(field, field)))
        ]
    return document_etag(Document.model_validate(data, context=records.LENIENT))


def _matches(if_match: str | None, current: str) -> bool:
    if if_match is None:
        return True
    offered = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    return "*" in offered or current in offered


def _json(record: BaseModel | None) -> str | None:
    return None if record is None else json.dumps(record.model_dump(mode="json"), ensure_ascii=False)


def _changed(before: BaseModel, after: BaseModel) -> list[str]:
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    return sorted(key for key in new if old.get(key) != new.get(key))


def _invalid(exc: ValidationError) -> Invalid:
    return Invalid([(error_path(tuple(e["loc"])), str(e["msg"]).removeprefix("Value error, ")) for e in exc.errors()])


def _merge(before: BaseModel, patch: BaseModel, model: type[BaseModel]) -> Any:
    """`before` with the patch's sent fields applied, validated as a whole (dates in order...)."""
    data = before.model_dump(mode="json")
    sent = patch.model_dump(mode="json", include=patch.model_fields_set)
    cleared = sorted(name for name, value in sent.items() if value is None and name in edits.REQUIRED)
    if cleared:
        raise Invalid([(name, "may be changed but not cleared (null)") for name in cleared])
    data.update(sent)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc) from exc


class Edit:
    """One edit's transaction: the lock, the sequence number and the recorded change."""

    def __init__(self, graph: Graph, tx: AsyncManagedTransaction, actor: str) -> None:
        self.graph, self.tx, self.actor = graph, tx, actor
        self.seq = 0

    async def begin(self) -> None:
        [row] = await self.run(BEGIN)
        self.seq = row["seq"]
        await idempotency.claim(self.graph, self.tx, self.seq)

    async def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return await self.graph.run_in(self.tx, name, **params)

    async def one(self, name: str, **params: Any) -> dict[str, Any] | None:
        rows = await self.run(name, **params)
        return rows[0] if rows else None

    async def record(
        self,
        action: str,
        kind: str,
        subject: str,
        framework: str | None,
        before: BaseModel | None,
        after: BaseModel | None,
        fields: list[str],
    ) -> int:
        await self.run(
            RECORD,
            seq=self.seq,
            actor=self.actor,
            action=action,
            kind=kind,
            subject=subject,
            framework=framework,
            fields=fields,
            before=_json(before),
            after=_json(after),
        )
        return self.seq

    async def framework_exists(self, framework: str) -> None:
        held = {row["framework"]["id"] for row in await self.run(FRAMEWORKS)}
        if framework not in held:
            raise Invalid([("framework", f"unknown framework {framework!r}; import it first")])

    async def check_links(self, document: Document, check_cycle: bool) -> None:
        """References exist, no self-link, and (when asked) no BASED_ON cycle."""
        based_on = [link.document for link in document.based_on]
        placed_under = [link.document for link in document.placed_under]
        for field, ids in (("based_on", based_on), ("placed_under", placed_under)):
            if document.id in ids:
                raise Conflict(f"document {document.id!r} cannot be {field} itself", cycle=[document.id, document.id])
        departments = [r.department for r in document.responsible]
        row = await self.one(
            EXISTING,
            document_ids=based_on + placed_under,
            pillar_keys=[link.pillar for link in document.implements],
            department_ids=departments,
            topic_ids=[link.topic for link in document.covers],
        )
        assert row is not None
        problems = []
        for field, table, kind in (
            ("based_on", "documents", "document"),
            ("placed_under", "documents", "document"),
            ("implements", "pillars", "pillar"),
            ("covers", "topics", "topic"),
            ("responsible", "departments", "department"),
        ):
            known = {item["id"] for item in row[table]}
            key = records.LINK_KEYS[field]
            for index, link in enumerate(getattr(document, field)):
                if getattr(link, key) not in known:
                    problems.append((f"{field}[{index}]", f"unknown {kind} {getattr(link, key)!r}"))
        if problems:
            raise Invalid(problems)
        if check_cycle and based_on:
            loop = await self.one(CYCLE, id=document.id, based_on=based_on)
            if loop is not None and loop["ids"]:
                cycle = [document.id, *loop["ids"]]
                raise Conflict("this BASED_ON link would close a cycle: " + " -> ".join(cycle), cycle=cycle)

    async def document(self, doc_id: str) -> tuple[Document, str] | None:
        row = await self.one(DOCUMENT_STATE, id=doc_id)
        if row is None:
            return None
        return normalized(records.document_record(row)), row["document"].get("framework")

    async def write_document(self, document: Document, framework: str, props: bool, links: bool) -> None:
        if props:
            await self.run(WRITE_DOCUMENTS, rows=[{"props": records.document_props(document, framework)}])
        if links:
            await self.run(WRITE_LINKS, rows=[records.document_links(document)])


async def _edit(graph: Graph, actor: str, work: Callable[[Edit], Awaitable[T]]) -> T:
    async def run(tx: AsyncManagedTransaction) -> T:
        edit = Edit(graph, tx, actor)
        await edit.begin()
        return await work(edit)

    return await graph.in_write_transaction(run)


# ---- documents ------------------------------------------------------------------------------


async def create_document(graph: Graph, body: edits.DocumentCreate, actor: str) -> Saved:
    sent = Document(**body.model_dump(exclude={"framework"}))
    document = normalized(sent)

    async def work(edit: Edit) -> int:
        if await edit.document(document.id) is not None:
            raise Conflict(f"document {document.id!r} already exists; change it with PATCH")
        await edit.framework_exists(body.framework)
        await edit.check_links(sent, check_cycle=False)  # nothing depends on a new document yet
        await edit.write_document(document, body.framework, props=True, links=True)
        fields = sorted(document.model_dump(exclude_none=True))
        return await edit.record("create", "document", document.id, body.framework, None, document, fields)

    change = await _edit(graph, actor, work)
    return Saved(document, document_etag(document), change)


async def update_document(
    graph: Graph, doc_id: str, patch: edits.DocumentPatch, if_match: str | None, actor: str
) -> Saved:
    async def work(edit: Edit) -> Saved:
        found = await edit.document(doc_id)
        if found is None:
            raise NotFound("document", doc_id)
        before, framework = found
        current = document_etag(before)
        if not _matches(if_match, current):
            raise PreconditionFailed(
                f"document {doc_id!r} changed since you read it (If-Match {if_match}, now {current}); "
                "GET it again and reapply your edit"
            )
        merged = _merge(before, patch, Document)  # links in the order sent: errors point into them
        after = normalized(merged)
        fields = _changed(before, after)
        if not fields:
            return Saved(before, current, None)
        if set(LINKS) & set(fields):
            await edit.check_links(merged, check_cycle="based_on" in fields)
        await edit.write_document(
            after,
            framework,
            props=bool(set(fields) - set(LINKS)),
            links=bool(set(fields) & set(LINKS)),
        )
        substance = [f for f in fields if f in SUBSTANCE]
        if substance:
            reason = substance_change(before.model_dump(mode="json"), after.model_dump(mode="json"))
            await edit.run(MARK_SUSPECT, seq=edit.seq, rows=[{"id": doc_id, "reason": reason}])
        change = await edit.record("update", "document", doc_id, framework, before, after, fields)
        return Saved(after, document_etag(after), change)

    return await _edit(graph, actor, work)


async def delete(
    graph: Graph, kind: str, key: str, force: bool, actor: str, if_match: str | None = None
) -> edits.Written:
    """Delete a document, pillar or department. Refused (409, listing them) while documents
    rest on it, implement it or are its responsibility, unless `force`."""

    async def work(edit: Edit) -> edits.Written:
        before: BaseModel
        if kind == "document":
            found = await edit.document(key)
            if found is None:
                raise NotFound(kind, key)
            before, framework = found
            if not _matches(if_match, document_etag(before)):
                raise PreconditionFailed(f"document {key!r} changed since you read it; GET it again")
        else:
            state = await edit.one(NODE_STATE, kind=kind, id=key)
            if state is None:
                raise NotFound(kind, key)
            framework = state["props"].get("framework")
            model = Pillar if kind == "pillar" else Department
            before = records.node_model(model, state["props"])
        row = await edit.one(REFERRERS, kind=kind, id=key)
        referrers = row["ids"] if row else []
        if referrers and not force:
            verb = {"document": "is the basis of", "pillar": "is implemented by", "department": "is responsible for"}
            raise Conflict(
                f"{kind} {key!r} {verb[kind]} {len(referrers)} document(s): {', '.join(referrers[:20])}"
                f"{' ...' if len(referrers) > 20 else ''}. Change them first, or delete with force=true.",
                dependents=referrers,
            )
        await edit.run(DELETE, kind=kind, id=key)
        change = await edit.record("delete", kind, key, framework, before, None, [])
        detail = f"{kind} {key!r} deleted" + (f"; links from {len(referrers)} document(s) removed" if referrers else "")
        return edits.Written(change=change, subject=key, detail=detail, related=referrers)

    return await _edit(graph, actor, work)


async def review_document(graph: Graph, doc_id: str, actor: str) -> edits.Written:
    """Clear a document's suspect links: someone has checked it against its changed bases."""

    async def work(edit: Edit) -> edits.Written:
        row = await edit.one(REVIEW, id=doc_id)
        if row is None:
            raise NotFound("document", doc_id)
        cleared = row["cleared"]

        change = await edit.record(
            "review", "document", doc_id, row["framework"], Suspects(suspect=cleared), Suspects(suspect=[]), ["suspect"]
        )
        bases = [c["basis"] for c in cleared]
        detail = f"reviewed; {len(bases)} suspect link(s) cleared" if bases else "reviewed; no link was suspect"
        return edits.Written(change=change, subject=doc_id, detail=detail, related=bases)

    return await _edit(graph, actor, work)


# ---- pillars and departments ------------------------------------------------------------------

# kind -> (model, the import query that writes it, its key field)
NODE_WRITERS = {"pillar": (Pillar, WRITE_PILLARS, "key"), "department": (Department, WRITE_DEPARTMENTS, "id")}


def _node_row(record: Pillar | Department, framework: str) -> dict[str, Any]:
    if isinstance(record, Pillar):
        return records.pillar_props(record, framework)
    return records.department_props(record, framework)


async def create_node(graph: Graph, kind: str, body: edits.PillarCreate | edits.DepartmentCreate, actor: str) -> Saved:
    model, query, key_field = NODE_WRITERS[kind]
    record = model(**body.model_dump(exclude={"framework"}))
    key = getattr(record, key_field)

    async def work(edit: Edit) -> int:
        if await edit.one(NODE_STATE, kind=kind, id=key) is not None:
            raise Conflict(f"{kind} {key!r} already exists; change it with PATCH")
        await edit.framework_exists(body.framework)
        await edit.run(query, rows=[_node_row(record, body.framework)])
        fields = sorted(record.model_dump(exclude_none=True))
        return await edit.record("create", kind, key, body.framework, None, record, fields)

    return Saved(record, None, await _edit(graph, actor, work))


async def update_node(
    graph: Graph, kind: str, key: str, patch: edits.PillarPatch | edits.DepartmentPatch, actor: str
) -> Saved:
    model, query, _ = NODE_WRITERS[kind]

    async def work(edit: Edit) -> Saved:
        state = await edit.one(NODE_STATE, kind=kind, id=key)
        if state is None:
            raise NotFound(kind, key)
        framework = state["props"]["framework"]
        before = records.node_model(model, state["props"])
        after = _merge(before, patch, model)
        fields = _changed(before, after)
        if not fields:
            return Saved(before, None, None)
        await edit.run(query, rows=[_node_row(after, framework)])
        return Saved(after, None, await edit.record("update", kind, key, framework, before, after, fields))

    return await _edit(graph, actor, work)


# ---- history ------------------------------------------------------------------------------


def _change(item: dict[str, Any]) -> edits.Change:
    return edits.Change(
        **{
            **item,
            "at": records.native(item["at"]),
            "fields": item.get("fields") or [],
            "before": json.loads(item["before"]) if item.get("before") else None,
            "after": json.loads(item["after"]) if item.get("after") else None,
        }
    )


async def history(graph: Graph, kind: str, key: str, offset: int, limit: int) -> edits.ChangePage:
    row = await graph.read_one(HISTORY, kind=kind, id=key, offset=offset, limit=limit)
    assert row is not None
    # No history: a document never edited (200, empty), or one that never existed (404).
    if row["total"] == 0 and kind == "document" and await graph.read_one(DOCUMENT_STATE, id=key) is None:
        raise NotFound(kind, key)
    return edits.ChangePage(items=[_change(item) for item in row["items"]], total=row["total"])


MAX_SEQ = 2**63 - 1  # the largest integer Neo4j stores


def parse_since(since: str | None) -> tuple[int, str | None]:
    """`since` is a change number (the feed's `next_since`) or an ISO date-time."""
    if since is None or since.strip() == "":
        return 0, None
    if since.strip().isascii() and since.strip().isdigit():
        if int(since) > MAX_SEQ:
            raise Invalid([("since", f"a change number is at most {MAX_SEQ}")])
        return int(since), None
    try:
        moment = dt.datetime.fromisoformat(since.strip())
    except ValueError:
        raise Invalid(
            [("since", "expected a change number or an ISO date-time such as 2026-11-25T10:00:00Z")]
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return 0, moment.isoformat()


async def changes(graph: Graph, since: str | None, limit: int) -> edits.ChangeFeed:
    since_seq, since_time = parse_since(since)
    row = await graph.read_one(CHANGES, since_seq=since_seq, since_time=since_time, limit=limit)
    items = [_change(item) for item in (row["items"] if row else [])]
    return edits.ChangeFeed(items=items, next_since=items[-1].seq if items else since_seq)
