"""Records by name: a document by its title, short title or 发文字号, a pillar or a department by
its name. The API's paths take ids; when one names no record, the HTTP mapping asks here
(`policygraph.handlers`): one record by that name redirects to its id, several are listed, none
gets the nearest names (full-text for documents). The ids' own path costs nothing extra.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policygraph.db import Graph
from policygraph.model import doc_number
from policygraph.queries import named
from policygraph.services import kinds
from policygraph.services.traversal import lucene_literal

DOCUMENT = named("names/document")
DOCUMENT_NEAREST = named("names/document_nearest")
BY_KIND = {"pillar": named("names/pillar"), "department": named("names/department")}
MOST = 10  # candidates listed; an 11th says there are more
# The kinds with names, and where the API keeps each (its path segment is the kind's section).
COLLECTIONS = {kind.name: kind.section for kind in (kinds.DOCUMENT, kinds.PILLAR, kinds.DEPARTMENT)}


@dataclass(frozen=True)
class Found:
    """What a name names: `matches` (exact; one means it is that record) and `nearest` (none matched)."""

    matches: list[dict[str, Any]] = field(default_factory=list)
    nearest: list[dict[str, Any]] = field(default_factory=list)


def _clean(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in row.items() if key != "exact"} for row in rows]


async def find(graph: Graph, kind: str, name: str) -> Found | None:
    """The records `name` names, for a kind that has names (None for the others)."""
    if kind == "document":
        key = doc_number.lookup_key(name) if doc_number.parse(name) else None
        row = await graph.read_one(DOCUMENT, term=name, number_key=key)
        matches = row["matches"] if row else []
        if matches:
            return Found(matches=matches)
        near = await graph.read_one(DOCUMENT_NEAREST, q=lucene_literal(name)) if name.strip() else None
        return Found(nearest=near["matches"] if near else [])
    if kind in BY_KIND:
        row = await graph.read_one(BY_KIND[kind], term=name)
        return Found(_clean(row["matches"]), _clean(row["nearest"])) if row else Found()
    return None
