"""Analytics over a whole framework: the documents that hold it up."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from policygraph.deps import GraphDep, Heavy
from policygraph.model.impact import Critical
from policygraph.routes import responses
from policygraph.routes.params import Limit, Offset
from policygraph.services import critical

router = APIRouter(prefix="/api/v1/analytics", tags=["analytics"])


@router.get(
    "/critical",
    response_model=Critical,
    summary="The documents that hold a framework up, ranked by what their loss would cost",
    description="Every document of the framework, most critical first: `dependents` (documents resting on it, "
    "transitively), then `only_anchor` (documents for which it is on every path to a guiding document), then "
    "`pillars` (implemented by it or by a document resting on it). Computed in one pass over the framework and "
    "kept until the next write.",
    dependencies=[Heavy],
    responses={**responses.not_found("framework"), **responses.UNPROCESSABLE},
)
async def critical_documents(
    graph: GraphDep,
    framework: Annotated[str, Query(min_length=1, max_length=200, description="Framework id, e.g. kunming-1-7-n")],
    limit: Limit = 50,
    offset: Offset = 0,
) -> Critical:
    return await critical.critical(graph, framework, offset, limit)
