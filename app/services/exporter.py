"""Export one framework in the interchange format, every claim with its evidence; export then import
reproduces the graph."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator, Callable
from typing import Any, TextIO

import yaml
from pydantic import BaseModel

from policygraph import i18n
from policygraph.db import Graph
from policygraph.errors import NotFound
from policygraph.model.interchange import EVIDENCE_FIELDS, FORMAT, Department, Pillar
from policygraph.queries import named
from policygraph.services import linked_data, records
from policygraph.services.formats import FORMATS, FileFormat, Options

FRAMEWORK = named("export/framework")
PILLARS = named("export/pillars")
DEPARTMENTS = named("export/departments")
TOPICS = named("export/topics")
DOCUMENTS = named("export/documents")


async def require(graph: Graph, framework_id: str) -> None:
    """NotFound unless the framework exists (checked before an export starts answering)."""
    if await graph.read_one(FRAMEWORK, framework=framework_id) is None:
        raise NotFound("framework", framework_id)


def _framework(row: dict[str, Any]) -> BaseModel:
    return records.framework_from_props(row["framework"])


SECTIONS: dict[str, tuple[str, Callable[[dict[str, Any]], BaseModel]]] = {  # key -> (query, row -> record)
    "framework": (FRAMEWORK, _framework),
    "pillars": (PILLARS, lambda row: records.node_model(Pillar, row["pillar"])),
    "departments": (DEPARTMENTS, lambda row: records.node_model(Department, row["department"])),
    "topics": (TOPICS, records.topic_record),
    "documents": (DOCUMENTS, records.document_record),
}
QUERY_SECTION = {query: key for key, (query, _) in SECTIONS.items()}
TIMED = frozenset({TOPICS, DOCUMENTS})  # the queries that take as_of


async def records_of(
    graph: Graph, framework_id: str, as_of: dt.date | None = None
) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """(section, record as the file holds it) for the framework, section by section, as the
    database sends them: one read transaction, so the file is one consistent view. With as_of,
    the framework as it stood that day (documents in force or of unknown force, links among them)."""
    steps = [
        (query, {"framework": framework_id, **({"as_of": as_of} if query in TIMED else {})})
        for query, _ in SECTIONS.values()
    ]
    async for query, row in graph.stream(steps):
        section = QUERY_SECTION[query]
        record = SECTIONS[section][1](row)
        yield section, _evidence_last(record.model_dump(mode="json", exclude_none=True))


async def chunks(
    graph: Graph, framework_id: str, fmt: str = "yaml", as_of: dt.date | None = None
) -> AsyncIterator[str]:
    """The framework's file as text, a record at a time: the same text a dump of the whole file
    gives (JSON indented by 2, or YAML without aliases), in memory bounded by one record."""
    writer = _Json() if fmt == "json" else _Yaml()
    yield writer.open()
    yield writer.field("format", FORMAT)
    waiting = iter(LISTS)  # the list sections not yet opened, in the file's order
    opened = None
    async for section, record in records_of(graph, framework_id, as_of):
        if section == "framework":
            yield writer.field("framework", record)
            continue
        while opened != section:  # open it, closing the one before and any empty between
            if opened is not None:
                yield writer.end_list(opened)
            opened = next(waiting)
            yield writer.start_list(opened)
        yield writer.item(record)
    if opened is not None:
        yield writer.end_list(opened)
    for section in waiting:
        yield writer.start_list(section)
        yield writer.end_list(section)
    yield writer.close()


LISTS = ["pillars", "departments", "topics", "documents"]


class _Json:
    """json.dumps(data, indent=2, ensure_ascii=False), written a piece at a time."""

    def __init__(self) -> None:
        self.items = 0

    @staticmethod
    def _value(value: Any, depth: int) -> str:
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)

    def open(self) -> str:
        return "{"

    def field(self, key: str, value: Any) -> str:
        return f"\n  {json.dumps(key)}: {self._value(value, 1)},"

    def start_list(self, key: str) -> str:
        self.items = 0
        return f"\n  {json.dumps(key)}: ["

    def item(self, record: Any) -> str:
        self.items += 1
        return ("," if self.items > 1 else "") + "\n    " + self._value(record, 2)

    def end_list(self, key: str) -> str:
        empty = self.items == 0
        self.items = 0
        closing = "]" if empty else "\n  ]"
        return closing + ("" if key == LISTS[-1] else ",")

    def close(self) -> str:
        return "\n}\n"


class _Yaml:
    """yaml.dump(data, PlainDumper, sort_keys=False), written a piece at a time."""

    def __init__(self) -> None:
        self.items = 0
        self.key = ""

    @staticmethod
    def _dump(value: Any) -> str:
        return yaml.dump(value, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, width=4096)

    def open(self) -> str:
        return ""

    def field(self, key: str, value: Any) -> str:
        return self._dump({key: value})

    def start_list(self, key: str) -> str:
        self.items = 0
        self.key = key
        return ""

    def item(self, record: Any) -> str:
        self.items += 1
        return (f"{self.key}:\n" if self.items == 1 else "") + self._dump([record])

    def end_list(self, key: str) -> str:
        return f"{key}: []\n" if self.items == 0 else ""

    def close(self) -> str:
        return ""


async def file_data(graph: Graph, framework_id: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """The framework's interchange file as one mapping, for the formats built whole (`formats`)."""
    await require(graph, framework_id)
    data: dict[str, Any] = {"format": FORMAT}
    async for section, record in records_of(graph, framework_id, as_of):
        if section == "framework":
            data["framework"] = record
        else:
            data.setdefault(section, []).append(record)
    return data


async def built(graph: Graph, framework_id: str, fmt: FileFormat, ld_base: str, as_of: dt.date | None = None) -> bytes:
    """The framework in a format built whole (xlsx, csv, graphml, gexf, jsonld), in a worker thread
    (in the caller's language)."""
    data = await file_data(graph, framework_id, as_of)
    elsewhere = await linked_data.linked_elsewhere(graph, data) if fmt is FileFormat.jsonld else {}
    options = Options(i18n.current.get(), ld_base, elsewhere)
    build = FORMATS[fmt].build
    assert build is not None
    return await asyncio.to_thread(build, data, options)


async def write(graph: Graph, framework_id: str, out: TextIO, fmt: str = "yaml", as_of: dt.date | None = None) -> None:
    """The framework's file into `out` as it is read (the CLI's export, a backup)."""
    await require(graph, framework_id)
    async for piece in chunks(graph, framework_id, fmt, as_of):
        out.write(piece)


class PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases: a value used twice is written twice, since an import
    refuses aliases (app/services/validation.py)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _evidence_last(value: Any) -> Any:
    """Each claim's own fields first, its evidence (sources, certainty, reason) after them."""
    if isinstance(value, list):
        return [_evidence_last(item) for item in value]
    if not isinstance(value, dict):
        return value
    own = {k: _evidence_last(v) for k, v in value.items() if k not in EVIDENCE_FIELDS}
    return own | {k: value[k] for k in EVIDENCE_FIELDS if k in value}
