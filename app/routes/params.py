"""Query parameters shared by the read routes, each bounded (422 beyond the bound)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from fastapi import Query

from policygraph.model.interchange import Certainty
from policygraph.model.lifecycle import FIRST_DAY, LAST_DAY
from policygraph.services.traversal import GRAPH_MAX_DEPTH, MAX_DEPTH

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size (1-1000).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
MaxDepth = Annotated[
    int,
    Query(ge=1, le=MAX_DEPTH, description=f"Most hops (BASED_ON, PLACED_UNDER, COVERS) to follow (1-{MAX_DEPTH})."),
]
Paths = Annotated[bool, Query(description="Add one shortest path (a list of ids) to each item: why it depends.")]
Framework = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Only this framework (id); all when omitted.")
]
GraphDepth = Annotated[
    int, Query(ge=1, le=GRAPH_MAX_DEPTH, description=f"Hops in any direction (1-{GRAPH_MAX_DEPTH}).")
]
OnlyCertainty = Annotated[
    Certainty | None,
    Query(
        alias="certainty",
        description="stated: follow only what sources state (stated links through stated records); "
        "omitted: follow every claim, each item saying how certain it is.",
    ),
]
AsOf = Annotated[
    dt.date | None,
    Query(
        ge=FIRST_DAY,
        le=LAST_DAY,
        description="A day (YYYY-MM-DD): the graph as it stood then. Only documents in force that day are "
        "followed, and those whose force a missing date leaves unknown (kept, marked `in_force: unknown`); "
        "omitted: the graph as recorded. Between 1900-01-01 and 2199-12-31.",
        examples=["2022-06-30"],
    ),
]


class ViewFormat(StrEnum):
    """A traversal's answer as JSON, or its nodes and every link among them as a network file."""

    json = "json"
    graphml = "graphml"
    gexf = "gexf"


AsNetwork = Annotated[
    ViewFormat,
    Query(
        alias="format",
        description="json (default), or the answer's nodes with every link among them as a network file: "
        "graphml (yEd, Gephi) or gexf (Gephi)",
    ),
]
