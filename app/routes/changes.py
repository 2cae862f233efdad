"""The global change feed: every recorded write, oldest first, read on with `since`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import GraphDep
from app.model.edits import ChangeFeed
from app.routes import responses
from app.routes.params import Limit
from app.services import editing

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
    return await editing.changes(graph, since, limit)
