"""Checking an interchange file before anything is written: parsing (JSON, or YAML without
aliases), the format (every record and link, evidence included), and references and ownership
against what the database holds. Shared by imports and bulk loads.

The work is proportional to the file, and a file may hold hundreds of thousands of links, so it
runs in slices of at most 20 ms that hand the event loop back between them (`breathe`): `/health` and reads keep
answering while a large import is checked. Errors are collected as found, the first
MAX_PROBLEMS kept and all of them counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import yaml
from neo4j import AsyncManagedTransaction
from pydantic import TypeAdapter, ValidationError

from policygraph.db import Graph
from policygraph.errors import Invalid, Problem, Problems, kind_text, validation_text
from policygraph.i18n import Text, _
from policygraph.model.interchange import Department, Document, Pillar, PolicyFile, Topic, error_path
from policygraph.queries import named
from policygraph.services import kinds, workbook

EXISTING = named("import/existing")
MAX_LOOKUP = 100_000  # ids looked up for a file the format check has refused already


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large file is checked or turned into rows.

    Checking builds a few objects per link; with hundreds of thousands of links the collector's
    full passes each stop the whole process (the event loop included) for most of a second.
    These objects hold no cycles (reference counting frees them), so the pass is skipped while
    the work lasts and runs as usual after it. Nested and concurrent uses count: the collector
    runs again when the last of them ends."""
    global _paused
    _paused += 1
    if _paused == 1:
        gc.disable()
    try:
        yield
    finally:
        _paused -= 1
        if _paused == 0:
            gc.enable()


_paused = 0
SLICE_SECONDS = 0.02  # the longest the event loop is kept busy before it is handed back
_last_turn = time.perf_counter()


async def breathe(index: int = 0) -> None:
    """Hand the event loop back when it has been busy for SLICE_SECONDS since it last turned (by
    anyone), so a long check never blocks it for long. Call it once per record or link."""
    global _last_turn
    now = time.perf_counter()
    if now - _last_turn >= SLICE_SECONDS:
        await asyncio.sleep(0)
        _last_turn = time.perf_counter()


class Mode(StrEnum):
    merge = "merge"
    replace = "replace"


# ---- reading ------------------------------------------------------------------------------


class _NoAliases(yaml.SafeLoader):
    """YAML without aliases (`*name`): an alias repeats a node without its size showing, so a few
    kilobytes can expand to gigabytes. An interchange file never needs one."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not accepted in an import: write the value out", mark
            )
        return super().compose_node(parent, index)


def _invalid_file(message: Text | str) -> Invalid:
    return Invalid([Problem.of("(file)", message)])


def parse_text(text: str | bytes, filename: str = "") -> Any:
    """JSON or YAML text -> plain data. JSON is tried first (it is also YAML, but faster).
    The API runs it in a thread: YAML is parsed in Python, which yields the GIL as it goes.
    A workbook (xlsx) or a zip of CSV files is read by its sheets (`workbook.read`)."""
    if isinstance(text, bytes) and workbook.is_zip(text):
        return workbook.read(text)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _invalid_file(_("not UTF-8: {reason}", reason=str(exc))) from exc
    try:
        if not filename.endswith((".yaml", ".yml")):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                if filename.endswith(".json"):
                    raise _invalid_file(f"not valid JSON: {exc}") from exc
        return yaml.load(text, Loader=_NoAliases)  # a SafeLoader that also refuses aliases
    except RecursionError:
        raise _invalid_file("nested too deeply") from None
    except yaml.YAMLError as exc:
        raise _invalid_file(f"not valid YAML or JSON: {exc}") from exc


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


# Each link list of a record kind: (field, far-end key in the link, section it points into).
LINKS_OF = {
    "documents": (
        ("based_on", "document", "documents"),
        ("placed_under", "document", "documents"),
        ("implements", "pillar", "pillars"),
        ("covers", "topic", "topics"),
        ("amends", "document", "documents"),
        ("repeals", "document", "documents"),
        ("replaces", "document", "documents"),
    ),
    "topics": (
        ("placed_under", "document", "documents"),
        ("implements", "pillar", "pillars"),
    ),
}


async def referenced(raw: Any) -> dict[str, set[str]]:
    """Every id and key the file names, by section: its own records and every link's far end."""
    wanted: dict[str, set[str]] = {kind.section: set() for kind in kinds.RECORDS}
    for kind in kinds.RECORDS:
        for _index, item in _entries(raw, kind.section):
            if isinstance(item.get(kind.key), str):
                wanted[kind.section].add(item[kind.key])
    for section, links in LINKS_OF.items():
        for index, item in _entries(raw, section):
            await breathe(index)
            for link_field, key, target in links:
                wanted[target].update(value for _at, value in _targets(item.get(link_field), key))
    for _index, doc in _entries(raw, "documents"):
        wanted["departments"].update(value for _at, value in _targets(doc.get("responsible"), "department"))
    framework = raw.get("framework") if isinstance(raw, dict) else None
    if isinstance(framework, dict) and isinstance(framework.get("issued_by"), str):
        wanted["departments"].add(framework["issued_by"])
    return wanted


SECTIONS: dict[str, TypeAdapter[Any]] = {
    "pillars": TypeAdapter(Pillar),
    "departments": TypeAdapter(Department),
    "topics": TypeAdapter(Topic),
    "documents": TypeAdapter(Document),
}


def _add_errors(problems: Problems, exc: ValidationError, prefix: tuple[Any, ...] = ()) -> None:
    for error in exc.errors(include_url=False, include_input=False):
        problems.add(error_path(prefix + tuple(error["loc"])), validation_text(error))


async def check_format(raw: Any, problems: Problems) -> PolicyFile | None:
    """The file against the format (no database needed): the parsed file, or None with the errors
    added to `problems`. Record by record, handing the event loop back between slices."""
    if not isinstance(raw, dict):
        problems.add("(file)", _("expected a mapping at the top"))
        return None
    lists = {key: raw[key] for key in SECTIONS if isinstance(raw.get(key), list)}
    try:
        head = PolicyFile.model_validate({**raw, **{key: [] for key in lists}})
    except ValidationError as exc:
        _add_errors(problems, exc)
        head = None
    except RecursionError:
        problems.add("(file)", _("nested too deeply"))
        return None
    sections: dict[str, list[Any]] = {}
    with collector_paused():
        for key, items in lists.items():
            checked = []
            for index, item in enumerate(items):
                try:
                    checked.append(SECTIONS[key].validate_python(item))
                except ValidationError as exc:
                    _add_errors(problems, exc, (key, index))
                except RecursionError:
                    problems.add(f"{key}[{index}]", _("nested too deeply"))
                await breathe(index)
            sections[key] = checked
    if head is None or problems:
        return None
    return head.model_copy(update=sections)


async def structural_problems(raw: Any, known: Known, mode: Mode) -> Problems:
    """Every structural error in `raw`, given what the database already holds."""
    problems = Problems()
    await check_format(raw, problems)
    if isinstance(raw, dict):
        await reference_problems(raw, known, mode, problems)
    return problems


async def reference_problems(raw: dict[str, Any], known: Known, mode: Mode, problems: Problems) -> Problems:
    """Duplicates, unknown references and ids another framework owns (the schema aside)."""

    framework_id = (raw.get("framework") or {}).get("id") if isinstance(raw.get("framework"), dict) else None

    def in_db(table: dict[str, str | None], ident: str) -> bool:
        if ident not in table:
            return False
        # mode=replace deletes this framework's records that the file does not hold.
        return not (mode == Mode.replace and table[ident] == framework_id)

    in_file: dict[str, set[str]] = {}
    for record in kinds.RECORDS:
        key, ident, kind = record.section, record.key, record.name
        table = getattr(known, key)
        seen: dict[str, int] = {}
        for index, item in _entries(raw, key):
            await breathe(index)
            value = item.get(ident)
            if not isinstance(value, str):
                continue
            if value in seen:
                problems.add(
                    f"{key}[{index}].{ident}",
                    _(
                        "duplicate {kind} {key!r} (also {other})",
                        kind=kind_text(kind),
                        key=value,
                        other=f"{key}[{seen[value]}]",
                    ),
                )
            else:
                seen[value] = index
            owner = table.get(value)
            if value in table and owner != framework_id:
                problems.add(
                    f"{key}[{index}].{ident}",
                    _(
                        "{kind} {key!r} already belongs to framework {owner!r}",
                        kind=kind_text(kind),
                        key=value,
                        owner=owner,
                    ),
                )
        in_file[key] = set(seen)

    def check_refs(path: str, values: Iterable[tuple[int, str]], section: str, suffix: str = "") -> None:
        kind, table = kinds.BY_SECTION[section].name, getattr(known, section)
        counts: Counter[str] = Counter()
        for index, value in values:
            counts[value] += 1
            if counts[value] == 2:
                problems.add(f"{path}[{index}]{suffix}", _("duplicate {kind} {key!r}", kind=kind_text(kind), key=value))
            if value not in in_file[section] and not in_db(table, value):
                problems.add(f"{path}[{index}]{suffix}", _("unknown {kind} {key!r}", kind=kind_text(kind), key=value))

    for section, links in LINKS_OF.items():
        for index, item in _entries(raw, section):
            await breathe(index)
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
            problems.add("framework.issued_by", _("unknown {kind} {key!r}", kind=kind_text("department"), key=issuer))
    return problems


LOOKUP_BATCH = 10_000  # ids per lookup query: each is packed, sent and read in a few milliseconds


async def lookup_known(graph: Graph, raw: Any, tx: AsyncManagedTransaction | None = None) -> Known:
    """Which of the ids the file names the database holds, and in which framework; inside `tx`
    (an import's, holding the change log's lock) when given, so no write can slip in between.
    Looked up in batches, so no single call holds the event loop long."""
    wanted = {section: list(ids) for section, ids in (await referenced(raw)).items()}
    known = Known()
    longest = max(map(len, wanted.values()), default=0)
    for start in range(0, max(longest, 1), LOOKUP_BATCH):
        params = {
            "document_ids": wanted["documents"][start : start + LOOKUP_BATCH],
            "pillar_keys": wanted["pillars"][start : start + LOOKUP_BATCH],
            "department_ids": wanted["departments"][start : start + LOOKUP_BATCH],
            "topic_ids": wanted["topics"][start : start + LOOKUP_BATCH],
        }
        row = (await graph.run_in(tx, EXISTING, **params))[0] if tx else await graph.read_one(EXISTING, **params)
        assert row is not None
        for section in wanted:
            getattr(known, section).update({r["id"]: r["framework"] for r in row[section]})
        await breathe()
    return known


async def check_file(
    graph: Graph, raw: Any, mode: Mode, problems: Problems, *, references: bool = True
) -> tuple[PolicyFile | None, Known | None]:
    """The one check imports and bulk loads share: the format, then the references and ownership
    against the database as it is now (without the lock). Returns the parsed file (None when
    the format fails) and what the database holds (None when not looked up); every error is
    added to `problems`.

    `references=False` (an import) leaves a good file's references to the writing transaction,
    which checks them under the change log's lock. A refused file is still looked up, so every
    error is listed at once, unless it names so many ids that the lookup would cost more than a
    refusal should. `raw` must be v2 already (`v1.upgrade`)."""
    policy = await check_format(raw, problems)
    if not isinstance(raw, dict) or (policy is not None and not references):
        return policy, None
    if policy is None and sum(map(len, (await referenced(raw)).values())) > MAX_LOOKUP:
        return None, None
    known = await lookup_known(graph, raw)
    await reference_problems(raw, known, mode, problems)
    return policy, known
