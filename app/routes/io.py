"""Bulk import and export in the interchange format (policygraph/v2; v1 files are converted)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from policygraph import jobs
from policygraph.db import Graph
from policygraph.deps import GraphDep, Heavy, SettingsDep
from policygraph.errors import Invalid
from policygraph.i18n import N_, gettext
from policygraph.model.api import JobAccepted, Message, Unprocessable
from policygraph.routes import responses
from policygraph.routes.params import AsOf
from policygraph.security import WriteKey
from policygraph.services import exporter, formats, impact, importer, linked_data, validation, workbook
from policygraph.services.formats import FileFormat
from policygraph.services.validation import Mode

router = APIRouter(prefix="/api/v1", tags=["import/export"])


@router.post(
    "/import",
    response_model=importer.ImportResult,
    summary="Import one framework file (JSON, YAML, an xlsx workbook or zipped CSV); all or nothing",
    description="The body is a `policygraph/v2` file (or a v1 file, converted) as JSON (`application/json`) or YAML "
    "(`application/yaml`), or the workbook `GET /api/v1/export?format=xlsx` writes (xlsx, or its CSV files "
    "zipped: `application/zip`). Every structural error is listed with its path (a workbook's with its cell, "
    "`文件!C12`) and nothing is written. `mode=replace` makes the framework's content equal to the file; "
    "`merge` adds and updates.",
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
                workbook.XLSX: {"schema": {"type": "string", "format": "binary"}},
                workbook.ZIP: {"schema": {"type": "string", "format": "binary"}},
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
    # An xlsx workbook or zipped CSV is known by its bytes (validation.parse_text), whatever its type.
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
    summary="Export one framework: the interchange file, a workbook, a network or linked data",
    description="`json`/`yaml`: the `policygraph/v2` file, every claim with its evidence (streamed). `xlsx`: a "
    "workbook with a sheet per kind (文件, 支柱, 部门, 依据关系, 落实关系, 责任关系, …) that imports back; `csv`: "
    "the same sheets as CSV files in a zip. `graphml` (yEd, Gephi) and `gexf` (Gephi): the framework as a "
    "network with the Browser's colours. `jsonld`: linked data in the ELI ontology's terms. "
    "docs/interchange-format.md describes each.",
    dependencies=[Heavy],
    responses={
        200: {"content": {f.media_type: {} for f in formats.FORMATS.values()}},
        **responses.as_json({**responses.not_found("framework"), **responses.UNPROCESSABLE}),
    },
)
async def export_file(
    graph: GraphDep,
    settings: SettingsDep,
    framework: Annotated[str, Query(min_length=1, max_length=200, description="Framework id, e.g. kunming-1-7-n")],
    format: Annotated[FileFormat, Query(description="json (default), yaml, xlsx, csv, graphml, gexf or jsonld")] = (
        FileFormat.json
    ),
    as_of: AsOf = None,
) -> Response:
    chosen = formats.FORMATS[format]
    if chosen.streamed:
        await exporter.require(graph, framework)  # 404 before the answer starts
        pieces = (piece.encode() async for piece in exporter.chunks(graph, framework, format.value, as_of))
        return StreamingResponse(pieces, media_type=f"{chosen.media_type}; charset=utf-8")
    body = await exporter.built(graph, framework, format, settings.ld_base, as_of)
    return responses.download(body, chosen.media_type, f"{framework}.{chosen.suffix}")


@router.get(
    "/context.jsonld",
    summary="The JSON-LD context of the linked-data export (ELI terms, and this project's vocabulary)",
    response_class=responses.JsonLdResponse,
)
async def ld_context() -> responses.JsonLdResponse:
    return responses.JsonLdResponse({"@context": linked_data.CONTEXT})
