"""The error answers routes document, in one place: every status a client can receive."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from fastapi import Response
from fastapi.responses import JSONResponse

from policygraph.db import Graph
from policygraph.model import api
from policygraph.model.api import ConflictBody, Message, Unprocessable
from policygraph.routes.params import ViewFormat
from policygraph.services import formats, linked_data, networks
from policygraph.services.formats import FileFormat

Traversed = TypeVar("Traversed", api.GraphView, api.Lineage, api.Dependents, api.PillarDependents)

Responses = dict[int | str, dict[str, Any]]


def not_found(what: str) -> Responses:
    return {404: {"model": Message, "description": f"Unknown {what}"}}


UNPROCESSABLE: Responses = {
    422: {"model": Unprocessable, "description": "Invalid parameters or fields, or references to unknown ids"}
}
WRITE: Responses = {
    400: {"model": Message, "description": "The body is not valid JSON"},
    401: {"model": Message, "description": "No valid X-API-Key"},
    403: {"model": Message, "description": "Writes are disabled on this server"},
    409: {"model": ConflictBody, "description": "A cycle, a self-link, an existing id, or dependents in the way"},
    412: {"model": Message, "description": "If-Match names a version that is no longer current"},
    413: {"model": Message, "description": "The body is larger than the server accepts"},
    **UNPROCESSABLE,
}


def as_json(documented: Responses) -> Responses:
    """The same answers, said to be JSON, for a route whose own answer is not (HTML, YAML)."""
    out: Responses = {}
    for status, spec in documented.items():
        model = spec["model"]
        name = getattr(model, "__name__", None)
        schema = (
            {"$ref": f"#/components/schemas/{name}"}
            if name
            else {"anyOf": [{"$ref": f"#/components/schemas/{m.__name__}"} for m in model.__args__]}
        )
        out[status] = {"description": spec["description"], "content": {"application/json": {"schema": schema}}}
    return out


def download(body: str | bytes, media_type: str, filename: str, headers: dict[str, str] | None = None) -> Response:
    """An answer a browser saves as `filename` (made safe: letters, digits and . _ - only)."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"', **(headers or {})},
    )


def csv_download(text: str, stem: str, total: int) -> Response:
    """A CSV answer a browser saves as `<stem>.csv`, with the rows' total."""
    return download(text, "text/csv; charset=utf-8", f"{stem}.csv", {"X-Total-Count": str(total)})


async def answer_or_network(graph: Graph, answer: Traversed, fmt: ViewFormat, name: str) -> Traversed | Response:
    """A traversal's answer as JSON, or its nodes with every link among them as a GraphML or GEXF file."""
    if fmt is ViewFormat.json:
        return answer
    network = await networks.of_traversal(graph, name, networks.nodes_of(answer))
    kind = FileFormat(fmt.value)
    chosen = formats.FORMATS[kind]
    body = "".join(formats.NETWORKS[kind](network)).encode()
    return download(body, chosen.media_type, f"{name}.{chosen.suffix}")


NETWORK_FILES = {200: {"content": {f.media_type: {} for k, f in formats.FORMATS.items() if k in formats.NETWORKS}}}


class JsonLdResponse(JSONResponse):
    """Linked data (JSON-LD), UTF-8 as JSON is."""

    media_type = linked_data.MEDIA_TYPE
