"""The frameworks held, and their declared targets beside what is recorded."""

from __future__ import annotations

import datetime as dt

from policygraph.db import Graph
from policygraph.errors import NotFound
from policygraph.model.api import Certainties, FrameworkItem, FrameworkStats, Recorded, TierCount
from policygraph.queries import named
from policygraph.services import audit, records

FRAMEWORKS = named("frameworks")
STATS = named("stats")
CERTAINTY_COUNTS = named("certainty_counts")


def _item(props: dict) -> FrameworkItem:
    framework = records.framework_from_props(props)
    return FrameworkItem(**framework.model_dump())


async def list_frameworks(graph: Graph) -> list[FrameworkItem]:
    return [_item(row["framework"]) for row in await graph.read(FRAMEWORKS)]


async def stats(graph: Graph, framework: str | None = None, as_of: dt.date | None = None) -> list[FrameworkStats]:
    rows = await graph.read(STATS, framework=framework, as_of=as_of)
    if framework is not None and not rows:
        raise NotFound("framework", framework)
    held = [row["framework"]["id"] for row in rows]
    declared = await audit.declared(graph, held)
    certainty = {row["framework"]: row for row in await graph.read(CERTAINTY_COUNTS, framework=framework)}
    return [
        FrameworkStats(
            framework=(item := _item(row["framework"])),
            declared=item.declared,
            recorded=Recorded(
                documents=row["documents"],
                issued=row["issued"],
                supporting=row["supporting"],
                by_tier=dict(row["by_tier"]),
                by_status=dict(row["by_status"]),
                topics=row["topics"],
                in_force_unknown=row["in_force_unknown"] if as_of else None,
            ),
            tiers=[
                TierCount(
                    measure=gap.measure,
                    declared=gap.declared,
                    recorded=gap.recorded,
                    unknown_membership=gap.unknown,
                    missing_at_least=gap.missing_at_least,
                    missing_at_most=gap.missing_at_most,
                )
                for gap in declared
                if gap.framework == item.id
            ],
            certainty=Certainties(records=certainty[item.id]["records"], links=certainty[item.id]["links"]),
        )
        for row in rows
    ]
