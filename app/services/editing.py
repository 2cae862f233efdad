"""Edits through the API, one record at a time: documents, pillars and departments.

Each edit is one change-log write (`changelog.write`): the lock first (edits run one at a time,
so a cycle check or an If-Match comparison cannot race another write), then checks, the write,
suspect links and the recorded change with its before and after. Any refusal raises before
commit, so a refused edit writes nothing. History and the change feed are read in `history`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from policygraph.db import Graph
from policygraph.errors import Conflict, Invalid, NotFound, PreconditionFailed, kind_text, validation_text
from policygraph.i18n import Text, _, render
from policygraph.model import api, edits
from policygraph.model.interchange import Document, error_path
from policygraph.queries import named
from policygraph.services import changelog, kinds, records
from policygraph.services.changelog import SUBSTANCE, Change, Touched, substance_change
from policygraph.services.kinds import Editable

R = TypeVar("R", bound=BaseModel)

CYCLE = named("write/cycle")
CHANGE_CYCLE = named("write/change_cycle")
REFRESH = named("lifecycle/refresh")
REVIEW = named("write/review")
FRAMEWORKS = named("frameworks")
EXISTING = named("import/existing")
WRITE_LINKS = named("import/links")

LINKS = records.DOCUMENT_LINKS
DOCUMENT_TARGETS = ("based_on", "placed_under", *records.CHANGE_LINKS)  # the links to other documents

DOCUMENT_FIELDS = set(Document.model_fields) - set(LINKS)
DETAIL_FIELDS = {"implements": "pillars"}  # link field -> the DocumentDetail field that shows it


class Suspects(BaseModel):
    """A review's before and after in the history: the suspect links it cleared, then none."""

    suspect: list[dict[str, Any]]


@dataclass(frozen=True)
class Saved(Generic[R]):
    record: R
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
    data["status"] = detail.recorded_status or data.get("status")  # the typed one, not the derived
    for field in LINKS:
        key = records.LINK_KEYS[field]
        data[field] = [
            {
                key: item.get("id") or item.get("key"),
                **{k: item[k] for k in ("sources", "certainty", "reason", "role", "effective_on") if item.get(k)},
            }
            for item in (link.model_dump(mode="json") for link in getattr(detail, DETAIL_FIELDS.get(field, field)))
        ]
    return document_etag(Document.model_validate(data, context=records.LENIENT))


def _matches(if_match: str | None, current: str) -> bool:
    if if_match is None:
        return True
    offered = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    return "*" in offered or current in offered


def _changed(before: BaseModel, after: BaseModel) -> list[str]:
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    return sorted(key for key in new if old.get(key) != new.get(key))


def _invalid(exc: ValidationError) -> Invalid:
    return Invalid([(error_path(tuple(e["loc"])), validation_text(dict(e))) for e in exc.errors()])


def _merge(before: BaseModel, patch: BaseModel, model: type[BaseModel]) -> Any:
    """`before` with the patch's sent fields applied, validated as a whole (dates in order...)."""
    data = before.model_dump(mode="json")
    sent = patch.model_dump(mode="json", include=patch.model_fields_set)
    cleared = sorted(name for name, value in sent.items() if value is None and name in edits.REQUIRED)
    if cleared:
        raise Invalid([(name, _("may be changed but not cleared (null)")) for name in cleared])
    data.update(sent)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc) from exc


# ---- checks an edit makes inside its transaction ------------------------------------------------


async def framework_exists(edit: Change, framework: str) -> None:
    held = {row["framework"]["id"] for row in await edit.run(FRAMEWORKS)}
    if framework not in held:
        raise Invalid.one("framework", _("unknown framework {key!r}; import it first", key=framework))


async def check_links(edit: Change, document: Document, check_cycle: bool) -> None:
    """References exist, no self-link, and (when asked) no BASED_ON cycle and no cycle of changes
    (AMENDS, REPEALS, REPLACES)."""
    to_documents = {field: [link.document for link in getattr(document, field)] for field in DOCUMENT_TARGETS}
    for field, ids in to_documents.items():
        if document.id in ids:
            raise Conflict(
                _("document {id!r} cannot link to itself ({field}: {id})", id=document.id, field=field),
                cycle=[document.id, document.id],
            )
    row = await edit.one(
        EXISTING,
        document_ids=[target for ids in to_documents.values() for target in ids],
        pillar_keys=[link.pillar for link in document.implements],
        department_ids=[r.department for r in document.responsible],
        topic_ids=[link.topic for link in document.covers],
    )
    assert row is not None
    problems = []
    for field in ("based_on", "placed_under", "implements", "covers", "responsible", *records.CHANGE_LINKS):
        target = kinds.BY_NAME[records.LINK_KEYS[field]]
        known = {item["id"] for item in row[target.section]}
        for index, link in enumerate(getattr(document, field)):
            if getattr(link, target.name) not in known:
                problems.append(
                    (
                        f"{field}[{index}]",
                        _("unknown {kind} {key!r}", kind=kind_text(target.name), key=getattr(link, target.name)),
                    )
                )
    if problems:
        raise Invalid(problems)
    if not check_cycle:
        return
    changes = [target for field in records.CHANGE_LINKS for target in to_documents[field]]
    for query, ids, what, params in (
        (CYCLE, to_documents["based_on"], _("BASED_ON link"), "based_on"),
        (CHANGE_CYCLE, changes, _("change (AMENDS, REPEALS, REPLACES)"), "changes"),
    ):
        loop = await edit.one(query, id=document.id, **{params: ids}) if ids else None
        if loop is not None and loop["ids"]:
            cycle = [document.id, *loop["ids"]]
            raise Conflict(
                _("this {what} would close a cycle: {cycle}", what=what, cycle=" -> ".join(cycle)), cycle=cycle
            )


async def stored_document(edit: Change, doc_id: str) -> tuple[Document, str] | None:
    row = await edit.one(kinds.DOCUMENT.state, id=doc_id)
    if row is None:
        return None
    return normalized(records.document_record(row)), row["document"].get("framework")


async def write_document(edit: Change, document: Document, framework: str, props: bool, links: bool) -> None:
    if props:
        await edit.run(kinds.DOCUMENT.write, rows=[{"props": records.document_props(document, framework)}])
    if links:
        await edit.run(WRITE_LINKS, rows=[records.document_links(document)])
    await edit.run(REFRESH, frameworks=[framework])


# ---- documents ------------------------------------------------------------------------------


async def create_document(graph: Graph, body: edits.DocumentCreate, actor: str) -> Saved[Document]:
    sent = Document(**body.model_dump(exclude={"framework"}))
    document = normalized(sent)

    async def work(edit: Change) -> int:
        if await stored_document(edit, document.id) is not None:
            raise Conflict(
                _("{kind} {key!r} already exists; change it with PATCH", kind=kind_text("document"), key=document.id)
            )
        await framework_exists(edit, body.framework)
        await check_links(edit, sent, check_cycle=False)  # nothing depends on a new document yet
        await edit.touching(Touched.of(kinds.DOCUMENT.section, [document.id], body.framework))
        await write_document(edit, document, body.framework, props=True, links=True)
        fields = sorted(document.model_dump(exclude_none=True))
        return await edit.record("create", kinds.DOCUMENT.name, document.id, body.framework, None, document, fields)

    change = await changelog.write(graph, actor, work)
    return Saved(document, document_etag(document), change)


async def update_document(
    graph: Graph, doc_id: str, patch: edits.DocumentPatch, if_match: str | None, actor: str
) -> Saved[Document]:
    async def work(edit: Change) -> Saved[Document]:
        found = await stored_document(edit, doc_id)
        if found is None:
            raise NotFound(kinds.DOCUMENT.name, doc_id)
        before, framework = found
        current = document_etag(before)
        if not _matches(if_match, current):
            raise PreconditionFailed(
                _(
                    "document {id!r} changed since you read it (If-Match {if_match}, now {current}); "
                    "GET it again and reapply your edit",
                    id=doc_id,
                    if_match=if_match,
                    current=current,
                )
            )
        merged = _merge(before, patch, Document)  # links in the order sent: errors point into them
        after = normalized(merged)
        fields = _changed(before, after)
        if not fields:
            return Saved(before, current, None)
        if set(LINKS) & set(fields):
            await check_links(edit, merged, check_cycle=bool({"based_on", *records.CHANGE_LINKS} & set(fields)))
        await edit.touching(Touched.of(kinds.DOCUMENT.section, [doc_id], framework))
        await write_document(
            edit,
            after,
            framework,
            props=bool(set(fields) - set(LINKS)),
            links=bool(set(fields) & set(LINKS)),
        )
        if set(fields) & set(SUBSTANCE):
            reason = substance_change(before.model_dump(mode="json"), after.model_dump(mode="json"))
            await edit.mark_suspect([{"id": doc_id, "reason": reason}])
        change = await edit.record("update", kinds.DOCUMENT.name, doc_id, framework, before, after, fields)
        return Saved(after, document_etag(after), change)

    return await changelog.write(graph, actor, work)


async def delete(
    graph: Graph, kind: Editable[Any], key: str, force: bool, actor: str, if_match: str | None = None
) -> edits.Written:
    """Delete a document, pillar or department. Refused (409, listing them) while documents
    rest on it, implement it or are its responsibility, unless `force`."""

    async def work(edit: Change) -> edits.Written:
        before: BaseModel
        if kind is kinds.DOCUMENT:
            found = await stored_document(edit, key)
            if found is None:
                raise NotFound(kind.name, key)
            before, framework = found
            if not _matches(if_match, document_etag(before)):
                raise PreconditionFailed(_("document {id!r} changed since you read it; GET it again", id=key))
        else:
            state = await edit.one(kind.state, id=key)
            if state is None:
                raise NotFound(kind.name, key)
            framework = state["props"].get("framework")
            before = records.node_model(kind.model, state["props"])
        row = await edit.one(kind.referrers, id=key)
        referrers = row["ids"] if row else []
        if referrers and not force:
            listed = ", ".join(referrers[:20]) + (" ..." if len(referrers) > 20 else "")
            raise Conflict(
                Text(
                    kind.rests_on_it, {"kind": kind_text(kind.name), "key": key, "count": len(referrers), "ids": listed}
                ),
                dependents=referrers,
            )
        await edit.touching(Touched.of(kind.section, [key], framework))
        await edit.run(kind.delete, id=key)
        if kind is kinds.DOCUMENT:
            await edit.run(REFRESH, frameworks=[framework])
        change = await edit.record("delete", kind.name, key, framework, before, None, [])
        detail = render(
            _(
                "{kind} {key!r} deleted; links from {count} document(s) removed",
                kind=kind_text(kind.name),
                key=key,
                count=len(referrers),
            )
            if referrers
            else _("{kind} {key!r} deleted", kind=kind_text(kind.name), key=key)
        )
        return edits.Written(change=change, subject=key, detail=detail, related=referrers)

    return await changelog.write(graph, actor, work)


async def review_document(graph: Graph, doc_id: str, actor: str) -> edits.Written:
    """Clear a document's suspect links: someone has checked it against its changed bases."""

    async def work(edit: Change) -> edits.Written:
        await edit.touching(Touched.of(kinds.DOCUMENT.section, [doc_id]))
        row = await edit.one(REVIEW, id=doc_id)
        if row is None:
            raise NotFound(kinds.DOCUMENT.name, doc_id)
        cleared = row["cleared"]
        change = await edit.record(
            "review",
            kinds.DOCUMENT.name,
            doc_id,
            row["framework"],
            Suspects(suspect=cleared),
            Suspects(suspect=[]),
            ["suspect"],
        )
        bases = [c["basis"] for c in cleared]
        detail = render(
            _("reviewed; {count} suspect link(s) cleared", count=len(bases))
            if bases
            else _("reviewed; no link was suspect")
        )
        return edits.Written(change=change, subject=doc_id, detail=detail, related=bases)

    return await changelog.write(graph, actor, work)


# ---- pillars and departments ------------------------------------------------------------------


async def create_node(graph: Graph, kind: Editable[R], body: BaseModel, actor: str) -> Saved[R]:
    """A new pillar or department (`body` is its create model: the record and its framework)."""
    record = kind.model(**body.model_dump(exclude={"framework"}))
    key = getattr(record, kind.key)
    framework: str = body.framework
    assert kind.props is not None

    async def work(edit: Change) -> int:
        if await edit.one(kind.state, id=key) is not None:
            raise Conflict(_("{kind} {key!r} already exists; change it with PATCH", kind=kind_text(kind.name), key=key))
        await framework_exists(edit, framework)
        await edit.touching(Touched.of(kind.section, [key], framework))
        await edit.run(kind.write, rows=[kind.props(record, framework)])
        fields = sorted(record.model_dump(exclude_none=True))
        return await edit.record("create", kind.name, key, framework, None, record, fields)

    return Saved(record, None, await changelog.write(graph, actor, work))


async def update_node(graph: Graph, kind: Editable[R], key: str, patch: BaseModel, actor: str) -> Saved[R]:
    assert kind.props is not None
    props = kind.props

    async def work(edit: Change) -> Saved[R]:
        state = await edit.one(kind.state, id=key)
        if state is None:
            raise NotFound(kind.name, key)
        framework = state["props"]["framework"]
        before = records.node_model(kind.model, state["props"])
        after = _merge(before, patch, kind.model)
        fields = _changed(before, after)
        if not fields:
            return Saved(before, None, None)
        await edit.touching(Touched.of(kind.section, [key], framework))
        await edit.run(kind.write, rows=[props(after, framework)])
        return Saved(after, None, await edit.record("update", kind.name, key, framework, before, after, fields))

    return await changelog.write(graph, actor, work)
