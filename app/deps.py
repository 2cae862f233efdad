"""Dependencies as Annotated aliases, so routes read like plain signatures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from policygraph.db import Graph
from policygraph.settings import Settings

DEEP_TRAVERSAL = 10  # max_depth beyond which a traversal is heavy
DEEP_NEIGHBOURHOOD = 2  # depth beyond which a neighbourhood is heavy


async def get_graph(request: Request) -> Graph:
    return request.app.state.graph


async def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


async def heavy_slot(request: Request) -> AsyncIterator[None]:
    """Hold one of the heavy operations' slots while the request runs (app/admission.py)."""
    async with request.app.state.admission.slot():
        yield


async def slot_if_deep(request: Request) -> AsyncIterator[None]:
    """A slot for a traversal only when it goes deep: shallow reads never queue."""
    params = request.query_params
    deep = _int(params.get("max_depth")) > DEEP_TRAVERSAL or _int(params.get("depth")) > DEEP_NEIGHBOURHOOD
    if not deep:
        yield
        return
    async with request.app.state.admission.slot():
        yield


def _int(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0  # the route's own validation answers 422


Heavy = Depends(heavy_slot)
HeavyIfDeep = Depends(slot_if_deep)
