"""What the Neo4j Browser fetches from the API: the guide and the style sheet.

These two routes, and only these, answer cross-origin requests from the Browser's origin
(`PathCORS`); the rest of the API sends no CORS headers.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from policygraph.queries import book
from policygraph.services import guide

PREFIX = "/browser"
router = APIRouter(prefix=PREFIX, tags=["neo4j browser"])


@router.get(
    "/guide.html",
    response_class=HTMLResponse,
    summary="The Browser guide: run `:play <this URL>` in the Neo4j Browser",
)
async def guide_page() -> HTMLResponse:
    return HTMLResponse(guide.guide_html(book()))


@router.get(
    "/style.grass",
    response_class=Response,
    summary="The graph style sheet (GraSS): `:style <this URL>` in the Neo4j Browser",
)
async def style_sheet() -> Response:
    return Response(guide.style_sheet(), media_type="text/plain; charset=utf-8")


class PathCORS:
    """CORS for one path prefix; every other path passes through without CORS headers."""

    def __init__(self, app: ASGIApp, prefix: str, origins: list[str]) -> None:
        self.app = app
        self.prefix = prefix
        self.cors = CORSMiddleware(app, allow_origins=origins, allow_methods=["GET"], allow_headers=["*"], max_age=600)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefix + "/"):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
