"""The global change feed: every recorded write, oldest first, read on with `since`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from policygraph.deps import GraphDep
from policygraph.model.edits import ChangeFeed
from policygraph.routes import responses
from policygraph.routes.params import Limit
from policygraph.services import history

router = APIRouter(prefix="/api/v1/changes", tags=["history"])


@router.get(
    "",
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
