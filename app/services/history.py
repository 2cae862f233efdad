"""Reading the change log: one record's history, and the feed of every change since a number
or a moment (what an API client polls to follow the register)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from policygraph.db import Graph
from policygraph.errors import Invalid, NotFound
from policygraph.i18n import _
from policygraph.model import edits
from policygraph.queries import named
from policygraph.services import records
from policygraph.services.kinds import Editable, Kind

HISTORY = named("history")
CHANGES = named("changes")


def change_of(item: dict[str, Any]) -> edits.Change:
    """A change as the log stores it (before and after as JSON text) -> the model."""
    return edits.Change(
        **{
            **item,
            "at": records.native(item["at"]),
            "fields": item.get("fields") or [],
            "before": json.loads(item["before"]) if item.get("before") else None,
            "after": json.loads(item["after"]) if item.get("after") else None,
        }
    )


async def history(graph: Graph, kind: Kind[Any], key: str, offset: int, limit: int) -> edits.ChangePage:
    """One record's changes, newest first."""
    row = await graph.read_one(HISTORY, kind=kind.name, id=key, offset=offset, limit=limit)
    assert row is not None
    # No history: a record never edited (200, empty), or one that never existed (404).
    if row["total"] == 0 and isinstance(kind, Editable) and await graph.read_one(kind.state, id=key) is None:
        raise NotFound(kind.name, key)
    return edits.ChangePage(items=[change_of(item) for item in row["items"]], total=row["total"])


MAX_SEQ = 2**63 - 1  # the largest integer Neo4j stores


def parse_since(since: str | None) -> tuple[int, str | None]:
    """`since` is a change number (the feed's `next_since`) or an ISO date-time."""
    if since is None or since.strip() == "":
        return 0, None
    if since.strip().isascii() and since.strip().isdigit():
        if int(since) > MAX_SEQ:
            raise Invalid.one("since", _("a change number is at most {most}", most=MAX_SEQ))
        return int(since), None
    try:
        moment = dt.datetime.fromisoformat(since.strip())
    except ValueError:
        example = "2026-11-25T10:00:00Z"
        raise Invalid.one(
            "since", _("expected a change number or an ISO date-time such as {example}", example=example)
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return 0, moment.isoformat()


async def changes(graph: Graph, since: str | None, limit: int) -> edits.ChangeFeed:
    """The change feed: every write after `since`, oldest first."""
    since_seq, since_time = parse_since(since)
    row = await graph.read_one(CHANGES, since_seq=since_seq, since_time=since_time, limit=limit)
    items = [change_of(item) for item in (row["items"] if row else [])]
    return edits.ChangeFeed(items=items, next_since=items[-1].seq if items else since_seq)
