"""The API's own documentation, served whole from the package: Swagger UI at /docs and ReDoc at
/redoc, their scripts and styles from the `fastapi-offline` package (Swagger UI: Apache-2.0;
ReDoc: MIT), so the pages work on a machine with no internet. Every operation shows an example
from the seed (`openapi_with_examples`): "Try it out" opens ready to send, its parameters and
body filled in, beside the answer they get."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from policygraph.model import examples

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
    app.openapi = lambda: openapi_with_examples(app)  # type: ignore[method-assign]


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


IMPACT = {"$ref": "#/components/schemas/Impact"}


def _dry_runs(spec: dict[str, Any]) -> None:
    """Every write that takes `dry_run` may answer 200 with the impact instead of its own answer."""
    for operations in spec["paths"].values():
        for operation in operations.values():
            if not any(p["name"] == "dry_run" for p in operation.get("parameters", [])):
                continue
            ok = operation["responses"].setdefault("200", {"description": "dry_run=true: the impact"})
            media = ok.setdefault("content", {}).setdefault("application/json", {})
            own = media.get("schema")
            media["schema"] = {"anyOf": [own, IMPACT]} if own else IMPACT
            if own:
                ok["description"] += "; with dry_run=true, the impact (`Impact`), nothing written"


def openapi_with_examples(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document with each operation's example from the seed (`model/examples.py`): the
    parameters and body it sends (so "Try it out" starts filled in) and the answer it gets."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    _dry_runs(spec)
    recorded = examples.answers()
    for template, operations in spec["paths"].items():
        for operation in operations.values():
            found = recorded.get(operation.get("operationId", ""))
            if found is None:
                continue
            sent = found["request"]
            values = dict(sent.get("params") or {})
            for name, value in zip(template.split("/"), sent["path"].split("/"), strict=False):
                if name.startswith("{") and name.endswith("}"):
                    values[name[1:-1]] = value
            for parameter in operation.get("parameters", []):
                if parameter["name"] in values:
                    parameter["examples"] = {"seed": {"summary": "from the seed", "value": values[parameter["name"]]}}
            if sent.get("body") is not None and "requestBody" in operation:
                for media in operation["requestBody"]["content"].values():
                    media["example"] = sent["body"]
            answer = operation["responses"].setdefault(str(found["status"]), {"description": "The example's answer"})
            answer.setdefault("content", {}).setdefault("application/json", {})["example"] = found["answer"]
    app.openapi_schema = spec
    return spec
