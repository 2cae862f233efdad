"""Import of `policygraph/v2` files (v1 converted first): validate everything, then write all or nothing.

Structural errors (schema, duplicates, unknown references, ids owned by another framework, a
claim with no source or an inference with no reason) reject the whole file with every error and
its path. Semantic defects (cycles, orphans,
ownerless documents) are accepted: finding them is the audit's job.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import yaml
from neo4j import AsyncManagedTransaction
from pydantic import BaseModel, ValidationError

from app.db import Graph
from app.model import v1
from app.model.interchange import PolicyFile, error_path
from app.queries import named
from app.services import records
from app.services.editing import substance_change

EXISTING = named("import/existing")
FRAMEWORK = named("import/framework")
PRUNE = named("import/prune")
PILLARS = named("import/pillars")
DEPARTMENTS = named("import/departments")
DOCUMENTS = named("import/documents")
TOPICS = named("import/topics")
LINKS = named("import/links")
TOPIC_LINKS = named("import/topic_links")
SUBSTANCE = named("import/substance")
BEGIN = named("write/begin")
RECORD = named("write/record")
MARK_SUSPECT = named("write/mark_suspect")

BATCH_SIZE = 5000
Progress = Callable[[int, int], None]  # (records written, records in all)


class Mode(StrEnum):
    merge = "merge"
    replace = "replace"


class Problem(BaseModel):
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidImport(Exception):
    """The file has structural errors; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} error(s); nothing was written")


class ImportResult(BaseModel):
    framework: str
    mode: Mode
    pillars: int
    departments: int
    topics: int = 0
    documents: int
    links: int
    deleted: dict[str, int] = {}


# ---- reading ------------------------------------------------------------------------------


def parse_text(text: str | bytes, filename: str = "") -> Any:
    """JSON or YAML text -> plain data. JSON is tried first (it is also YAML, but faster)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidImport([Problem(path="(file)", message=f"not UTF-8: {exc}")]) from exc
    if not filename.endswith((".yaml", ".yml")):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            if filename.endswith(".json"):
                raise
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidImport([Problem(path="(file)", message=f"not valid YAML or JSON: {exc}")]) from exc


# ---- validation -------------------------------------------------------------------------


def _entries(raw: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = raw.get(key) if isinstance(raw, dict) else None
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def _targets(value: Any, key: str) -> Iterator[tuple[int, str]]:
    """A link list's far ends: bare ids, or mappings naming the far end under `key`."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield index, item
            elif isinstance(item, dict) and isinstance(item.get(key), str):
                yield index, item[key]


@dataclass
class Known:
    """Ids and keys the database holds, with the framework each belongs to."""

    documents: dict[str, str | None] = field(default_factory=dict)
    pillars: dict[str, str | None] = field(default_factory=dict)
    departments: dict[str, str | None] = field(default_factory=dict)
    topics: dict[str, str | None] = field(default_factory=dict)


# Each record kind: (section, identifying field, kind named in messages, Known table).
RECORDS = (
    ("pillars", "key", "pillar"),
    ("departments", "id", "department"),
    ("topics", "id", "topic"),
    ("documents", "id", "document"),
)
# Each link list of a record kind: (field, far-end key in the link, section it points into).
LINKS_OF = {
    "documents": (
        ("based_on", "document", "documents"),
        ("placed_under", "document", "documents"),
        ("implements", "pillar", "pillars"),
        ("covers", "topic", "topics"),
    ),
    "topics": (
        ("placed_under", "document", "documents"),
        ("implements", "pillar", "pillars"),
    ),
}
KIND_OF = {section: kind for section, _, kind in RECORDS}


def _referenced(raw: Any) -> dict[str, set[str]]:
    """Every id and key the file names, by section: its own records and every link's far end."""
    wanted: dict[str, set[str]] = {section: set() for section, _, _ in RECORDS}
    for section, ident, _ in RECORDS:
        for _, item in _entries(raw, section):
            if isinstance(item.get(ident), str):
                wanted[section].add(item[ident])
    for section, links in LINKS_OF.items():
        for _, item in _entries(raw, section):
            for link_field, key, target in links:
                wanted[target].update(value for _, value in _targets(item.get(link_field), key))
    for _, doc in _entries(raw, "documents"):
        wanted["departments"].update(value for _, value in _targets(doc.get("responsible"), "department"))
    framework = raw.get("framework") if isinstance(raw, dict) else None
    if isinstance(framework, dict) and isinstance(framework.get("issued_by"), str):
        wanted["departments"].add(framework["issued_by"])
    return wanted


def _message(error: Any) -> str:
    """Pydantic's message, without its 'Value error, ' prefix for our own validators."""
    return str(error["msg"]).removeprefix("Value error, ")


def structural_problems(raw: Any, known: Known, mode: Mode) -> list[Problem]:
    """Every structural error in `raw`, given what the database already holds."""
    try:
        PolicyFile.model_validate(raw)
        problems: list[Problem] = []
    except ValidationError as exc:
        problems = [Problem(path=error_path(error["loc"]), message=_message(error)) for error in exc.errors()]
    if not isinstance(raw, dict):
        return problems or [Problem(path="(file)", message="expected a mapping at the top")]
    return problems + reference_problems(raw, known, mode)


def reference_problems(raw: dict[str, Any], known: Known, mode: Mode) -> list[Problem]:
    """Duplicates, unknown references and ids another framework owns (the schema aside)."""
    problems: list[Problem] = []

    framework_id = (raw.get("framework") or {}).get("id") if isinstance(raw.get("framework"), dict) else None

    def in_db(table: dict[str, str | None], ident: str) -> bool:
        if ident not in table:
            return False
        # mode=replace deletes this framework's records that the file does not hold.
        return not (mode == Mode.replace and table[ident] == framework_id)

    in_file: dict[str, set[str]] = {}
    for key, ident, kind in RECORDS:
        table = getattr(known, key)
        seen: dict[str, int] = {}
        for index, item in _entries(raw, key):
            value = item.get(ident)
            if not isinstance(value, str):
                continue
            if value in seen:
                problems.append(
                    Problem(
                        path=f"{key}[{index}].{ident}",
                        message=f"duplicate {kind} {value!r} (also {key}[{seen[value]}])",
                    )
                )
            else:
                seen[value] = index
            owner = table.get(value)
            if value in table and owner != framework_id:
                problems.append(
                    Problem(
                        path=f"{key}[{index}].{ident}",
                        message=f"{kind} {value!r} already belongs to framework {owner!r}",
                    )
                )
        in_file[key] = set(seen)

    def check_refs(path: str, values: Iterable[tuple[int, str]], section: str, suffix: str = "") -> None:
        kind, table = KIND_OF[section], getattr(known, section)
        counts: Counter[str] = Counter()
        for index, value in values:
            counts[value] += 1
            if counts[value] == 2:
                problems.append(Problem(path=f"{path}[{index}]{suffix}", message=f"duplicate {kind} {value!r}"))
            if value not in in_file[section] and not in_db(table, value):
                problems.append(Problem(path=f"{path}[{index}]{suffix}", message=f"unknown {kind} {value!r}"))

    for section, links in LINKS_OF.items():
        for index, item in _entries(raw, section):
            base = f"{section}[{index}]"
            for link_field, key, target in links:
                check_refs(f"{base}.{link_field}", _targets(item.get(link_field), key), target)
            if section == "documents":
                check_refs(
                    f"{base}.responsible", _targets(item.get("responsible"), "department"), "departments", ".department"
                )
    framework = raw.get("framework")
    if isinstance(framework, dict) and isinstance(framework.get("issued_by"), str):
        issuer = framework["issued_by"]
        if issuer not in in_file["departments"] and not in_db(known.departments, issuer):
            problems.append(Problem(path="framework.issued_by", message=f"unknown department {issuer!r}"))
    return problems


async def lookup_known(graph: Graph, raw: Any) -> Known:
    wanted = _referenced(raw)
    row = await graph.read_one(
        EXISTING,
        document_ids=sorted(wanted["documents"]),
        pillar_keys=sorted(wanted["pillars"]),
        department_ids=sorted(wanted["departments"]),
        topic_ids=sorted(wanted["topics"]),
    )
    assert row is not None
    return Known(**{section: {r["id"]: r["framework"] for r in row[section]} for section in wanted})


async def validate(graph: Graph, raw: Any, mode: Mode = Mode.merge) -> PolicyFile:
    """The parsed file (a v1 file converted to v2), or InvalidImport listing every structural error."""
    raw = v1.upgrade(raw)
    known = await lookup_known(graph, raw)
    problems = structural_problems(raw, known, mode)
    if problems:
        raise InvalidImport(problems)
    return PolicyFile.model_validate(raw)


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
    graph: Graph, policy: PolicyFile, mode: Mode = Mode.merge, progress: Progress | None = None, actor: str = "cli"
) -> ImportResult:
    """Write a validated file in one transaction, in UNWIND batches: all of it, or nothing.

    Like every edit it takes the change log's lock, records one change (the import), and marks
    suspect the links into documents whose title, status or effective dates it changes."""
    fid = policy.framework.id
    pillars = [records.pillar_props(p, fid) for p in policy.pillars]
    departments = [records.department_props(d, fid) for d in policy.departments]
    topics = [records.topic_props(t, fid) for t in policy.topics]
    documents = [{"props": records.document_props(d, fid)} for d in policy.documents]
    links = [records.document_links(d) for d in policy.documents]
    topic_links = [records.topic_links(t) for t in policy.topics]
    total = len(pillars) + len(departments) + 2 * len(topics) + 2 * len(documents)

    async def work(tx: AsyncManagedTransaction) -> dict[str, int]:
        done = 0
        deleted: dict[str, int] = {}
        [begun] = await graph.run_in(tx, BEGIN)
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
            rows = await graph.run_in(
                tx,
                PRUNE,
                framework=fid,
                keep_documents=[d.id for d in policy.documents],
                keep_topics=[t.id for t in policy.topics],
                keep_pillars=[p.key for p in policy.pillars],
                keep_departments=[d.id for d in policy.departments],
            )
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
        return deleted

    deleted = await graph.in_write_transaction(work)
    link_count = sum(
        len(getattr(record, name))
        for record in [*policy.documents, *policy.topics]
        for name in records.DOCUMENT_LINKS
        if hasattr(record, name)
    )
    return ImportResult(
        framework=fid,
        mode=mode,
        pillars=len(pillars),
        departments=len(departments),
        topics=len(topics),
        documents=len(documents),
        links=link_count,
        deleted=deleted,
    )


async def import_data(
    graph: Graph, raw: Any, mode: Mode = Mode.merge, progress: Progress | None = None, actor: str = "cli"
) -> ImportResult:
    """Validate, then write. The one entry point the CLI and the API share."""
    policy = await validate(graph, raw, mode)
    return await write(graph, policy, mode, progress, actor)
