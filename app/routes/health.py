"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from policygraph.deps import GraphDep, SettingsDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    database: str
    reason: str | None = None


@router.get("/health", response_model=Health, summary="Liveness: the process answers")
async def health() -> Health:
    return Health(status="ok")


@router.get(
    "/ready",
    response_model=Ready,
    summary="Readiness: Neo4j answers `RETURN 1`",
    responses={503: {"model": Ready, "description": "Neo4j does not answer; `reason` says why"}},
)
async def ready(graph: GraphDep, settings: SettingsDep) -> Ready | JSONResponse:
    try:
        await graph.ping(timeout=min(settings.connection_timeout, 5.0) + 1.0)
    except Exception as exc:  # any failure means not ready; the reason goes to the caller
        reason = f"{type(exc).__name__}: {exc}".strip()[:500]
        body = Ready(status="unavailable", database=graph.database, reason=reason)
        return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "5"})
    return Ready(status="ok", database=graph.database)
