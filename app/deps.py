"""Dependencies as Annotated aliases, so routes read like plain signatures."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.db import Graph
from app.settings import Settings


async def get_graph(request: Request) -> Graph:
    return request.app.state.graph


async def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
