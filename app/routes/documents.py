"""Documents: the list and search, one document, its lineage, dependents and neighbourhood."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Query, Response

from policygraph.deps import GraphDep, HeavyIfDeep, SettingsDep
from policygraph.errors import NotFound
from policygraph.model.api import Dependents, DocumentDetail, GraphView, Lineage, SearchPage, Timeline
from policygraph.model.edits import ChangePage, DocumentCreate, DocumentPatch, Written
from policygraph.model.impact import Action, Impact
from policygraph.model.interchange import Status, Tier
from policygraph.routes import responses
from policygraph.routes.params import (
    AsNetwork,
    AsOf,
    Framework,
    GraphDepth,
    Limit,
    MaxDepth,
    Offset,
    OnlyCertainty,
    Paths,
    ViewFormat,
)
from policygraph.security import WriteKey
from policygraph.services import editing, history, impact, kinds, linked_data, timeline, traversal

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])
DocId = Annotated[
    str,
    Path(
        max_length=200,
        description="Document id; a title, short title or 发文字号 redirects to it (307)",
        openapi_examples={"seed": {"summary": "城市基层党建 (a base document)", "value": "km-base-party-building"}},
    ),
]
NOT_FOUND = responses.not_found("document")


@router.get(
    "",
    response_model=SearchPage,
    summary="Documents, filtered and searched",
    description="Filters combine. `pillar`: documents that IMPLEMENTS that pillar directly (its "
    "base document and the documents filed under it); for everything that depends on the "
    "pillar's base document use `/api/v1/pillars/{key}/dependents`. `department`: documents it "
    "is responsible for, in any role. `q`: full-text search on the Chinese and English titles "
    "(CJK analyzer, so `q=党建` finds 党建 titles), best match first, then by tier; its `total` "
    "counts at most 1,000 matches (POLICYGRAPH_SEARCH_COUNTED; `total_exact: false` beyond: more than `total`). "
    "Without `q`, by id.",
)
async def list_documents(
    graph: GraphDep,
    settings: SettingsDep,
    framework: Framework = None,
    tier: Tier | None = None,
    status: Status | None = None,
    pillar: Annotated[str | None, Query(max_length=200, description="Pillar key")] = None,
    department: Annotated[str | None, Query(max_length=200, description="Department id")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words to find in titles")] = None,
    doc_number: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="发文字号 in any common variant: 〔〕, [], ［］, (), full- or half-width digits.",
            examples=["昆组通[2019]80号"],
        ),
    ] = None,
    as_of: AsOf = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> SearchPage:
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
        doc_number=doc_number,
        as_of=as_of,
        counted=settings.search_counted,
    )


@router.get(
    "/{doc_id}",
    response_model=DocumentDetail,
    summary="One document",
    description="The `ETag` header names this version; send it back in `If-Match` with PATCH or DELETE. "
    "`Accept: application/ld+json`: the document as linked data (ELI terms; docs/interchange-format.md).",
    responses={**NOT_FOUND, 200: {"content": {linked_data.MEDIA_TYPE: {}}}},
)
async def get_document(
    graph: GraphDep,
    settings: SettingsDep,
    doc_id: DocId,
    response: Response,
    accept: Annotated[str | None, Header(max_length=1000, include_in_schema=False)] = None,
) -> DocumentDetail | Response:
    if accept and linked_data.MEDIA_TYPE in accept.lower():
        found = await linked_data.of_document(graph, doc_id, settings.ld_base)
        if found is None:
            raise NotFound("document", doc_id)
        return responses.JsonLdResponse(found, headers={"Vary": "Accept"})
    response.headers["Vary"] = "Accept"
    return await _detail(graph, doc_id, response)


async def _detail(graph: GraphDep, doc_id: str, response: Response) -> DocumentDetail:
    detail = await traversal.document(graph, doc_id)
    response.headers["ETag"] = editing.detail_etag(detail)
    return detail


@router.get(
    "/{doc_id}/lineage",
    response_model=Lineage,
    summary="Everything the document rests on, up to the guiding documents",
    dependencies=[HeavyIfDeep],
    responses={**NOT_FOUND, **responses.NETWORK_FILES},
)
async def lineage(
    graph: GraphDep,
    doc_id: DocId,
    max_depth: MaxDepth = 10,
    paths: Paths = False,
    certainty: OnlyCertainty = None,
    as_of: AsOf = None,
    fmt: AsNetwork = ViewFormat.json,
) -> Lineage | Response:
    found = await traversal.lineage(graph, doc_id, max_depth, paths, certainty, as_of)
    return await responses.answer_or_network(graph, found, fmt, f"{doc_id}-lineage")


@router.get(
    "/{doc_id}/dependents",
    response_model=Dependents,
    summary="Downstream impact: every record depending on this one (its basis or its place)",
    dependencies=[HeavyIfDeep],
    responses={**NOT_FOUND, **responses.NETWORK_FILES},
)
async def dependents(
    graph: GraphDep,
    doc_id: DocId,
    max_depth: MaxDepth = 10,
    limit: Limit = 50,
    offset: Offset = 0,
    paths: Paths = False,
    certainty: OnlyCertainty = None,
    as_of: AsOf = None,
    fmt: AsNetwork = ViewFormat.json,
) -> Dependents | Response:
    found = await traversal.dependents(graph, doc_id, max_depth, offset, limit, paths, certainty, as_of)
    return await responses.answer_or_network(graph, found, fmt, f"{doc_id}-dependents")


@router.get(
    "/{doc_id}/graph",
    response_model=GraphView,
    summary="The document's neighbourhood as nodes and edges, for drawing (or as GraphML or GEXF)",
    dependencies=[HeavyIfDeep],
    responses={**NOT_FOUND, **responses.NETWORK_FILES},
)
async def neighbourhood(
    graph: GraphDep,
    doc_id: DocId,
    depth: GraphDepth = 2,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most nodes to return")] = 200,
    as_of: AsOf = None,
    fmt: AsNetwork = ViewFormat.json,
) -> GraphView | Response:
    view = await traversal.neighbourhood(graph, doc_id, depth, limit, as_of)
    return await responses.answer_or_network(graph, view, fmt, f"{doc_id}-graph")


@router.get(
    "/{doc_id}/impact",
    response_model=Impact,
    summary="What repealing or amending the document would touch: dependents, departments, pillars, audit",
    description="The dry run of the edit that records the action (status repealed or amended): the documents "
    "resting on it with distance and path, the departments to tell (lead or joint) and the pillars, the links "
    "that would become suspect, the documents anchored only through it (`only_anchor`) and the audit's delta. "
    "Nothing is written. `format=csv` gives a worklist, one row per department and document.",
    responses={**NOT_FOUND, 200: {"content": {"application/json": {}, "text/csv": {}}}},
)
async def document_impact(
    graph: GraphDep,
    settings: SettingsDep,
    doc_id: DocId,
    action: Annotated[Action, Query(description="repeal (default) or amend")] = "repeal",
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv")] = "json",
) -> Impact | Response:
    found = await impact.of_document(graph, doc_id, action, audit_documents=settings.dry_run_audit_documents)
    if format == "csv":
        return responses.csv_download(impact.worklist_csv(found), f"impact-{action}-{doc_id}", found.total)
    return found


# ---- writes (X-API-Key) ------------------------------------------------------------------

IfMatch = Annotated[str | None, Header(max_length=200, description="The ETag you read; 412 when it is stale.")]
Force = Annotated[bool, Query(description="Delete even though documents rest on it (their links go too).")]
WRITE_ERRORS = responses.WRITE


@router.post(
    "",
    response_model=DocumentDetail,
    status_code=201,
    summary="Create a document (an interchange-format document plus `framework`)",
    responses=WRITE_ERRORS,
)
async def create_document(graph: GraphDep, actor: WriteKey, body: DocumentCreate, response: Response) -> DocumentDetail:
    saved = await editing.create_document(graph, body, actor)
    response.headers["Location"] = f"/api/v1/documents/{saved.record.id}"
    return await _detail(graph, saved.record.id, response)


@router.patch(
    "/{doc_id}",
    response_model=DocumentDetail,
    summary="Change a document: only the fields sent; `based_on`, `implements`, `responsible` replace its links",
    description="A change of title, status or effective dates makes every document based on this one "
    "suspect until it is reviewed (`POST .../review`).",
    responses={**NOT_FOUND, **WRITE_ERRORS},
)
async def update_document(
    graph: GraphDep, actor: WriteKey, doc_id: DocId, body: DocumentPatch, response: Response, if_match: IfMatch = None
) -> DocumentDetail:
    await editing.update_document(graph, doc_id, body, if_match, actor)
    return await _detail(graph, doc_id, response)


@router.delete(
    "/{doc_id}",
    response_model=Written,
    summary="Delete a document (refused while others are based on it, unless force=true)",
    responses={**NOT_FOUND, **WRITE_ERRORS},
)
async def delete_document(
    graph: GraphDep, actor: WriteKey, doc_id: DocId, force: Force = False, if_match: IfMatch = None
) -> Written:
    return await editing.delete(graph, kinds.DOCUMENT, doc_id, force, actor, if_match)


@router.post(
    "/{doc_id}/review",
    response_model=Written,
    summary="Review a document: clear its suspect links (bases that changed since)",
    responses={**NOT_FOUND, **WRITE_ERRORS},
)
async def review_document(graph: GraphDep, actor: WriteKey, doc_id: DocId) -> Written:
    return await editing.review_document(graph, doc_id, actor)


@router.get(
    "/{doc_id}/history",
    response_model=ChangePage,
    summary="Every recorded change of a document, newest first: who, when, before and after",
    responses=NOT_FOUND,
)
async def document_history(graph: GraphDep, doc_id: DocId, limit: Limit = 50, offset: Offset = 0) -> ChangePage:
    return await history.history(graph, kinds.DOCUMENT, doc_id, offset, limit)


@router.get(
    "/{doc_id}/timeline",
    response_model=Timeline,
    summary="A document's life in date order: issued, in force, amendments, repeal, replacement, recorded edits",
    responses=NOT_FOUND,
)
async def document_timeline(graph: GraphDep, doc_id: DocId) -> Timeline:
    return await timeline.timeline(graph, doc_id)
