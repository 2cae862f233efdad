"""Prometheus metrics: scrape GET /metrics (see docs/operations.md)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    summary="Prometheus metrics: requests, query latency by query file, driver pool, imports",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}, 404: {"description": "Metrics are disabled"}},
)
async def metrics(request: Request) -> Response:
    collected = request.app.state.metrics
    if collected is None:
        raise HTTPException(404, "Metrics are disabled (POLICYGRAPH_METRICS_ENABLED=false).")
    body, media_type = collected.exposition()
    return Response(body, media_type=media_type)
