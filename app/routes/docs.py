"""The API's own documentation, served whole from the package: Swagger UI at /docs and ReDoc at
/redoc, their scripts and styles from the `fastapi-offline` package (Swagger UI: Apache-2.0;
ReDoc: MIT), so the pages work on a machine with no internet. "Try it out" opens ready to send,
with the seed's ids filled in (the path parameters' examples)."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
# Nothing from elsewhere: ReDoc's footer logo would come from its CDN (and fail offline).
LOCAL_ONLY = "<meta http-equiv=\"Content-Security-Policy\" content=\"img-src 'self' data:; connect-src 'self'\">"


def _local_only(page: HTMLResponse) -> HTMLResponse:
    body = bytes(page.body).decode("utf-8").replace("<head>", f"<head>\n{LOCAL_ONLY}", 1)
    return HTMLResponse(body)


router = APIRouter(include_in_schema=False)


def install(app: FastAPI) -> None:
    app.mount(ASSETS, StaticFiles(directory=str(files("fastapi_offline") / "static")), name="docs-assets")
    app.include_router(router)


@router.get("/docs")
async def swagger_ui() -> HTMLResponse:
    return _local_only(
        get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="policygraph API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
            swagger_ui_parameters={
                "tryItOutEnabled": True,
                "displayRequestDuration": True,
                "defaultModelsExpandDepth": 0,
            },
        )
    )


@router.get("/redoc")
async def redoc() -> HTMLResponse:
    return _local_only(
        get_redoc_html(
            openapi_url="/openapi.json",
            title="policygraph API",
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
    )
