"""Time read back: one document's timeline, and what changed between two points (days, read as
point-in-time views, or change numbers, read from the change log)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from policygraph.db import Graph
from policygraph.errors import Invalid, NotFound
from policygraph.i18n import _
from policygraph.model import api
from policygraph.model.lifecycle import FIRST_DAY, LAST_DAY
from policygraph.queries import named
from policygraph.services import history, records

TIMELINE = named("time/timeline")
DIFF_DATES = named("time/diff_dates")
DIFF_CHANGES = named("time/diff_changes")

# The order of events on one day: what the document is, then what it does, then what is done to it.
ORDER = ["issued", "in_force", "amends", "repeals", "replaces", "amended", "repealed", "replaced", "ends", "edited"]
DONE_TO = {"AMENDS": "amended", "REPEALS": "repealed", "REPLACES": "replaced"}
DIFF_LIMIT = 1000  # items per list of a diff (each list says its total)
CHANGES_READ = 10_000  # changes a diff by change numbers reads at most (refused beyond: narrow it)


async def timeline(graph: Graph, doc_id: str) -> api.Timeline:
    row = await graph.read_one(TIMELINE, id=doc_id)
    if row is None:
        raise NotFound("document", doc_id)
    doc = {key: records.native(value) for key, value in row["document"].items()}
    events: list[dict[str, Any]] = [
        {"on": doc.get(field), "event": event}
        for field, event in (("issued_on", "issued"), ("effective_from", "in_force"), ("effective_until", "ends"))
        if doc.get(field)
    ]
    for change in row["changes"]:
        event = DONE_TO[change["change"]] if change["incoming"] else change["change"].lower()
        on = records.native(change["on"])
        events.append({"on": on, "event": event, "document": change["id"], "title": change["title"]})
    for edit in row["edits"]:
        at = records.native(edit["at"])
        events.append(
            {
                "on": at.date() if isinstance(at, dt.datetime) else at,
                "event": "edited",
                "change": edit["seq"],
                "action": edit["action"],
                "fields": edit.get("fields") or [],
                "actor": edit.get("actor"),
            }
        )
    events.sort(key=lambda e: (e["on"] is None, e["on"] or dt.date.min, ORDER.index(e["event"]), e.get("change") or 0))
    return api.Timeline(document=doc, events=events, edits_total=row["edits_total"])


def _point(value: str, name: str) -> dt.date | int:
    text = value.strip()
    if re.fullmatch(r"\d{1,18}", text):
        return int(text)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid.one(name, _("expected a day (YYYY-MM-DD) or a change number (from the change feed)")) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Invalid.one(name, _("a day between {first} and {last}", first=FIRST_DAY, last=LAST_DAY))
    return day


async def diff(graph: Graph, start: str, end: str, framework: str | None) -> api.Diff:
    """Between two days (the register as it stood on each) or two change numbers (the change log)."""
    first, last = _point(start, "from"), _point(end, "to")
    if type(first) is not type(last):
        raise Invalid.one("to", _("`from` and `to` must both be days or both be change numbers"))
    if first > last:  # type: ignore[operator]
        raise Invalid.one("to", _("`to` is before `from`"))
    if isinstance(first, dt.date):
        row = await graph.read_one(DIFF_DATES, framework=framework, **{"from": first, "to": last}, limit=DIFF_LIMIT)
        assert row is not None
        documents = api.DiffDocuments(**{key: row[key] for key in api.DiffDocuments.model_fields})
        links = api.DiffLinks(
            added=row["links_added"],
            removed=row["links_removed"],
            added_total=row["links_added_total"],
            removed_total=row["links_removed_total"],
        )
        return api.Diff(by="date", **{"from": start}, to=end, framework=framework, documents=documents, links=links)
    return await _diff_changes(graph, first, int(last), framework, start, end)


def _links_of(record: dict[str, Any] | None) -> set[tuple[str, str]]:
    """A document record's links as (type, far end)."""
    found = set()
    for field in records.DOCUMENT_LINKS:
        key = records.LINK_KEYS[field]
        for link in (record or {}).get(field) or []:
            far = link.get(key) if isinstance(link, dict) else link
            found.add(("RESPONSIBLE_FOR" if field == "responsible" else field.upper(), far))
    return found


async def _diff_changes(graph: Graph, first: int, last: int, framework: str | None, start: str, end: str) -> api.Diff:
    row = await graph.read_one(DIFF_CHANGES, framework=framework, **{"from": first, "to": last}, limit=CHANGES_READ)
    assert row is not None
    if row["total"] > CHANGES_READ:
        raise Invalid.one(
            "to",
            _("{count} changes in that interval; a diff reads at most {most}", count=row["total"], most=CHANGES_READ),
        )
    touched: dict[str, dict[str, Any]] = {}
    imports: list[int] = []
    for change in map(history.change_of, row["items"]):
        if change.kind == "framework":
            imports.append(change.seq)
            continue
        if change.kind != "document" or change.action == "review":
            continue
        seen = touched.setdefault(
            change.subject, {"first": change.before, "framework": change.framework, "changes": []}
        )
        seen["last"] = change.after
        seen["changes"].append(change.seq)
    added, removed, changed = [], [], []
    links_added, links_removed = [], []
    for subject, seen in sorted(touched.items()):
        first_state, last_state = seen["first"], seen["last"]
        fields = sorted(
            key
            for key in set(first_state or {}) | set(last_state or {})
            if (first_state or {}).get(key) != (last_state or {}).get(key)
        )
        item = api.DiffDocument(
            id=subject,
            title=(last_state or first_state or {}).get("title"),
            framework=seen["framework"],
            fields=fields,
            changes=seen["changes"],
        )
        if first_state is None and last_state is not None:
            added.append(item)
        elif last_state is None and first_state is not None:
            removed.append(item)
        elif fields:
            changed.append(item)
        old, new = _links_of(first_state), _links_of(last_state)
        for kind, far in sorted(new - old):
            links_added.append(api.DiffLink(source=subject, target=far, type=kind, framework=seen["framework"]))
        for kind, far in sorted(old - new):
            links_removed.append(api.DiffLink(source=subject, target=far, type=kind, framework=seen["framework"]))
    documents = api.DiffDocuments(
        added=added[:DIFF_LIMIT],
        removed=removed[:DIFF_LIMIT],
        changed=changed[:DIFF_LIMIT],
        added_total=len(added),
        removed_total=len(removed),
        changed_total=len(changed),
    )
    links = api.DiffLinks(
        added=links_added[:DIFF_LIMIT],
        removed=links_removed[:DIFF_LIMIT],
        added_total=len(links_added),
        removed_total=len(links_removed),
    )
    return api.Diff(
        by="change",
        **{"from": start},
        to=end,
        framework=framework,
        documents=documents,
        links=links,
        imports=imports,
    )
