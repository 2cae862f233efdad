"""`policygraph impact` and `load --dry-run`: what a change would touch, as a table, JSON or a CSV
worklist per department (the API's `Impact`, from the same dry run)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from policygraph import settings as config
from policygraph.cli.common import with_graph
from policygraph.cli.errors import handled
from policygraph.i18n import N_, _, gettext, render
from policygraph.model.impact import Action, Impact
from policygraph.services import impact


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ActionChoice(StrEnum):
    repeal = "repeal"
    amend = "amend"


FormatOption = Annotated[Format, typer.Option("--format", help="table, json or csv (a worklist per department).")]
OutputOption = Annotated[Path | None, typer.Option("-o", "--output", help="File (default: stdout)")]


@handled
def impact_command(
    document: Annotated[str, typer.Argument(help="The document's id")],
    action: Annotated[ActionChoice, typer.Option(help="repeal or amend")] = ActionChoice.repeal,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """What repealing or amending a document would touch: the documents resting on it, their
    departments and pillars, links that would become suspect, would-be orphans, the audit's delta.
    Nothing is written."""
    chosen: Action = "repeal" if action is ActionChoice.repeal else "amend"
    settings = config.get_settings()
    found = with_graph(
        settings, lambda g: impact.of_document(g, document, chosen, audit_documents=settings.dry_run_audit_documents)
    )
    show(found, fmt, output)


def show(found: Impact, fmt: Format, output: Path | None) -> None:
    """The impact in the chosen format, on stdout or into a file."""
    if fmt is Format.table and output is None:
        _table(Console(), found)
        return
    if fmt is Format.table:
        with output.open("w", encoding="utf-8") as file:
            _table(Console(file=file, width=160), found)
        return
    text = found.model_dump_json(indent=2) + "\n" if fmt is Format.json else impact.worklist_csv(found)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _table(out: Console, found: Impact) -> None:
    out.print(found.detail, highlight=False, markup=False)
    table = Table(show_lines=False)
    for column in (N_("distance"), N_("document"), N_("title"), N_("departments"), N_("pillars"), N_("effect")):
        table.add_column(gettext(column), overflow="fold")
    for document in found.documents:
        effects = [
            gettext(label)
            for flag, label in (
                (document.deleted, N_("deleted")),
                (document.suspect, N_("links become suspect")),
                (document.only_anchor, N_("loses its only anchor")),
                (document.unanchored, N_("left unanchored")),
            )
            if flag
        ]
        departments = " ".join(
            f"{d.name or d.id}（{gettext(impact.ROLES[d.role])}）" if d.role else d.name or d.id
            for d in document.departments
        )
        cells = (document.id, document.title or "", departments, " ".join(document.pillars), " ".join(effects))
        table.add_row(str(document.distance), *cells)
    out.print(table)
    delta = found.audit
    if not delta.checked:
        out.print(delta.detail or "", highlight=False, markup=False)
    changes = ", ".join(f"{code} {count:+d}" for code, count in delta.by_check.items()) or gettext(N_("no change"))
    out.print(render(_("audit: {changes}", changes=changes)), highlight=False, markup=False)
    for finding in delta.appear:
        out.print(f"+ {finding.check} {finding.subject}: {finding.message}", highlight=False, markup=False)
    for finding in delta.disappear:
        out.print(f"- {finding.check} {finding.subject}: {finding.message}", highlight=False, markup=False)
