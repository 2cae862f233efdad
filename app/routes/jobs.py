"""Jobs: imports too large for one request, followed until they finish (app/jobs.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from policygraph import jobs
from policygraph.deps import GraphDep
from policygraph.errors import NotFound
from policygraph.routes import responses

router = APIRouter(prefix="/api/v1/jobs", tags=["import/export"])


@router.get(
    "/{job_id}",
    response_model=jobs.JobView,
    summary="A job's state, progress (records done / total) and, once finished, its outcome",
    responses={**responses.not_found("job"), **responses.UNPROCESSABLE},
)
async def job(
    graph: GraphDep,
    job_id: Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$", description="The id from the 202 answer")],
) -> jobs.JobView:
    found = await jobs.find(graph, job_id)
    if found is None:
        raise NotFound("job", job_id)
    return found
