"""The clean-up worklist (清理): for each department, the documents it is responsible for and
whether to keep, amend or repeal each, with the reasons (queries/audit/cleanup.cypher has the
rules). As JSON pages or as CSV, one file per department from the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from policygraph.db import Graph
from policygraph.model.api import CleanupItem, Page
from policygraph.queries import named
from policygraph.services import audit, records

WORKLIST = named("audit/cleanup")
MAX_ROWS = 100_000

# CSV columns: (field, header). The header reads Chinese first, English beside it.
COLUMNS = (
    ("department", "部门 department"),
    ("department_name", "部门名称 department name"),
    ("role", "职责 role"),
    ("id", "文件 document"),
    ("title", "标题 title"),
    ("doc_number", "文号 doc_number"),
    ("status", "状态 status"),
    ("issued_on", "印发日期 issued_on"),
    ("effective_until", "有效期至 effective_until"),
    ("action", "建议 action"),
    ("why", "理由 why"),
)
ACTIONS_ZH = {"keep": "保留 keep", "amend": "修改 amend", "repeal": "废止 repeal"}
ROLES_ZH = {"lead": "牵头 lead", "joint": "配合 joint"}


async def worklist(
    graph: Graph,
    framework: str | None = None,
    department: str | None = None,
    action: str | None = None,
    today: dt.date | None = None,
    expiring_days: int = audit.EXPIRING_DAYS,
    offset: int = 0,
    limit: int = MAX_ROWS,
) -> Page[CleanupItem]:
    frameworks = await audit.resolve_frameworks(graph, framework)
    row = await graph.read_one(
        WORKLIST,
        frameworks=frameworks,
        today=today,
        days=expiring_days,
        provisional_years=audit.PROVISIONAL_YEARS,
        department=department,
        action=action,
        offset=offset,
        limit=limit,
    )
    assert row is not None
    items = [CleanupItem(**records.native_all(item)) for item in row["items"]]
    return Page(items=items, total=row["total"])


def to_csv(items: Iterable[CleanupItem]) -> str:
    """The worklist as CSV, with a byte-order mark so that Excel and WPS read the Chinese."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([header for _, header in COLUMNS])
    for item in items:
        values = item.model_dump(mode="json")
        values["action"] = ACTIONS_ZH[item.action]
        values["role"] = ROLES_ZH.get(values["role"] or "", values["role"])
        writer.writerow(["" if values[field] is None else values[field] for field, _ in COLUMNS])
    return out.getvalue()
