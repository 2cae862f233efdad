"""`policygraph audit`: the audit's findings as a table, JSON, CSV or a Markdown report, with an
exit code a CI job can gate on."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from policygraph import settings as config
from policygraph.cli.common import as_of_day, with_graph
from policygraph.cli.errors import INVALID, fail, handled, say
from policygraph.i18n import N_, Text, _, gettext, render
from policygraph.model.api import Audit, CleanupItem, Severity
from policygraph.services import audit, cleanup, report
from policygraph.services.report import SEVERITY_NAMES


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


@handled
def audit_command(
    fmt: Annotated[Format, typer.Option("--format", help="table, json, csv or md (a Markdown report).")] = Format.table,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 when a finding has this severity or above; never: always exit 0.")
    ] = FailOn.error,
    framework: Annotated[str | None, typer.Option(help="Only this framework (default: all).")] = None,
    check: Annotated[list[str] | None, typer.Option(help="Run only this check (may repeat).")] = None,
    skip: Annotated[list[str] | None, typer.Option(help="Leave out this check (may repeat).")] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=audit.MAX_FINDINGS_PER_CHECK, help="Most findings listed per check.")
    ] = audit.MAX_FINDINGS_PER_CHECK,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (default: stdout)")] = None,
) -> None:
    """Check the graph for orphans, cycles, broken chains, missing owners and declared gaps.

    Exits 0 when nothing reaches --fail-on, 1 when something does, 2 when the audit cannot run."""
    try:
        checks = audit.select_checks(check, skip or ())
    except ValueError as exc:
        fail(str(exc), INVALID)
    settings = config.get_settings()
    result = with_graph(
        settings, lambda g: audit.run_audit(g, framework, checks, limit, timeout=settings.audit_timeout)
    )
    if fmt is Format.table:
        print_table(result, output)
    else:
        text = {Format.json: report.json_text, Format.csv: report.csv_text, Format.md: report.markdown}[fmt](result)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    failing = audit.failing(result, threshold)
    if failing:
        say(_("{count} finding(s) at or above {severity}", count=failing, severity=Text(SEVERITY_NAMES[fail_on.value])))
        raise typer.Exit(1)


def print_table(result: Audit, output: Path | None) -> None:
    title = render(_("audit: {frameworks}", frameworks=result.summary.frameworks))
    table = Table(title=title, show_lines=False)
    for column in (N_("severity"), N_("check"), N_("subject"), N_("title"), N_("message")):
        table.add_column(gettext(column), overflow="fold")
    for finding in result.findings:
        severity = gettext(SEVERITY_NAMES[finding.severity.value])
        table.add_row(severity, finding.check, finding.subject, finding.title or "", finding.message)
    counts = report.counts_text(result.summary.by_severity)
    if output is None:
        _print_table(Console(), table, result, counts)
        return
    with output.open("w", encoding="utf-8") as file:
        _print_table(Console(file=file, width=160), table, result, counts)


def _print_table(out: Console, table: Table, result: Audit, counts: str) -> None:
    out.print(table)
    out.print(render(_("{total} findings ({counts})", total=result.summary.total, counts=counts)), highlight=False)


@handled
def cleanup_command(
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Folder for the CSV files (created if missing).")],
    framework: Annotated[str | None, typer.Option(help="Only this framework (default: all).")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="YYYY-MM-DD: judge as of this day (default: today).")
    ] = None,
    expiring_days: Annotated[
        int, typer.Option(min=1, max=3660, help="Report end dates within this many days.")
    ] = audit.EXPIRING_DAYS,
) -> None:
    """Write the clean-up worklist (清理): one CSV per responsible department, each document with
    keep, amend or repeal and the reasons, for a spreadsheet (UTF-8 with a byte-order mark)."""
    day = as_of_day(as_of)
    settings = config.get_settings()
    page = with_graph(settings, lambda g: cleanup.worklist(g, framework, today=day, expiring_days=expiring_days))
    if page.total > len(page.items):
        fail(
            _(
                "{total} rows: more than one worklist holds ({most}); run it per framework",
                total=page.total,
                most=cleanup.MAX_ROWS,
            ),
            INVALID,
        )
    by_department: dict[str, list[CleanupItem]] = {}
    for item in page.items:
        by_department.setdefault(item.department, []).append(item)
    out_dir.mkdir(parents=True, exist_ok=True)
    for department, items in sorted(by_department.items()):
        (out_dir / f"{department}.csv").write_text(cleanup.to_csv(items), encoding="utf-8")
    counts = {action: sum(item.action == action for item in page.items) for action in ("repeal", "amend", "keep")}
    say(
        _(
            "{count} department file(s) in {folder}: {repeal} repeal, {amend} amend, {keep} keep",
            count=len(by_department),
            folder=str(out_dir),
            **counts,
        )
    )
