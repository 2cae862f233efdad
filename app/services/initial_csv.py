"""A validated file as the CSV `neo4j-admin database import full` reads (an initial load).

The rows are `bulk.rows_of`'s, the ones a bulk load's statements write, so both paths store the
same labels, properties and types. One CSV per kind of node and link, its header typed from the
values: `id:ID(Document)`, `title:string`, `in_force_from:date`, `provisional:boolean`,
`order:long`; a property a row lacks is an empty field (no property), an empty string is `""`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policygraph.model.interchange import PolicyFile
from policygraph.services import bulk, records

# Between a node's labels in the :LABEL column (neo4j-admin's --array-delimiter). Only the fixed
# tier labels use it; no property is a list.
ARRAY_DELIMITER = "\x1f"
ADMIN_ARRAY_DELIMITER = "U+001F"


class NotImportable(ValueError):
    """A value the CSV cannot carry with its exact type (the bulk load is the way for it)."""


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dt.datetime):
        raise NotImportable(f"a date-time value ({value!r})")
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, str):  # enums are str enums: stored as their value
        return "string"
    raise NotImportable(f"a value of type {type(value).__name__} ({value!r})")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass
class Part:
    """The CSV one file became, and what the import will create from it."""

    source: str
    result: bulk.BulkResult
    changes: bool  # it holds AMENDS/REPEALS/REPLACES links: lifecycle/refresh runs after the import
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    multiline: bool = False  # a value holds a line break (neo4j-admin --multiline-fields)
    ids: dict[str, list[str]] = field(default_factory=dict)  # id space -> the ids it creates


class Writer:
    def __init__(self, folder: Path, part: Part) -> None:
        self.folder, self.part = folder, part
        folder.mkdir(parents=True, exist_ok=True)

    def table(
        self,
        name: str,
        lead: list[tuple[str, Callable[[dict[str, Any]], str]]],
        rows: list[dict[str, Any]],
        props: Callable[[dict[str, Any]], dict[str, Any]],
        *,
        skip: Iterable[str] = (),
    ) -> Path | None:
        """Write `rows` as `name`.csv: the `lead` columns (header, cell), then one typed column
        per property any row has. None when there are no rows."""
        if not rows:
            return None
        types: dict[str, str] = {}
        for row in rows:
            for key, value in props(row).items():
                kind = _type(value.value if isinstance(value, enum.Enum) else value)
                if types.setdefault(key, kind) != kind:
                    raise NotImportable(f"property {key!r} holds both {types[key]} and {kind} values")
        for key in skip:
            types.pop(key, None)
        columns = sorted(types)
        path = self.folder / f"{name}.csv"
        multiline = False
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(",".join([header for header, _ in lead] + [f"{key}:{types[key]}" for key in columns]) + "\n")
            for row in rows:
                values = props(row)
                line = ",".join([cell(row) for _, cell in lead] + [_cell(values.get(key)) for key in columns])
                if not multiline and ("\n" in line or "\r" in line):
                    multiline = True
                out.write(line + "\n")
        self.part.multiline |= multiline
        return path

    def nodes(
        self,
        name: str,
        space: str,
        key: str,
        rows: list[dict[str, Any]],
        labels: Callable[[dict[str, Any]], str],
        props: Callable[[dict[str, Any]], dict[str, Any]] = lambda row: row,
    ) -> None:
        self.part.ids[space] = [props(row)[key] for row in rows]
        lead = [(f"{key}:ID({space})", lambda row: _quoted(props(row)[key])), (":LABEL", labels)]
        path = self.table(name, lead, rows, props, skip=[key])
        if path:
            self.part.nodes.append(path)

    def links(self, name: str, start: str, end: str, rows: list[dict[str, Any]], kind: str | None = None) -> None:
        lead = [
            (f":START_ID({start})", lambda row: _quoted(row["source"])),
            (f":END_ID({end})", lambda row: _quoted(row["target"])),
            (":TYPE", (lambda row: kind) if kind else (lambda row: row["type"])),
        ]
        path = self.table(name, lead, rows, lambda row: row["props"])
        if path:
            self.part.relationships.append(path)


def write(policy: PolicyFile, folder: Path, source: str) -> Part:
    """The CSV for one validated file, in `folder`."""
    planned = bulk.plan(policy)
    rows = planned.rows
    part = Part(source=source, result=planned.result, changes=bool(rows[bulk.CHANGES]))
    out = Writer(folder, part)
    out.nodes("framework", "Framework", "id", [records.framework_props(policy.framework)], lambda row: "Framework")
    out.nodes("pillars", "Pillar", "key", planned.pillars, lambda row: "Pillar")
    out.nodes("departments", "Department", "id", planned.departments, lambda row: "Department")
    out.nodes("topics", "Topic", "id", rows[bulk.TOPICS], lambda row: "Topic")
    out.nodes(
        "documents",
        "Document",
        "id",
        rows[bulk.DOCUMENTS],
        lambda row: ARRAY_DELIMITER.join(["Document", *row["labels"]]),
        lambda row: row["props"],
    )
    out.links("based_on", "Document", "Document", rows[bulk.BASED_ON], "BASED_ON")
    out.links("placed_under", "Document", "Document", rows[bulk.PLACED_UNDER], "PLACED_UNDER")
    out.links("implements", "Document", "Pillar", rows[bulk.IMPLEMENTS], "IMPLEMENTS")
    topic_links = rows[bulk.TOPIC_LINKS]
    out.links("topic_placed_under", "Topic", "Document", [r for r in topic_links if r["type"] == "PLACED_UNDER"])
    out.links("topic_implements", "Topic", "Pillar", [r for r in topic_links if r["type"] == "IMPLEMENTS"])
    out.links("covers", "Document", "Topic", rows[bulk.COVERS], "COVERS")
    out.links("responsible", "Department", "Document", rows[bulk.RESPONSIBLE], "RESPONSIBLE_FOR")
    out.links("changes", "Document", "Document", rows[bulk.CHANGES])
    return part
