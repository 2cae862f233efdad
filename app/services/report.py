"""An audit as a person reads it (Markdown, HTML) or a tool does (CSV, JSON).

The Markdown page is the report; the HTML page is that Markdown rendered, so both say the same.
Text from the graph (titles, messages) is escaped, so it is shown as written and never runs.
"""

from __future__ import annotations

import csv
import html
import io
import re

from markdown_it import MarkdownIt

from policygraph.model.api import Audit, Finding, Severity

HEADINGS = {Severity.error: "Errors", Severity.warning: "Warnings", Severity.info: "Info"}
CSV_COLUMNS = ("check", "severity", "subject", "subject_type", "framework", "title", "message", "related")
# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that could start markup inside a table cell or paragraph.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~&!#])")


def md_text(text: str | None) -> str:
    """Plain text safe inside Markdown (and a table cell): markup characters escaped, one line."""
    if not text:
        return ""
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def _findings_by_check(audit: Audit) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in audit.findings:
        grouped.setdefault(finding.check, []).append(finding)
    return grouped


def markdown(audit: Audit) -> str:
    """The report: a summary table of every check run, then the findings by severity and check."""
    summary = audit.summary
    counts = " · ".join(f"{summary.by_severity[s]} {HEADINGS[s].lower()}" for s in Severity)
    lines = [
        f"# Audit of {md_text(', '.join(summary.frameworks) or '(no framework)')}",
        "",
        f"Generated {summary.generated_at.isoformat()} · {summary.total} findings: {counts}.",
        "",
        "| check | severity | findings | what it looks for |",
        "|---|---|---:|---|",
    ]
    for check in summary.checks:
        lines.append(f"| {check.code} | {check.severity.value} | {check.findings} | {md_text(check.description)} |")
    grouped = _findings_by_check(audit)
    for severity in Severity:
        checks = [c for c in summary.checks if c.severity == severity and c.findings]
        if not checks:
            continue
        lines += ["", f"## {HEADINGS[severity]} ({sum(c.findings for c in checks)})"]
        for check in checks:
            shown = grouped.get(check.code, [])
            lines += ["", f"### {check.code} ({check.findings})", "", md_text(check.description), ""]
            if check.findings > len(shown):
                lines += [f"Showing the first {len(shown)} of {check.findings}.", ""]
            lines += ["| subject | title | message |", "|---|---|---|"]
            for finding in shown:
                lines.append(f"| {md_text(finding.subject)} | {md_text(finding.title)} | {md_text(finding.message)} |")
    if not summary.total:
        lines += ["", "No findings: every check passed."]
    return "\n".join(lines) + "\n"


_renderer = MarkdownIt("commonmark", {"html": False}).enable("table")

_STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #1f2328; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; font-size: .92rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
"""


def html_page(audit: Audit) -> str:
    """The Markdown report rendered as one self-contained HTML page (raw HTML in text is escaped)."""
    title = html.escape(f"policygraph audit: {', '.join(audit.summary.frameworks)}")
    body = _renderer.render(markdown(audit))
    return (
        '<!doctype html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ (a formula to Excel, WPS and
    LibreOffice) gets a ' in front, and NUL bytes are dropped (OWASP's CSV injection advice)."""
    value = value.replace("\x00", "")
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_text(audit: Audit) -> str:
    """One row per finding; `related` ids separated by spaces; every cell safe to open
    in a spreadsheet (`csv_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in audit.findings:
        row = [
            f.check,
            f.severity.value,
            f.subject,
            f.subject_type,
            f.framework or "",
            f.title or "",
            f.message,
            " ".join(f.related),
        ]
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()


def json_text(audit: Audit) -> str:
    return audit.model_dump_json(indent=2) + "\n"
