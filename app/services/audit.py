"""The audit: what is wrong with a policy system, as findings with a code, severity and message.

Each check is one query under `queries/audit/<code>.cypher`, a single pass over the frameworks'
nodes that returns its findings (subject, title, message, related ids) and their total. The three
that walk the whole registry (`unanchored`, `no-pillar`, `cycle`) walk it in the API instead, over
its links read once an audit (`audit/links`, services/walks.py); their queries then describe what
the walks found. `unanchored` returns the ordered ids, and `audit/unanchored-findings` describes
the ones shown (the orphans page pages through the same ids, kept until the next write). This
module only knows each check's severity and description, runs the checks and orders the result.
The CLI, the API and the report renderers all call `run_audit`, so they agree.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from policygraph.db import Graph, Reader
from policygraph.errors import NotFound
from policygraph.i18n import N_, gettext, render
from policygraph.model.api import Audit, AuditSummary, CheckSummary, Finding, OrphanItem, Page, Severity
from policygraph.queries import named
from policygraph.services import audit_text
from policygraph.services.walks import Registry

FRAMEWORK_IDS = named("frameworks")
LINKS = named("audit/links")
UNANCHORED_FINDINGS = named("audit/unanchored-findings")
DECLARED = named("declared")


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    description: str

    @property
    def query(self) -> str:
        return f"audit/{self.code}"


CHECKS: tuple[Check, ...] = (
    Check(
        "unanchored",
        Severity.error,
        N_(
            "Orphans: base or supporting documents that reach no guiding document, neither through their "
            "basis (BASED_ON) nor through the place the scheme declares for them (PLACED_UNDER, COVERS)."
        ),
    ),
    Check("cycle", Severity.error, N_("BASED_ON cycles: documents that (transitively) rest on themselves.")),
    Check("pillar-without-base", Severity.error, N_("Pillars that no base document implements.")),
    Check("pillar-multiple-bases", Severity.error, N_("Pillars implemented by more than one base document.")),
    Check(
        "basis-out-of-time-order",
        Severity.error,
        N_("Documents based on a document issued after them (both issue dates known)."),
    ),
    Check(
        "stale-basis",
        Severity.error,
        N_("Issued or amended documents based on a repealed document or on one not yet issued."),
    ),
    Check(
        "repealed-without-successor",
        Severity.error,
        N_("Repealed documents no document replaces (REPLACES), while documents in force still rest on them."),
    ),
    Check(
        "doc-number-duplicate",
        Severity.error,
        N_("Documents that share a 发文字号, however it was typed."),
    ),
    Check(
        "base-not-placed",
        Severity.warning,
        N_("Base documents the record does not place under a guiding document (no PLACED_UNDER)."),
    ),
    Check(
        "expired-in-force",
        Severity.warning,
        N_("Documents whose effective_until has passed while the status still says issued or amended."),
    ),
    Check(
        "expiring",
        Severity.warning,
        N_("Documents in force whose effective_until falls within the next N days (expiring_days, 90 by default)."),
    ),
    Check(
        "provisional-overdue",
        Severity.warning,
        N_("Provisional documents (试行, 暂行 in the title) in force for more than two years with no end date."),
    ),
    Check(
        "doc-number-year-mismatch",
        Severity.warning,
        N_("Documents whose 发文字号 year (〔2019〕) is not the year of their issue date."),
    ),
    Check(
        "no-pillar",
        Severity.warning,
        N_("Base or supporting documents that neither implement a pillar nor depend on a record that does."),
    ),
    Check(
        "suspect",
        Severity.warning,
        N_("Links to a basis whose title, status or effective dates changed since the document was reviewed."),
    ),
    Check("ownerless", Severity.warning, N_("Documents no department is responsible for.")),
    Check("no-lead", Severity.warning, N_("Documents with responsible departments, none of them with role lead.")),
    Check(
        "declared-gap",
        Severity.warning,
        N_(
            "The framework's declared counts (documents, issued, guiding, base, supporting) against what is "
            "recorded; a range (at least, at most) where some records' membership is unknown."
        ),
    ),
    Check(
        "unplaced",
        Severity.info,
        N_("Documents no source places in the framework (tier unknown): their membership is unknown."),
    ),
    Check("topic-uncovered", Severity.info, N_("Topics the scheme names that no recorded document covers.")),
    Check(
        "inferred", Severity.info, N_("Claims (records and links) that are inferred, not stated, with their reasons.")
    ),
    Check("idle-department", Severity.info, N_("Departments responsible for no document.")),
    Check(
        "doc-number-unparsed",
        Severity.info,
        N_("发文字号 that do not fit the form GB/T 9704-2012 fixes (kept as written, their parts unknown)."),
    ),
)
BY_CODE = {check.code: check for check in CHECKS}
COMPUTED = {"declared-gap"}  # built in Python from the `declared` query (shared with the stats)
for _check in CHECKS:
    if _check.code not in COMPUTED:
        named(_check.query)

MAX_FINDINGS_PER_CHECK = 100_000
EXPIRING_DAYS = 90  # `expiring`: how far ahead an end date is reported, unless the caller says
PROVISIONAL_YEARS = 2  # `provisional-overdue`: the longer of the local terms (docs/audit.md)


def select_checks(
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    min_severity: Severity = Severity.info,
) -> list[Check]:
    """The checks to run, in registry order. Unknown codes raise ValueError naming the known ones."""
    only_set, skip_set = set(only or ()), set(skip)
    unknown = sorted((only_set | skip_set) - BY_CODE.keys())
    if unknown:
        raise ValueError(f"unknown check(s) {', '.join(unknown)}; known: {', '.join(BY_CODE)}")
    return [
        check
        for check in CHECKS
        if (not only_set or check.code in only_set)
        and check.code not in skip_set
        and check.severity.rank >= min_severity.rank
    ]


async def resolve_frameworks(graph: Reader, framework: str | None) -> list[str]:
    """The framework ids to audit: the one asked for (404 when unknown), else all held."""
    held = [row["framework"]["id"] for row in await graph.read(FRAMEWORK_IDS)]
    if framework is None:
        return held
    if framework not in held:
        raise NotFound("framework", framework)
    return [framework]


async def registry(
    graph: Reader, frameworks: list[str], timeout: float | None = None, as_of: dt.date | None = None
) -> Registry:
    """The registry's links, read and packed for the whole-registry walks (services/walks.py)."""
    packed = await graph.read_row(LINKS, timeout_=timeout, frameworks=frameworks, as_of=as_of)
    assert packed is not None  # one row of collects, always
    return await asyncio.to_thread(Registry.of, packed)  # CPU-bound: off the event loop


Walked = Callable[[], Awaitable[Registry]]


def read_once(read: Walked) -> Walked:
    """`read`, run by the first caller only: the checks that walk the registry share one read."""
    started: asyncio.Future[Registry] | None = None

    async def shared() -> Registry:
        nonlocal started
        if started is None:
            started = asyncio.ensure_future(read())
        return await started

    return shared


async def unanchored_ids(
    graph: Reader,
    frameworks: list[str],
    timeout: float | None = None,
    as_of: dt.date | None = None,
    walked: Walked | None = None,
) -> list[str]:
    """The unanchored documents' ids, in order (a walk over the whole registry)."""
    walks = await walked() if walked else await registry(graph, frameworks, timeout, as_of)
    nodes = await asyncio.to_thread(walks.unanchored)
    row = await graph.read_row(
        BY_CODE["unanchored"].query, timeout_=timeout, nodes=nodes.tolist(), frameworks=frameworks, as_of=as_of
    )
    return row["ids"] if row else []


async def _unanchored_findings(graph: Reader, ids: list[str]) -> list[dict[str, Any]]:
    row = await graph.read_row(UNANCHORED_FINDINGS, ids=ids) if ids else None
    return row["findings"] if row else []


async def _run_check(
    graph: Reader,
    check: Check,
    frameworks: list[str],
    limit: int,
    today: dt.date | None,
    timeout: float | None,
    walked: Walked,
    days: int = EXPIRING_DAYS,
) -> tuple[int, list[Finding]]:
    if check.code == "unanchored":  # ids first, then only the shown ones described
        ids = await unanchored_ids(graph, frameworks, timeout, today, walked)
        return len(ids), [_finding(check, item) for item in await _unanchored_findings(graph, ids[:limit])]
    if check.code == "declared-gap":
        gaps = [gap for gap in await declared(graph, frameworks, timeout) if gap.finding]
        return len(gaps), [_finding(check, gap.finding) for gap in gaps[:limit]]
    found: dict[str, Any] = {}  # what the walks found, for the checks that walk the registry
    if check.code == "no-pillar":
        found["nodes"] = (await asyncio.to_thread((await walked()).unserved)).tolist()
    elif check.code == "cycle":
        found["candidates"] = (await asyncio.to_thread((await walked()).cycle_candidates)).tolist()
    row = await graph.read_row(
        check.query,
        timeout_=timeout,
        frameworks=frameworks,
        offset=0,
        limit=limit,
        today=today,
        as_of=today,
        days=days,
        provisional_years=PROVISIONAL_YEARS,
        **found,
    )
    if row is None:
        return 0, []
    findings = [_finding(check, item) for item in row["findings"]]
    return row["total"], findings


@dataclass(frozen=True)
class Declared:
    """One declared count beside what is recorded (see queries/declared.cypher)."""

    framework: str
    name: str
    measure: str
    declared: int | None
    recorded: int
    unknown: int

    @property
    def missing_at_most(self) -> int | None:
        return None if self.declared is None else max(self.declared - self.recorded, 0)

    @property
    def missing_at_least(self) -> int | None:
        return None if self.declared is None else max(self.declared - self.recorded - self.unknown, 0)

    @property
    def finding(self) -> dict[str, Any] | None:
        """The declared-gap finding's fields, or None when the record matches the declaration."""
        if self.declared is None or self.declared == self.recorded:
            return None
        if self.recorded > self.declared:
            gap = audit_text.message({"key": "declared-gap-over", "count": self.recorded - self.declared})
        elif self.missing_at_least == self.missing_at_most:
            gap = audit_text.message({"key": "declared-gap-missing", "count": self.missing_at_most})
        else:
            gap = audit_text.message(
                {
                    "key": "declared-gap-range",
                    "least": self.missing_at_least,
                    "most": self.missing_at_most,
                    "unknown": self.unknown,
                }
            )
        said = {
            "key": "declared-gap",
            "declared": self.declared,
            "measure": self.measure,
            "recorded": self.recorded,
            "gap": gap,
        }
        return {
            "subject": self.framework,
            "subject_type": "framework",
            "framework": self.framework,
            "title": self.name,
            "related": [self.measure],
            "message": said,
        }


async def declared(graph: Reader, frameworks: list[str], timeout: float | None = None) -> list[Declared]:
    """Each framework's declared counts beside what is recorded (the stats show the same rows)."""
    rows = await graph.read(DECLARED, timeout_=timeout, frameworks=frameworks)
    return [Declared(**row) for row in rows]


def _finding(check: Check, item: dict[str, Any]) -> Finding:
    said = item["message"]
    return Finding(
        check=check.code,
        severity=check.severity,
        subject=item["subject"],
        subject_type=item["subject_type"],
        framework=item.get("framework"),
        title=item.get("title"),
        message=render(audit_text.message(said)),
        message_code=said["key"],
        related=list(item.get("related") or []),
    )


async def run_audit(
    graph: Reader,
    framework: str | None = None,
    checks: list[Check] | None = None,
    limit: int = 1000,
    today: dt.date | None = None,
    timeout: float | None = None,
    expiring_days: int = EXPIRING_DAYS,
    among: list[str] | None = None,
) -> Audit:
    """Run `checks` (all by default) over one framework or all; at most `limit` findings per check.
    `graph` may be a transaction's reads (`Graph.within`): a dry run audits what it would write;
    `among` names the frameworks outright (no 404 for one the transaction has just deleted).

    Totals are always exact; `summary.truncated` says whether some findings were left out."""
    checks = list(CHECKS) if checks is None else checks
    frameworks = among if among is not None else await resolve_frameworks(graph, framework)
    walked = read_once(lambda: registry(graph, frameworks, timeout, today))
    runs = [_run_check(graph, check, frameworks, limit, today, timeout, walked, expiring_days) for check in checks]
    results = await asyncio.gather(*runs) if graph.concurrent else [await run for run in runs]
    summaries = [
        CheckSummary(
            code=check.code,
            severity=check.severity,
            description=gettext(check.description),
            findings=total,
            shown=len(findings),
        )
        for check, (total, findings) in zip(checks, results, strict=True)
    ]
    ordered = sorted(zip(checks, results, strict=True), key=lambda pair: -pair[0].severity.rank)
    findings = [finding for _, (_, items) in ordered for finding in items]
    by_severity = {severity: 0 for severity in Severity}
    for summary in summaries:
        by_severity[summary.severity] += summary.findings
    return Audit(
        summary=AuditSummary(
            frameworks=frameworks,
            generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
            total=sum(s.findings for s in summaries),
            by_severity=by_severity,
            by_check={s.code: s.findings for s in summaries},
            checks=summaries,
            truncated=any(s.findings > s.shown for s in summaries),
        ),
        findings=findings,
    )


def failing(audit: Audit, threshold: Severity | None) -> int:
    """How many findings are at or above `threshold` (None: never fail)."""
    if threshold is None:
        return 0
    return sum(count for severity, count in audit.summary.by_severity.items() if severity.rank >= threshold.rank)


async def orphans(graph: Graph, framework: str | None, offset: int, limit: int) -> Page[OrphanItem]:
    """The unanchored documents, by id, one page at a time (the `unanchored` check's own queries).

    The list is kept until the next write (app/kept.py), so paging through it walks the registry
    once; the audit itself always computes afresh."""
    frameworks = await resolve_frameworks(graph, framework)
    ids = await graph.until_next_write(("unanchored", tuple(frameworks)), lambda: unanchored_ids(graph, frameworks))
    items = await _unanchored_findings(graph, ids[offset : offset + limit])
    return Page(items=[OrphanItem(**item["document"]) for item in items], total=len(ids))
