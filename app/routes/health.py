"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from policygraph.deps import GraphDep, SettingsDep
from policygraph.queries import CheckState

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    database: str
    queries: CheckState = Field(
        "off",
        description="The query files' check: `checked`, `checking` (in the background after start; each query "
        "is also checked by the server on its first run), `failed` (a file does not parse, or the database's schema "
        "is not this version's: `reason` says which; 503), `unchecked` (Neo4j did not answer at startup: the "
        "schema and the files are checked once it does, and nothing is served before) or `off` "
        "(POLICYGRAPH_CHECK_QUERIES=false).",
    )
    reason: str | None = None


@router.get("/health", response_model=Health, summary="Liveness: the process answers")
async def health() -> Health:
    return Health(status="ok")


@router.get(
    "/ready",
    response_model=Ready,
    summary="Readiness: Neo4j answers `RETURN 1` and no query file is known not to parse",
    responses={503: {"model": Ready, "description": "Neo4j does not answer, or a query file does not parse: `reason`"}},
)
async def ready(graph: GraphDep, settings: SettingsDep) -> Ready | JSONResponse:
    queries, failure = graph.check.state, graph.check.failure  # as they stand now: the check goes on meanwhile
    if failure is not None:
        body = Ready(status="broken", database=graph.database, queries=queries, reason=failure[:500])
        return JSONResponse(body.model_dump(), status_code=503)
    try:
        await graph.ping(timeout=min(settings.connection_timeout, 5.0) + 1.0)
        graph.admit()  # Neo4j answers, but a late start may not have checked its schema yet
    except Exception as exc:  # any failure means not ready; the reason goes to the caller
        reason = f"{type(exc).__name__}: {exc}".strip()[:500]
        body = Ready(status="unavailable", database=graph.database, queries=queries, reason=reason)
        return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "5"})
    return Ready(status="ok", database=graph.database, queries=queries)
