"""The audit: findings as JSON, the orphans page, and the report as HTML."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from policygraph.deps import GraphDep, Heavy, SettingsDep
from policygraph.model.api import Audit, CleanupItem, OrphanItem, Page, Severity
from policygraph.model.lifecycle import FIRST_DAY, LAST_DAY
from policygraph.routes import responses
from policygraph.routes.params import Framework, Limit, Offset
from policygraph.services import audit, cleanup, report

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])

CheckCode = StrEnum("CheckCode", {check.code: check.code for check in audit.CHECKS})  # type: ignore[misc]

Only = Annotated[list[CheckCode] | None, Query(alias="check", description="Run only these checks (may repeat).")]
Skip = Annotated[list[CheckCode] | None, Query(description="Leave out these checks (may repeat).")]
MinSeverity = Annotated[Severity, Query(alias="severity", description="Only checks of this severity or above.")]
PerCheck = Annotated[
    int,
    Query(ge=1, le=audit.MAX_FINDINGS_PER_CHECK, description="Most findings listed per check (totals stay exact)."),
]
AsOf = Annotated[
    dt.date | None,
    Query(
        ge=FIRST_DAY,
        le=LAST_DAY,
        description="The graph as it stood that day: only documents in force then (or of unknown force) are judged "
        "and followed, and dates are judged as of that day. Omitted: the graph as recorded, dates judged today.",
        examples=["2022-06-30"],
    ),
]
ExpiringDays = Annotated[
    int, Query(ge=1, le=3660, description="`expiring`: report end dates within this many days (default 90).")
]


async def run_audit(
    graph: GraphDep,
    settings: SettingsDep,
    framework: Framework = None,
    only: Only = None,
    skip: Skip = None,
    severity: MinSeverity = Severity.info,
    limit: PerCheck = 1000,
    as_of: AsOf = None,
    expiring_days: ExpiringDays = audit.EXPIRING_DAYS,
) -> Audit:
    """The audit with the query parameters both the JSON and the HTML routes take."""
    checks = audit.select_checks([c.value for c in only or []], [c.value for c in skip or []], severity)
    return await audit.run_audit(graph, framework, checks, limit, as_of, settings.audit_timeout, expiring_days)


AuditResult = Annotated[Audit, Depends(run_audit)]


@router.get(
    "",
    response_model=Audit,
    summary="Every finding: orphans, cycles, broken chains, missing owners, declared gaps",
    description="Findings ordered by severity, then check. Each check is a query under `queries/audit/`.",
    dependencies=[Heavy],
    responses={**responses.not_found("framework"), **responses.UNPROCESSABLE},
)
async def get_audit(result: AuditResult) -> Audit:
    return result


@router.get(
    "/orphans",
    response_model=Page[OrphanItem],
    summary="The unanchored documents: placed, yet neither basis nor placement reaches a guiding document",
    responses={**responses.not_found("framework"), **responses.UNPROCESSABLE},
)
async def get_orphans(
    graph: GraphDep, framework: Framework = None, limit: Limit = 50, offset: Offset = 0
) -> Page[OrphanItem]:
    return await audit.orphans(graph, framework, offset, limit)


@router.get(
    "/report",
    response_class=HTMLResponse,
    summary="The audit as a readable HTML page, grouped by severity and check",
    dependencies=[Heavy],
    responses=responses.as_json({**responses.not_found("framework"), **responses.UNPROCESSABLE}),
)
async def get_report(result: AuditResult, settings: SettingsDep) -> HTMLResponse:
    return HTMLResponse(report.html_page(result, settings.browser_url()))


@router.get(
    "/cleanup",
    response_model=Page[CleanupItem],
    summary="The clean-up worklist (清理): per department, keep, amend or repeal each document, and why",
    description="Every document the record says stands, once per department responsible for it, by department, "
    "then action (repeal, amend, keep). `format=csv` gives the same rows as CSV (UTF-8 with a byte-order mark, "
    "headers in Chinese and English) for a spreadsheet; `department` gives one department's worklist.",
    dependencies=[Heavy],
    responses={
        200: {"content": {"application/json": {}, "text/csv": {}}},
        **responses.as_json({**responses.not_found("framework"), **responses.UNPROCESSABLE}),
    },
)
async def get_cleanup(
    graph: GraphDep,
    framework: Framework = None,
    department: Annotated[str | None, Query(max_length=200, description="One department's worklist.")] = None,
    action: Annotated[Literal["keep", "amend", "repeal"] | None, Query(description="Only this action.")] = None,
    as_of: AsOf = None,
    expiring_days: ExpiringDays = audit.EXPIRING_DAYS,
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv")] = "json",
    limit: Annotated[int, Query(ge=1, le=cleanup.MAX_ROWS, description="Most rows (default 10,000).")] = 10_000,
    offset: Offset = 0,
) -> Page[CleanupItem] | Response:
    page = await cleanup.worklist(graph, framework, department, action, as_of, expiring_days, offset, limit)
    if format == "csv":
        return responses.csv_download(
            cleanup.to_csv(page.items), f"cleanup-{department or framework or 'all'}", page.total
        )
    return page
