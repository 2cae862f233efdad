"""Reads over the graph: pillars, lineage, dependents, documents, departments, neighbourhoods.

Each function runs one named query and shapes its rows into response models; a missing id or
key raises NotFound. Traversals use shortest paths, so a cycle neither hangs nor repeats.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from policygraph.db import Graph
from policygraph.errors import NotFound
from policygraph.model import api
from policygraph.model.doc_number import lookup_key
from policygraph.model.interchange import Certainty, Status, Tier
from policygraph.queries import named
from policygraph.services.records import CHANGE_LINKS, evidence_from_props, native_all, node_record

PILLARS = named("pillars")
PILLAR_DEPENDENTS = named("pillar_dependents")
LINEAGE = named("lineage")
DEPENDENTS = named("dependents")
DOCUMENT = named("document")
DOCUMENTS = named("documents")
DOCUMENTS_SEARCH = named("documents_search")
DEPARTMENTS = named("departments")
DEPARTMENT_DOCUMENTS = named("department_documents")
DOCUMENT_GRAPH = named("document_graph")

MAX_DEPTH = 50  # the queries' literal bound ({1,50}); the API refuses more
GRAPH_MAX_DEPTH = 5  # document_graph's hops, written out one by one
GRAPH_VISIT = 2000  # links document_graph reads per hop at most: its work is bounded, whatever the limit


def lucene_literal(text: str) -> str:
    """`q` as plain words for Lucene: each word a quoted phrase, all required (AND).

    Quoting makes operators (AND, OR, NOT), wildcards and brackets literal text."""
    words = [re.sub(r'(["\\])', r"\\\1", word) for word in text.split()]
    return " AND ".join(f'"{word}"' for word in words)


def followed(certainty: Certainty | None) -> list[str]:
    """The certainties a traversal follows: only stated claims, or every claim."""
    return [Certainty.stated.value] if certainty == Certainty.stated else [c.value for c in Certainty]


def _walk(max_depth: int, paths: bool, certainty: Certainty | None, as_of: dt.date | None) -> dict[str, Any]:
    """The parameters every traversal query takes: how deep, with paths or not, which claims it
    follows, and on which day."""
    return {"max_depth": max_depth, "paths": paths, "certainties": followed(certainty), "as_of": as_of}


def _strip_paths(items: list[dict[str, Any]], paths: bool) -> list[dict[str, Any]]:
    if not paths:
        for item in items:
            item["path"] = None
    return items


async def pillars(graph: Graph, framework: str | None = None) -> list[api.PillarItem]:
    rows = await graph.read(PILLARS, framework=framework)
    return [
        api.PillarItem(
            **row["pillar"],
            base_document=row["base_documents"][0] if row["base_documents"] else None,
            base_documents=row["base_documents"],
        )
        for row in rows
    ]


async def pillar_dependents(
    graph: Graph,
    key: str,
    max_depth: int,
    tiers: list[str] | None,
    statuses: list[str] | None,
    offset: int,
    limit: int,
    paths: bool,
    certainty: Certainty | None = None,
    as_of: dt.date | None = None,
) -> api.PillarDependents:
    row = await graph.read_one(
        PILLAR_DEPENDENTS,
        key=key,
        tiers=tiers or None,
        statuses=statuses or None,
        offset=offset,
        limit=limit,
        **_walk(max_depth, paths, certainty, as_of),
    )
    if row is None:
        raise NotFound("pillar", key)
    bases = row["base_documents"]
    return api.PillarDependents(
        pillar=row["pillar"],
        base_document=bases[0] if bases else None,
        items=_strip_paths(row["items"], paths),
        total=row["total"],
    )


async def lineage(
    graph: Graph,
    doc_id: str,
    max_depth: int,
    paths: bool,
    certainty: Certainty | None = None,
    as_of: dt.date | None = None,
) -> api.Lineage:
    row = await graph.read_one(LINEAGE, id=doc_id, **_walk(max_depth, paths, certainty, as_of))
    if row is None:
        raise NotFound("document", doc_id)
    return api.Lineage(
        document=row["document"],
        ancestors=_strip_paths(row["ancestors"], paths),
        pillars=row["pillars"],
        guiding=_strip_paths(row["guiding"], paths),
    )


async def dependents(
    graph: Graph,
    doc_id: str,
    max_depth: int,
    offset: int,
    limit: int,
    paths: bool,
    certainty: Certainty | None = None,
    as_of: dt.date | None = None,
) -> api.Dependents:
    row = await graph.read_one(
        DEPENDENTS, id=doc_id, offset=offset, limit=limit, **_walk(max_depth, paths, certainty, as_of)
    )
    if row is None:
        raise NotFound("document", doc_id)
    return api.Dependents(document=row["document"], items=_strip_paths(row["items"], paths), total=row["total"])


async def document(graph: Graph, doc_id: str) -> api.DocumentDetail:
    row = await graph.read_one(DOCUMENT, id=doc_id)
    if row is None:
        raise NotFound("document", doc_id)
    links = {
        field: [{**native_all(item), **evidence_from_props(item)} for item in row[field]]
        for field in ("pillars", "based_on", "placed_under", "covers", "responsible", "changes", "changed_by")
    }
    changes = links.pop("changes")
    for field in CHANGE_LINKS:
        links[field] = [item for item in changes if item["change"] == field.upper()]
    props = row["document"]
    record = node_record(props)
    return api.DocumentDetail.model_validate(
        {
            **record,
            "framework": props.get("framework"),
            **links,
            "dependents_count": row["dependents_count"],
            "status": row["status"],
            "recorded_status": record.get("status"),
            "in_force": row["in_force"],
            "doc_number_parts": {  # as derived on write (records.document_derived)
                "normalized": props["doc_number_key"],
                "issuer": props["doc_issuer"],
                "year": props["doc_year"],
                "seq": props["doc_seq"],
            }
            if props.get("doc_issuer")
            else None,
            "period": {"start": props["period_start"], "end": props["period_end"]}
            if props.get("period_start")
            else None,
            "provisional": bool(props.get("provisional")),
        }
    )


async def documents(
    graph: Graph,
    *,
    framework: str | None,
    tier: str | None,
    status: str | None,
    pillar: str | None,
    department: str | None,
    q: str | None,
    offset: int,
    limit: int,
    doc_number: str | None = None,
    as_of: dt.date | None = None,
    counted: int = 1000,
) -> api.SearchPage:
    filters = {
        "framework": framework,
        "tier": tier,
        "status": status,
        "pillar": pillar,
        "department": department,
        "doc_number": lookup_key(doc_number) if doc_number else None,
        "as_of": as_of,
        "offset": offset,
        "limit": limit,
    }
    query = lucene_literal(q) if q else ""
    if query:
        # Hits are read best first and counted only so far: exact up to `counted`, then "more".
        counted = max(counted, offset + limit)
        unfiltered = all(v is None for k, v in filters.items() if k not in {"offset", "limit"})
        options = {"limit": counted + 1} if unfiltered else {}
        row = await graph.read_one(DOCUMENTS_SEARCH, q=query, options=options, counted=counted, **filters)
        assert row is not None
        exact = row["found"] <= counted
        return api.SearchPage(items=row["items"], total=min(row["found"], counted), total_exact=exact)
    else:
        # Lists of values let the planner seek the tier/status index instead of scanning.
        listed = {k: v for k, v in filters.items() if k not in {"tier", "status"}}
        row = await graph.read_one(
            DOCUMENTS,
            tiers=[tier] if tier else [t.value for t in Tier],
            statuses=[status] if status else [s.value for s in Status],
            **listed,
        )
    assert row is not None
    return api.SearchPage(items=row["items"], total=row["total"])


async def departments(graph: Graph, framework: str | None = None) -> list[api.DepartmentItem]:
    return [api.DepartmentItem(**row["department"]) for row in await graph.read(DEPARTMENTS, framework=framework)]


async def department_documents(graph: Graph, dep_id: str, offset: int, limit: int) -> api.DepartmentDocuments:
    row = await graph.read_one(DEPARTMENT_DOCUMENTS, id=dep_id, offset=offset, limit=limit)
    if row is None:
        raise NotFound("department", dep_id)
    return api.DepartmentDocuments(department=row["department"], items=row["items"], total=row["total"])


async def neighbourhood(
    graph: Graph, doc_id: str, depth: int, limit: int, as_of: dt.date | None = None
) -> api.GraphView:
    row = await graph.read_one(DOCUMENT_GRAPH, id=doc_id, depth=depth, limit=limit, visit=GRAPH_VISIT, as_of=as_of)
    if row is None:
        raise NotFound("document", doc_id)
    return api.GraphView(**native_all(row))
