"""The Neo4j Browser guide (`:play <API>/browser/guide.html`): a tour of the 1+7+N system.

Each slide's runnable block is a file under `queries/`, shown whole: its `:param` header lines
set the example parameters and the query runs after them (the Browser runs the block as a
script when its play icon is clicked). Text comes from the message catalogue: Chinese (with each
slide's English title beside it) unless the request asks for English (`?lang=en`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from policygraph.errors import KIND_NAMES
from policygraph.i18n import N_, Locale, current, gettext
from policygraph.queries import PARAM_LINE, QueryBook, named
from policygraph.resources import BROWSER_STYLE as STYLE_FILE
from policygraph.services.audit_text import TIER_NAMES


@dataclass(frozen=True)
class Slide:
    title: str  # a message id (English); the catalogue holds the Chinese
    text: str  # a message id: trusted HTML written here, never data
    queries: tuple[tuple[str, str], ...]  # (query name, what it shows: a message id, trusted HTML)


COLOURS = (
    '<p class="legend">'
    '<span style="color:#C0392B">■</span> {guiding} · <span style="color:#F39C12">■</span> {base} · '
    '<span style="color:#2E86C1">■</span> {supporting} · <span style="color:#27AE60">■</span> {pillar} · '
    '<span style="color:#16A085">■</span> {topic} · <span style="color:#8E44AD">■</span> {department} · '
    '<span style="color:#A5ABB6">■</span> {unknown}</p>'
)
LEGEND = {**TIER_NAMES, **{kind: KIND_NAMES[kind] for kind in ("pillar", "topic", "department")}}

SLIDES: tuple[Slide, ...] = (
    Slide(
        N_("Kunming's 1+7+N social-governance policy system"),
        N_(
            "<p><b>1</b> guiding plan, <b>7</b> pillars each resting on a base document, and <b>N</b> supporting "
            "documents that carry them out.</p>"
            "<p><b>How to run a query:</b> each query below comes as two blocks. Click ▶ on the first (the "
            "<code>:param</code> lines) to set its parameters, then ▶ on the second to run it. <b>To ask about "
            "something else</b>, click the <code>:param</code> block (it goes into the editor at the top), "
            "change the name between the quotes, and press Ctrl+Enter; then run the query again.</p>"
            "<p><b>Every query takes names</b>: a document's title, short title or 发文字号, a pillar's name, "
            "or an id. Not sure what it is called? Start with “find it” below.</p>"
        ),
        (
            ("browser/find", N_("Find it: a word or a name, e.g. <code>'营商环境'</code>:")),
            ("browser/pillars", N_("The seven pillars and their keys:")),
        ),
    ),
    Slide(
        N_("The whole system"),
        N_(
            "<p>A framework's guiding and base documents, pillars, topics and departments, always; and at most "
            "<code>limit</code> of its other documents, the most linked first. The column 未显示 (in the table "
            "view) says how many were left out: raise <code>limit</code> to see more.</p>"
            "<p>Links: 依据 = BASED_ON (what a document itself rests on) · 归属 = PLACED_UNDER (where the scheme "
            "places it) · 涵盖 = COVERS (a document on a topic) · 落实 = IMPLEMENTS (serves a pillar) · 负责 = "
            "RESPONSIBLE_FOR (lead or joint) · 修改, 废止, 替代 = AMENDS, REPEALS, REPLACES, each with its day. "
            "A link captioned 推断 is our inference, with its reason; the others a source states.</p>"
        ),
        (("browser/system", ""),),
    ),
    Slide(
        N_("One pillar's chain"),
        N_(
            "<p>A pillar, its base document, and every document that depends on that base, by its shortest chain "
            "of basis (依据) or placement (归属). Give the pillar by name (<code>'科技支撑'</code>) or key. "
            "<code>max_depth</code> bounds the hops and <code>limit</code> the documents drawn; the column 未显示 "
            "counts the rest.</p>"
        ),
        (
            ("browser/pillar_chain", N_("As a graph:")),
            ("browser/pillar_table", N_("As a table, nearest first, with the path of titles:")),
        ),
    ),
    Slide(
        N_("A document's lineage"),
        N_(
            "<p>Everything a document rests on or is placed under, up to the guiding plan, and the pillars it "
            "serves. Give the document by its short title, title, 发文字号 or id.</p>"
        ),
        (
            ("browser/lineage", N_("As a graph:")),
            ("browser/lineage_table", N_("As a table:")),
        ),
    ),
    Slide(
        N_("What if a document is repealed"),
        N_(
            "<p>Before anyone repeals or amends a document: every document resting on it, nearest first, the "
            "departments to tell (牵头 lead, 配合 joint) and the pillars they serve. 失去锚点 = 是 marks a "
            "document for which every path to the guiding plan passes through this one: it would become an "
            "orphan. Nothing is written.</p>"
            "<p>The API says the same with the audit's delta: <code>/api/v1/documents/{id}/impact</code> "
            "(<code>?format=csv</code>: a worklist per department), and every write takes "
            "<code>dry_run=true</code>. The documents that hold the system up, ranked: "
            "<code>/api/v1/analytics/critical?framework=…</code>.</p>"
        ),
        (
            ("browser/what_if", N_("As a graph (the table view shows 失去锚点):")),
            ("browser/what_if_table", N_("As a worklist:")),
        ),
    ),
    Slide(
        N_("The system on a given day"),
        N_(
            "<p>Documents are amended, repealed and replaced; plans and provisional rules expire. Every query "
            "takes <code>as_of</code>, a day: run <code>:param as_of => date('2022-06-30')</code> first, then the "
            "query; <code>:param as_of => null</code> goes back to the graph as recorded. A document whose dates "
            "are missing is kept, never guessed. A document's whole life: "
            "<code>/api/v1/documents/{id}/timeline</code>; what changed between two days: "
            "<code>/api/v1/diff?from=…&amp;to=…</code>.</p>"
        ),
        (
            ("browser/pillar_chain", N_("The chain, on that day:")),
            ("browser/lineage_table", N_("A lineage, on that day:")),
        ),
    ),
    Slide(
        N_("The audit: ownerless, orphans and gaps"),
        N_(
            "<p><b>Ownerless</b>: documents no department is responsible for. <b>Orphans</b>: base or "
            "supporting documents that reach no guiding document, neither by their basis nor by the place the "
            "scheme gives them; grouped by the base document they could attach to (that of the pillar they "
            "serve). <b>Declared against recorded</b>: the article declares 55 documents, 39 issued, 47 "
            "supporting; the public record places fewer, so the gap is given as at least and at most.</p>"
            "<p>The full report, in Chinese, with links to each document: "
            "<code>/api/v1/audit/report</code>.</p>"
        ),
        (
            ("browser/ownerless", N_("Ownerless:")),
            ("browser/orphans", N_("Orphans, by where they could attach:")),
            ("declared", N_("Declared against recorded:")),
        ),
    ),
)
for _slide in SLIDES:
    for _name, _ in _slide.queries:
        named(_name)

# The last slide offers every read query. Left out: what writes (import/, bulk/, write/, kinds/,
# idempotency/, jobs/, lifecycle/, the schema's version record) and what dumps whole frameworks (export/).
NOT_SAVED = (
    "import/",
    "export/",
    "bulk/",
    "initial/",
    "write/",
    "kinds/",
    "schema/",
    "idempotency/",
    "jobs/",
    "lifecycle/",
)


def saved_queries(book: QueryBook) -> list[str]:
    return [name for name in book.names() if not name.startswith(NOT_SAVED)]


def _block(book: QueryBook, name: str, note: str = "") -> str:
    """Two runnable blocks from one file: its `:param` header lines, then the query itself.

    Run as one script the Browser would list the statements and fold their results; run
    apart, the query's graph or table shows at once."""
    source = book[name].path.read_text(encoding="utf-8")
    params = "\n".join(PARAM_LINE.findall(source))
    shown = gettext(note) if note else ""
    parts = [f'<p class="query-name">{shown} <code>queries/{html.escape(name)}.cypher</code></p>']
    if params:
        parts.append(f'<pre class="runnable" data-params="{html.escape(name)}">{html.escape(params)}</pre>')
    query = re.sub(r"\n\s*\n", "\n", book[name].text)
    parts.append(f'<pre class="runnable" data-query="{html.escape(name)}">{html.escape(query)}</pre>')
    return "\n".join(parts)


def _slide(book: QueryBook, slide: Slide, extra: str = "") -> str:
    """A slide in the current language; in Chinese with its English title beside it."""
    locale = current.get()
    blocks = "\n".join(_block(book, name, note) for name, note in slide.queries)
    title = html.escape(gettext(slide.title))
    beside = f"<p><i>{html.escape(slide.title)}</i></p>\n" if locale is not Locale.en else ""
    return f'<slide class="row-fluid">\n<h3>{title}</h3>\n{beside}{gettext(slide.text)}{extra}\n{blocks}\n</slide>'


GUIDE_TITLE = N_("1+7+N guide")
EVERY_QUERY = Slide(
    N_("Every saved query"),
    N_(
        "<p>Every query the API runs is a file under <code>queries/</code>; each runs here as it is. The API's "
        "own queries answer in JSON; the ones above are written for reading here.</p>"
    ),
    (),
)


def guide_html(book: QueryBook) -> str:
    """The guide in the current language (`policygraph.i18n.current`)."""
    legend = COLOURS.format(**{key: html.escape(gettext(name)) for key, name in LEGEND.items()})
    slides = [_slide(book, slide, legend if index == 0 else "") for index, slide in enumerate(SLIDES)]
    every = Slide(EVERY_QUERY.title, EVERY_QUERY.text, tuple((name, "") for name in saved_queries(book)))
    slides.append(_slide(book, every))
    body = "\n".join(slides)
    locale = current.get()
    return (
        f'<!doctype html>\n<html lang="{locale.html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>policygraph: {html.escape(gettext(GUIDE_TITLE))}</title>\n</head>\n<body>\n"
        f'<article class="guide">\n<carousel class="deck container-fluid">\n{body}\n</carousel>\n</article>\n'
        "</body>\n</html>\n"
    )


def style_sheet() -> str:
    return STYLE_FILE.read_text(encoding="utf-8")
