"""An audit as a person reads it (Markdown, HTML) or a tool does (CSV, JSON), in the reader's language.

Both pages group the findings by framework, then by the record they are about, so an auditor
works through one document at a time. The HTML page is self-contained (no scripts or fonts from
elsewhere: it opens on an intranet and prints), with a contents list, counts, a severity filter,
pages of subjects (so ten thousand findings stay a page a browser draws at once), and links to
each document in the API and in the Neo4j Browser. Text from the graph is escaped, so it is
shown as written and never runs.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote, urlencode

from markdown_it import MarkdownIt

from policygraph.errors import kind_text
from policygraph.i18n import N_, Text, _, current, gettext, render
from policygraph.model.api import Audit, Finding, Severity
from policygraph.queries import book, named
from policygraph.services import names

SEVERITY_NAMES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
HEADINGS = {Severity.error: N_("Errors"), Severity.warning: N_("Warnings"), Severity.info: N_("Info")}
# What the Browser link opens: this query, after a :param line naming the record.
RECORD = named("browser/record")
# Words the pages use (the catalogue translates them).
LABELS = {
    "check": N_("check"),
    "severity": N_("severity"),
    "findings": N_("findings"),
    "what it looks for": N_("what it looks for"),
    "record (API)": N_("record (API)"),
    "open in the Neo4j Browser": N_("open in the Neo4j Browser"),
    "pages": N_("pages"),
    "Show:": N_("Show:"),
    "Print": N_("Print"),
    "Contents": N_("Contents"),
    "Checks": N_("Checks"),
}
SUBJECTS_PER_PAGE = 100  # the HTML page shows this many subjects at once, with pages for the rest
CSV_COLUMNS = ("check", "severity", "subject", "subject_type", "framework", "title", "message", "related")
# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that could start markup inside a table cell or paragraph.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~&!#])")


def md_text(text: str | None) -> str:
    """Plain text safe inside Markdown (and a table cell): markup characters escaped, one line."""
    if not text:
        return ""
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def severity_name(severity: Severity | str) -> str:
    return gettext(SEVERITY_NAMES[Severity(severity).value])


@dataclass
class Subject:
    """One record and what the audit says about it."""

    key: str
    kind: str
    title: str | None
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(f.severity == severity for f in self.findings)

    @property
    def worst(self) -> Severity:
        return max((f.severity for f in self.findings), key=lambda s: s.rank)


@dataclass
class Section:
    """One framework's findings, by subject, the worst first."""

    framework: str
    subjects: list[Subject]

    def count(self, severity: Severity) -> int:
        return sum(s.count(severity) for s in self.subjects)


def sections(audit: Audit) -> list[Section]:
    grouped: dict[str, dict[tuple[str, str], Subject]] = {}
    for finding in audit.findings:
        framework = finding.framework or "-"
        subjects = grouped.setdefault(framework, {})
        key = (finding.subject_type, finding.subject)
        if key not in subjects:
            subjects[key] = Subject(finding.subject, finding.subject_type, finding.title)
        subjects[key].findings.append(finding)
    result = []
    for framework in sorted(grouped):
        subjects = sorted(grouped[framework].values(), key=lambda s: (-s.worst.rank, -len(s.findings), s.key))
        result.append(Section(framework, subjects))
    return result


def counts_text(by_severity: dict[Severity, int]) -> str:
    """The counts by severity in the reader's words (the report's headings, the CLI's table)."""
    return render(
        [_("{count} {severity}", count=by_severity[s], severity=Text(SEVERITY_NAMES[s.value])) for s in Severity]
    )


def _title(audit: Audit) -> str:
    return render(_("Audit of {frameworks}", frameworks=audit.summary.frameworks or [_("(no framework)")]))


def markdown(audit: Audit) -> str:
    """The report: the checks run with their counts, then the findings by framework and subject."""
    summary = audit.summary
    lines = [
        f"# {md_text(_title(audit))}",
        "",
        render(
            _(
                "Generated {at} · {total} findings: {counts}.",
                at=summary.generated_at.isoformat(),
                total=summary.total,
                counts=counts_text(summary.by_severity),
            )
        ),
        "",
        f"| {gettext(LABELS['check'])} | {gettext(LABELS['severity'])} | {gettext(LABELS['findings'])} "
        f"| {gettext(LABELS['what it looks for'])} |",
        "|---|---|---:|---|",
    ]
    for check in summary.checks:
        lines.append(
            f"| {check.code} | {severity_name(check.severity)} | {check.findings} | {md_text(check.description)} |"
        )
    if summary.truncated:
        lines += ["", render(_("Some checks found more than are listed here; the counts above are complete."))]
    for section in sections(audit):
        counts = counts_text({s: section.count(s) for s in Severity})
        lines += ["", "## " + md_text(render(_("{framework} ({counts})", framework=section.framework, counts=counts)))]
        for subject in section.subjects:
            name = render(_("{title} ({key})", title=subject.title, key=subject.key)) if subject.title else subject.key
            lines += ["", f"### {md_text(name)}", ""]
            for finding in subject.findings:
                said = render(_("{check}: {message}", check=f"`{finding.check}`", message=md_text(finding.message)))
                lines.append(f"- **{severity_name(finding.severity)}** {said}")
    if not summary.total:
        lines += ["", render(_("No findings: every check passed."))]
    return "\n".join(lines) + "\n"


_renderer = MarkdownIt("commonmark", {"html": False}).enable("table")

_STYLE = """
:root { --error: #b42318; --warning: #b54708; --info: #175cd3; --line: #d0d7de; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
       margin: 1.5rem auto; max-width: 75rem; padding: 0 1rem; color: #1f2328; line-height: 1.55; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.2rem; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.sev { display: inline-block; min-width: 2.6em; padding: 0 .35em; border-radius: .25em; color: #fff;
       font-size: .8rem; text-align: center; }
.sev.error { background: var(--error); } .sev.warning { background: var(--warning); }
.sev.info { background: var(--info); }
.controls { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid var(--line);
            z-index: 1; display: flex; gap: 1.2rem; flex-wrap: wrap; align-items: center; }
nav.contents ul { margin: .2rem 0; } nav.contents li { margin: .1rem 0; }
details.subject { border: 1px solid var(--line); border-radius: .3rem; margin: .35rem 0; padding: .2rem .6rem; }
details.subject > summary { cursor: pointer; }
details.subject ol { margin: .3rem 0 .4rem; padding-left: 1.4rem; } details.subject li { margin: .25rem 0; }
.links { font-size: .85rem; margin-left: .6rem; } .links a { margin-right: .6rem; }
.muted { color: #57606a; font-size: .88rem; } code { font-size: .85em; }
.pager { margin: .6rem 0; } .pager button { margin: 0 .15rem .3rem 0; }
.hidden, body.hide-error .f.error, body.hide-warning .f.warning, body.hide-info .f.info { display: none; }
@media print {
  .controls, .pager, .links { display: none; }
  .page { display: block !important; } details.subject { break-inside: avoid; }
  body { max-width: none; margin: 0; font-size: 10.5pt; } a { color: inherit; text-decoration: none; }
}
"""

# Pages of subjects, the severity filter, and everything opened for printing. No data in it.
_SCRIPT = """
(function () {
  function show(section, n) {
    section.querySelectorAll('.page').forEach(function (p, i) { p.classList.toggle('hidden', i !== n); });
    section.querySelectorAll('.pager button').forEach(function (b, i) { b.disabled = i === n; });
  }
  document.querySelectorAll('section.framework').forEach(function (section) {
    section.querySelectorAll('.pager button').forEach(function (b, i) {
      b.addEventListener('click', function () { show(section, i); });
    });
    show(section, 0);
  });
  function openPageOf(id) {
    var el = document.getElementById(id);
    if (!el) return;
    var page = el.closest('.page'), section = el.closest('section.framework');
    if (page && section) show(section, Array.prototype.indexOf.call(section.querySelectorAll('.page'), page));
    if (el.tagName === 'DETAILS') el.open = true;
    el.scrollIntoView();
  }
  window.addEventListener('hashchange', function () { openPageOf(location.hash.slice(1)); });
  if (location.hash) openPageOf(location.hash.slice(1));
  document.querySelectorAll('input[data-severity]').forEach(function (box) {
    box.addEventListener('change', function () {
      document.body.classList.toggle('hide-' + box.dataset.severity, !box.checked);
    });
  });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details.subject').forEach(function (d) { d.open = true; });
  });
  var print = document.getElementById('print');
  if (print) print.addEventListener('click', function () { window.print(); });
})();
"""


def _anchor(prefix: str, key: str) -> str:
    return f"{prefix}-{quote(key, safe='')}"


@cache
def _record_query() -> str:
    """queries/browser/record.cypher on one line, its comments left out: a link per record stays short."""
    lines = (line.strip() for line in book()[RECORD].text.splitlines())
    return " ".join(line for line in lines if line and not line.startswith("//"))


def browser_link(browser_url: str | None, key: str) -> str | None:
    """The Neo4j Browser with queries/browser/record.cypher in its editor, the record named by its
    :param line (the key as a JSON string, which Cypher reads as the same string)."""
    if not browser_url:
        return None
    script = f":param key => {json.dumps(key, ensure_ascii=False)};\n{_record_query()}"
    return f"{browser_url.rstrip('/')}/browser/?{urlencode({'cmd': 'edit', 'arg': script})}"


def api_link(kind: str, key: str) -> str | None:
    collection = names.COLLECTIONS.get(kind)
    return f"/api/v1/{collection}/{quote(key, safe='')}" if collection else None


def _subject_html(subject: Subject, browser_url: str | None) -> str:
    e = html.escape
    kinds = " ".join(sorted({f.severity.value for f in subject.findings}))
    counts = " ".join(f'<span class="sev {s.value}">{subject.count(s)}</span>' for s in Severity if subject.count(s))
    name = f"{e(subject.title)} <code>{e(subject.key)}</code>" if subject.title else f"<code>{e(subject.key)}</code>"
    links = []
    if (api := api_link(subject.kind, subject.key)) is not None:
        links.append(f'<a href="{e(api)}">{e(gettext(LABELS["record (API)"]))}</a>')
    if (browser := browser_link(browser_url, subject.key)) is not None:
        links.append(
            f'<a href="{e(browser)}" target="_blank" rel="noopener">'
            f"{e(gettext(LABELS['open in the Neo4j Browser']))}</a>"
        )
    items = "".join(
        f'<li class="f {f.severity.value}"><span class="sev {f.severity.value}">{e(severity_name(f.severity))}</span> '
        f"<code>{e(f.check)}</code> {e(f.message)}</li>"
        for f in subject.findings
    )
    kind = e(render(kind_text(subject.kind)))
    return (
        f'<details class="subject f {kinds}" id="{e(_anchor("s", subject.kind + ":" + subject.key))}">'
        f'<summary>{counts} <span class="muted">{kind}</span> {name}<span class="links">{"".join(links)}</span>'
        f"</summary><ol>{items}</ol></details>"
    )


def _section_html(section: Section, browser_url: str | None) -> str:
    e = html.escape
    pages = [section.subjects[i : i + SUBJECTS_PER_PAGE] for i in range(0, len(section.subjects), SUBJECTS_PER_PAGE)]
    pager = ""
    if len(pages) > 1:
        buttons = "".join(
            f'<button type="button">{i * SUBJECTS_PER_PAGE + 1}–{i * SUBJECTS_PER_PAGE + len(page)}</button>'
            for i, page in enumerate(pages)
        )
        pager = f'<div class="pager" aria-label="{e(gettext(LABELS["pages"]))}">{buttons}</div>'
    bodies = "".join(
        f'<div class="page">{"".join(_subject_html(s, browser_url) for s in page)}</div>' for page in pages
    )
    counts = counts_text({s: section.count(s) for s in Severity})
    heading = render(
        _(
            "{framework}: {subjects} records with findings ({counts})",
            framework=section.framework,
            subjects=len(section.subjects),
            counts=counts,
        )
    )
    return (
        f'<section class="framework" id="{e(_anchor("fw", section.framework))}">'
        f"<h2>{e(heading)}</h2>{pager}{bodies}</section>"
    )


def html_page(audit: Audit, browser_url: str | None = None) -> str:
    """The report as one self-contained page: contents, checks, then findings by framework and record."""
    e = html.escape
    summary = audit.summary
    groups = sections(audit)
    contents = "".join(
        f'<li><a href="#{e(_anchor("fw", g.framework))}">{e(g.framework)}</a> '
        f'<span class="muted">{e(counts_text({s: g.count(s) for s in Severity}))}</span></li>'
        for g in groups
    )
    check_rows = "".join(
        f'<tr><td><code>{e(c.code)}</code></td><td><span class="sev {c.severity.value}">'
        f'{e(severity_name(c.severity))}</span></td><td class="n">{c.findings}</td><td>{e(c.description)}</td></tr>'
        for c in summary.checks
    )
    filters = "".join(
        f'<label><input type="checkbox" checked data-severity="{s.value}"> '
        f'<span class="sev {s.value}">{e(severity_name(s))}</span> {summary.by_severity[s]}</label>'
        for s in Severity
    )
    more = _("Some checks found more than are listed here; the counts above are complete.")
    truncated = f'<p class="muted">{e(render(more))}</p>' if summary.truncated else ""
    passed = _("No findings: every check passed.")
    empty = f"<p>{e(render(passed))}</p>" if not summary.total else ""
    generated = render(
        _(
            "Generated {at} · {total} findings: {counts}.",
            at=summary.generated_at.isoformat(),
            total=summary.total,
            counts=counts_text(summary.by_severity),
        )
    )
    head = (
        f"<th>{e(gettext(LABELS['check']))}</th><th>{e(gettext(LABELS['severity']))}</th>"
        f"<th>{e(gettext(LABELS['findings']))}</th><th>{e(gettext(LABELS['what it looks for']))}</th>"
    )
    body = (
        f'<h1>{e(_title(audit))}</h1><p class="muted">{e(generated)}</p>'
        f'<div class="controls"><span>{e(gettext(LABELS["Show:"]))}</span>{filters}'
        f'<button type="button" id="print">{e(gettext(LABELS["Print"]))}</button></div>'
        f'<nav class="contents"><h2>{e(gettext(LABELS["Contents"]))}</h2><ul>'
        f'<li><a href="#checks">{e(gettext(LABELS["Checks"]))}</a></li>{contents}</ul></nav>'
        f'<h2 id="checks">{e(gettext(LABELS["Checks"]))}</h2><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{check_rows}</tbody></table>{truncated}{empty}"
        + "".join(_section_html(g, browser_url) for g in groups)
    )
    locale = current.get()
    return (
        f'<!doctype html>\n<html lang="{locale.html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(_title(audit))}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
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
