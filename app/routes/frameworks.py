"""Frameworks and their declared-versus-recorded statistics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from policygraph.deps import GraphDep
from policygraph.model.api import FrameworkItem, FrameworkStats, Page
from policygraph.routes import responses
from policygraph.routes.params import AsOf
from policygraph.services import frameworks

router = APIRouter(prefix="/api/v1", tags=["frameworks"])


@router.get("/frameworks", response_model=Page[FrameworkItem], summary="The frameworks held")
async def list_frameworks(graph: GraphDep) -> Page[FrameworkItem]:
    items = await frameworks.list_frameworks(graph)
    return Page(items=items, total=len(items))


@router.get(
    "/stats",
    response_model=Page[FrameworkStats],
    summary="Declared targets beside recorded counts, by tier and status",
    responses=responses.not_found("framework"),
)
async def stats(
    graph: GraphDep,
    framework: Annotated[
        str | None, Query(min_length=1, max_length=200, description="One framework id; all when omitted.")
    ] = None,
    as_of: AsOf = None,
) -> Page[FrameworkStats]:
    items = await frameworks.stats(graph, framework, as_of)
    return Page(items=items, total=len(items))
