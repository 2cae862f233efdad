"""Pillars and the headline query: everything that depends on a pillar's base document."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from policygraph.deps import GraphDep, HeavyIfDeep
from policygraph.model.api import Page, PillarDependents, PillarItem
from policygraph.model.edits import PillarCreate, PillarPatch, Written
from policygraph.model.interchange import Pillar, Status, Tier
from policygraph.routes import responses
from policygraph.routes.documents import WRITE_ERRORS, Force
from policygraph.routes.params import (
    AsNetwork,
    AsOf,
    Framework,
    Limit,
    MaxDepth,
    Offset,
    OnlyCertainty,
    Paths,
    ViewFormat,
)
from policygraph.security import WriteKey
from policygraph.services import editing, kinds, traversal

router = APIRouter(prefix="/api/v1/pillars", tags=["pillars"])
NOT_FOUND = responses.not_found("pillar")
Key = Annotated[
    str,
    Path(
        max_length=200,
        description="Pillar key; a pillar's name redirects to it (307)",
        openapi_examples={"seed": {"summary": "党委领导", "value": "party-leadership"}},
    ),
]


@router.get("", response_model=Page[PillarItem], summary="The pillars in order, with their base documents")
async def list_pillars(graph: GraphDep, framework: Framework = None) -> Page[PillarItem]:
    items = await traversal.pillars(graph, framework)
    return Page(items=items, total=len(items))


@router.get(
    "/{key}/dependents",
    response_model=PillarDependents,
    summary="Every document that depends on the pillar's base document",
    dependencies=[HeavyIfDeep],
    description="Documents and topics with a chain to the pillar's base document over BASED_ON (their "
    "own basis), PLACED_UNDER (the scheme's placement) and COVERS, each with its shortest `distance`, "
    "nearest first, its `certainty` (stated only when every link on some chain is stated) and its "
    "`relation` (basis or structure). `certainty=stated` follows stated claims only. `tier` and "
    "`status` may repeat; either leaves topics out. `format=graphml` or `gexf`: the pillar, its base "
    "document and this page's dependents, with every link among them, as a network file.",
    responses={**NOT_FOUND, **responses.NETWORK_FILES},
)
async def pillar_dependents(
    graph: GraphDep,
    key: Key,
    max_depth: MaxDepth = 10,
    tier: Annotated[list[Tier] | None, Query(description="Only these tiers")] = None,
    status: Annotated[list[Status] | None, Query(description="Only these statuses")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    paths: Paths = False,
    certainty: OnlyCertainty = None,
    as_of: AsOf = None,
    fmt: AsNetwork = ViewFormat.json,
) -> PillarDependents | Response:
    found = await traversal.pillar_dependents(
        graph,
        key,
        max_depth,
        [t.value for t in tier] if tier else None,
        [s.value for s in status] if status else None,
        offset,
        limit,
        paths,
        certainty,
        as_of,
    )
    return await responses.answer_or_network(graph, found, fmt, f"{key}-dependents")


@router.post("", response_model=Pillar, status_code=201, summary="Create a pillar", responses=WRITE_ERRORS)
async def create_pillar(graph: GraphDep, actor: WriteKey, body: PillarCreate) -> Pillar:
    return (await editing.create_node(graph, kinds.PILLAR, body, actor)).record


@router.patch("/{key}", response_model=Pillar, summary="Change a pillar", responses={**NOT_FOUND, **WRITE_ERRORS})
async def update_pillar(graph: GraphDep, actor: WriteKey, key: Key, body: PillarPatch) -> Pillar:
    return (await editing.update_node(graph, kinds.PILLAR, key, body, actor)).record


@router.delete(
    "/{key}",
    response_model=Written,
    summary="Delete a pillar (refused while documents implement it, unless force=true)",
    responses={**NOT_FOUND, **WRITE_ERRORS},
)
async def delete_pillar(graph: GraphDep, actor: WriteKey, key: Key, force: Force = False) -> Written:
    return await editing.delete(graph, kinds.PILLAR, key, force, actor)
