"""Documents: the list and search, one document, its lineage, dependents and neighbourhood."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.deps import GraphDep
from app.model.api import Dependents, DocumentDetail, GraphView, Lineage, Page, SearchItem
from app.model.interchange import Status, Tier
from app.routes.params import Framework, GraphDepth, Limit, MaxDepth, Offset, Paths
from app.services import traversal

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])
DocId = Annotated[str, Path(max_length=200, description="Document id", examples=["km-base-party-building"])]
NOT_FOUND = {404: {"description": "Unknown document"}}


@router.get(
    "",
    response_model=Page[SearchItem],
    summary="Documents, filtered and searched",
    description="Filters combine. `pillar`: documents that IMPLEMENTS that pillar directly (its "
    "base document and the documents filed under it); for everything that depends on the "
    "pillar's base document use `/api/v1/pillars/{key}/dependents`. `department`: documents it "
    "is responsible for, in any role. `q`: full-text search on the Chinese and English titles "
    "(CJK analyzer, so `q=党建` finds 党建 titles), best match first; without `q`, by id.",
)
async def list_documents(
    graph: GraphDep,
    framework: Framework = None,
    tier: Tier | None = None,
    status: Status | None = None,
    pillar: Annotated[str | None, Query(max_length=200, description="Pillar key")] = None,
    department: Annotated[str | None, Query(max_length=200, description="Department id")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words to find in titles")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[SearchItem]:
    return await traversal.documents(
        graph,
        framework=framework,
        tier=tier.value if tier else None,
        status=status.value if status else None,
        pillar=pillar,
        department=department,
        q=q,
        offset=offset,
        limit=limit,
    )


@router.get("/{doc_id}", response_model=DocumentDetail, summary="One document", responses=NOT_FOUND)
async def get_document(graph: GraphDep, doc_id: DocId) -> DocumentDetail:
    return await traversal.document(graph, doc_id)


@router.get(
    "/{doc_id}/lineage",
    response_model=Lineage,
    summary="Everything the document rests on, up to the guiding documents",
    responses=NOT_FOUND,
)
async def lineage(graph: GraphDep, doc_id: DocId, max_depth: MaxDepth = 10, paths: Paths = False) -> Lineage:
    return await traversal.lineage(graph, doc_id, max_depth, paths)


@router.get(
    "/{doc_id}/dependents",
    response_model=Dependents,
    summary="Downstream impact: every document resting on this one",
    responses=NOT_FOUND,
)
async def dependents(
    graph: GraphDep,
    doc_id: DocId,
    max_depth: MaxDepth = 10,
    limit: Limit = 50,
    offset: Offset = 0,
    paths: Paths = False,
) -> Dependents:
    return await traversal.dependents(graph, doc_id, max_depth, offset, limit, paths)


@router.get(
    "/{doc_id}/graph",
    response_model=GraphView,
    summary="The document's neighbourhood as nodes and edges, for drawing",
    responses=NOT_FOUND,
)
async def neighbourhood(
    graph: GraphDep,
    doc_id: DocId,
    depth: GraphDepth = 2,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most nodes to return")] = 200,
) -> GraphView:
    return await traversal.neighbourhood(graph, doc_id, depth, limit)
