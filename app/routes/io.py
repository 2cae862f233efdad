"""Bulk import and export in the interchange format (policygraph/v2; v1 files are converted)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from policygraph import jobs
from policygraph.db import Graph
from policygraph.deps import GraphDep, Heavy
from policygraph.errors import Invalid
from policygraph.i18n import N_, gettext
from policygraph.model.api import JobAccepted, Message, Unprocessable
from policygraph.routes import responses
from policygraph.routes.params import AsOf
from policygraph.security import WriteKey
from policygraph.services import exporter, impact, importer, validation
from policygraph.services.validation import Mode

router = APIRouter(prefix="/api/v1", tags=["import/export"])


@router.post(
    "/import",
    response_model=importer.ImportResult,
    summary="Import one framework file (JSON or YAML); all or nothing",
    description="The body is a `policygraph/v2` file (or a v1 file, converted) as JSON (`application/json`) or YAML "
    "(`application/yaml`). Every structural error is listed with its path and nothing is "
    "written. `mode=replace` makes the framework's content equal to the file; `merge` adds "
    "and updates.",
    dependencies=[Heavy],
    responses={
        **responses.WRITE,
        202: {
            "model": JobAccepted,
            "description": "Too large for one request (or `Prefer: respond-async`): a job, to follow at its Location",
        },
        422: {"model": Unprocessable, "description": "Structural errors; nothing written"},
        503: {"model": Message, "description": "The database did not answer, or too many jobs wait; nothing written"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/yaml": {"schema": {"type": "string"}},
            },
        }
    },
)
async def import_file(
    request: Request,
    graph: GraphDep,
    actor: WriteKey,
    mode: Annotated[Mode, Query(description="merge (default) or replace")] = Mode.merge,
    force: Annotated[
        bool, Query(description="replace: drop records other frameworks rest on too (409 lists them otherwise)")
    ] = False,
    prefer: Annotated[
        str | None,
        Header(
            max_length=200,
            description="`respond-async`: run as a job (202) whatever the size; larger bodies than "
            "POLICYGRAPH_IMPORT_JOB_BYTES always do",
        ),
    ] = None,
) -> importer.ImportResult | JSONResponse:
    body = await request.body()
    filename = "body.yaml" if "yaml" in request.headers.get("content-type", "") else "body.json"
    metrics = request.app.state.metrics
    asked = prefer is not None and "respond-async" in prefer.lower()
    if (asked or len(body) > request.app.state.settings.import_job_bytes) and not impact.dry_running():
        accepted = await request.app.state.jobs.submit(actor, import_job(body, filename, mode, force, actor), accept)
        headers = {"Location": accepted.location, "Retry-After": "1"}
        if asked:
            headers["Preference-Applied"] = "respond-async"
        return JSONResponse(accepted.model_dump(), status_code=202, headers=headers)
    try:
        # Parsing is CPU-bound: off the event loop, so /health and reads keep answering.
        raw = await asyncio.to_thread(validation.parse_text, body, filename)
        result = await importer.import_data(graph, raw, mode, actor=actor, force=force)
    except Invalid:
        if metrics is not None:
            metrics.imports.labels(mode.value, "rejected").inc()
        raise
    if metrics is not None:
        metrics.imports.labels(mode.value, "ok").inc()
        for kind in ("documents", "pillars", "departments", "links"):
            metrics.imported_records.labels(kind).inc(getattr(result, kind))
    return result


def accept(job_id: str) -> JobAccepted:
    return JobAccepted(
        job=job_id,
        location=jobs.location(job_id),
        detail=gettext(
            N_("Accepted as a job: nothing is written yet. Follow its Location for progress and the outcome.")
        ),
    )


def import_job(body: bytes, filename: str, mode: Mode, force: bool, actor: str) -> jobs.Work:
    """The import a job runs: the request's, with the job's progress and deadline."""

    async def work(graph: Graph, progress: jobs.Progress) -> None:
        try:
            progress.phase = "parsing"
            raw = await asyncio.to_thread(validation.parse_text, body, filename)
            progress.phase = "checking"
            await importer.import_data(graph, raw, mode, progress.writing, actor=actor, force=force)
        except Invalid as exc:
            raise jobs.Refusal(422, exc.body()) from None

    return work


@router.get(
    "/export",
    summary="Export one framework as a policygraph/v2 file, every claim with its evidence",
    dependencies=[Heavy],
    responses={
        200: {"content": {"application/json": {}, "application/yaml": {}}},
        **responses.as_json({**responses.not_found("framework"), **responses.UNPROCESSABLE}),
    },
)
async def export_file(
    graph: GraphDep,
    framework: Annotated[str, Query(min_length=1, max_length=200, description="Framework id, e.g. kunming-1-7-n")],
    format: Annotated[Literal["json", "yaml"], Query(description="json (default) or yaml")] = "json",
    as_of: AsOf = None,
) -> Response:
    await exporter.require(graph, framework)  # 404 before the answer starts
    media = "application/json" if format == "json" else "application/yaml"
    pieces = (piece.encode() async for piece in exporter.chunks(graph, framework, format, as_of))
    return StreamingResponse(pieces, media_type=f"{media}; charset=utf-8")
