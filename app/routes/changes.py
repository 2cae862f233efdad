"""The global change feed: every recorded write, oldest first, read on with `since`; and the diff
between two points (days or change numbers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from policygraph.deps import GraphDep, Heavy
from policygraph.model.api import Diff
from policygraph.model.edits import ChangeFeed
from policygraph.routes import responses
from policygraph.routes.params import Framework, Limit
from policygraph.services import history, timeline

router = APIRouter(prefix="/api/v1", tags=["history"])


@router.get(
    "/changes",
    response_model=ChangeFeed,
    summary="Changes after `since` (a change number or an ISO date-time), oldest first",
    responses=responses.UNPROCESSABLE,
)
async def list_changes(
    graph: GraphDep,
    since: Annotated[
        str | None, Query(max_length=64, description="A change number (next_since) or an ISO date-time.")
    ] = None,
    limit: Limit = 100,
) -> ChangeFeed:
    return await history.changes(graph, since, limit)


Point = Annotated[str, Query(min_length=1, max_length=32, description="A day (YYYY-MM-DD) or a change number.")]


@router.get(
    "/diff",
    response_model=Diff,
    response_model_by_alias=True,
    dependencies=[Heavy],
    summary="What changed between two days or two change numbers: documents and links added, removed, changed",
    description="Two days: the register as it stood on each (the `as_of` rules): documents that came into force "
    "or left it, documents whose status or force changed or that were amended in between, and the BASED_ON and "
    "PLACED_UNDER links whose ends were in force on one day and not the other. Two change numbers: the edits "
    "recorded after `from` up to `to`, composed per document (first before, last after). Each list holds at "
    "most 1,000 items and says its total.",
    responses=responses.UNPROCESSABLE,
)
async def diff(
    graph: GraphDep,
    start: Annotated[str, Query(alias="from", min_length=1, max_length=32, description="A day or a change number.")],
    to: Point,
    framework: Framework = None,
) -> Diff:
    return await timeline.diff(graph, start, to, framework)
