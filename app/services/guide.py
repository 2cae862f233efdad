"""The Neo4j Browser guide (`:play <API>/browser/guide.html`): a tour of the 1+7+N system.

Each slide's runnable block is a file under `queries/`, shown whole: its `:param` header lines
set the example parameters and the query runs after them (the Browser runs the block as a
script when its play icon is clicked). Text is Chinese with English beside it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from app.queries import PARAM_LINE, QueryBook, named
from app.settings import PROJECT_ROOT

STYLE_FILE = PROJECT_ROOT / "graph" / "browser" / "style.grass"


@dataclass(frozen=True)
class Slide:
    title: str
    title_en: str
    text: str  # trusted HTML written here, never data
    queries: tuple[tuple[str, str], ...]  # (query name, what it shows: trusted HTML)


SLIDES: tuple[Slide, ...] = (
    Slide(
        "昆明“1+7+N”社会治理政策制度体系",
        "Kunming's 1+7+N social-governance policy system",
        "<p><b>1</b> 个纲领性规划,<b>7</b> 个方面各以一份基础性文件为基础,<b>N</b> 份配套文件落实它们。"
        "<br>One guiding plan, seven pillars each resting on a base document, and N supporting "
        "documents that implement them.</p>"
        "<p>颜色 / colours: "
        '<span style="color:#C0392B">■ 纲领 guiding</span> · '
        '<span style="color:#F39C12">■ 基础 base</span> · '
        '<span style="color:#2E86C1">■ 配套 supporting</span> · '
        '<span style="color:#27AE60">■ 支柱 pillar</span> · '
        '<span style="color:#8E44AD">■ 部门 department</span><br>'
        "关系 / links: 依据 = BASED_ON (a rests on b) · 落实 = IMPLEMENTS (serves a pillar) · "
        "负责 = RESPONSIBLE_FOR (lead 牵头 / joint 配合)</p>"
        "<p>每个查询有两个代码块:先点 ▶ 设置参数 (<code>:param</code>),再点 ▶ 运行查询。"
        "点击代码本身则放入编辑器,可修改后再运行。"
        "<br>Each query comes as two blocks: click ▶ on the <code>:param</code> lines to set the "
        "example parameters, then ▶ on the query. Click the code itself to put it in the editor "
        "and change it first.</p>",
        (),
    ),
    Slide(
        "体系全貌",
        "The whole system",
        "<p>一个框架的全部文件、支柱和部门,以及依据 (BASED_ON)、落实 (IMPLEMENTS) 和负责 (RESPONSIBLE_FOR) 关系。"
        "<br>Every document, pillar and department of a framework, with their links.</p>",
        (("browser/system", ""),),
    ),
    Slide(
        "一个支柱的链条",
        "One pillar's chain",
        "<p>支柱 → 基础性文件 → 依据它的每一份文件(最短依据链)。这是本项目的核心查询。"
        "<br>The headline query: a pillar, its base document, and every document that depends on "
        "that base, by its shortest BASED_ON chain. Change <code>key</code> to another pillar "
        "(e.g. <code>'science-technology'</code>).</p>",
        (
            ("browser/pillar_chain", "图 / as a graph:"),
            (
                "pillar_dependents",
                "表 / as a table, with distances (the API's <code>/pillars/{key}/dependents</code>):",
            ),
        ),
    ),
    Slide(
        "一份文件的来龙去脉",
        "A document's lineage",
        "<p>一份文件依据的所有文件,直到纲领性规划,以及沿途落实的支柱。"
        "<br>Everything a document rests on, up to the guiding plan, and the pillars reached on the way.</p>",
        (
            ("browser/lineage", "图 / as a graph:"),
            ("lineage", "表 / as a table (the API's <code>/documents/{id}/lineage</code>):"),
        ),
    ),
    Slide(
        "审计:孤立文件与缺口",
        "The audit: orphans and gaps",
        "<p>孤立文件 (unanchored):没有任何依据链通向纲领性文件。种子数据中没有孤立文件。"
        "<br>Orphans: documents with no BASED_ON path to any guiding document. The seed has none.</p>"
        "<p>申报与记录之差 (declared-gap):文章称体系共 55 份文件、已出台 39 份、配套 47 份,公开记录只能列出 16 份。"
        "<br>Declared against recorded: the article declares 55 documents, 39 issued, 47 supporting; "
        "the public record names 16.</p>"
        "<p>无责任部门 (ownerless):文章未说明各文件的牵头部门。"
        "<br>Ownerless: the article names no responsible department for any single document. "
        "The full report: <code>/api/v1/audit/report</code>.</p>",
        (
            ("audit/unanchored", "孤立文件 / orphans:"),
            ("audit/declared-gap", "申报与记录之差 / declared against recorded:"),
            ("audit/ownerless", "无责任部门 / ownerless documents:"),
        ),
    ),
)
for _slide in SLIDES:
    for _name, _ in _slide.queries:
        named(_name)

# The last slide offers every read query. Left out: what writes (import/, bulk/, write/, the
# schema's version record) and what dumps whole frameworks (export/).
NOT_SAVED = ("import/", "export/", "bulk/", "write/", "schema/")


def saved_queries(book: QueryBook) -> list[str]:
    return [name for name in book.names() if not name.startswith(NOT_SAVED)]


def _block(book: QueryBook, name: str, note: str = "") -> str:
    """Two runnable blocks from one file: its `:param` header lines, then the query itself.

    Run as one script the Browser would list the statements and fold their results; run
    apart, the query's graph or table shows at once."""
    source = book[name].path.read_text(encoding="utf-8")
    params = "\n".join(PARAM_LINE.findall(source))
    parts = [f'<p class="query-name">{note} <code>queries/{html.escape(name)}.cypher</code></p>']
    if params:
        parts.append(f'<pre class="runnable" data-params="{html.escape(name)}">{html.escape(params)}</pre>')
    query = re.sub(r"\n\s*\n", "\n", book[name].text)
    parts.append(f'<pre class="runnable" data-query="{html.escape(name)}">{html.escape(query)}</pre>')
    return "\n".join(parts)


def _slide(book: QueryBook, title: str, title_en: str, text: str, queries: list[tuple[str, str]]) -> str:
    blocks = "\n".join(_block(book, name, note) for name, note in queries)
    return (
        '<slide class="row-fluid">\n'
        f"<h3>{html.escape(title)}</h3>\n<p><i>{html.escape(title_en)}</i></p>\n{text}\n{blocks}\n</slide>"
    )


def guide_html(book: QueryBook) -> str:
    slides = [_slide(book, s.title, s.title_en, s.text, list(s.queries)) for s in SLIDES]
    slides.append(
        _slide(
            book,
            "全部查询",
            "Every saved query",
            "<p>API 运行的每一个查询都是 <code>queries/</code> 下的一个文件,可在此直接运行。"
            "<br>Every query the API runs is a file under <code>queries/</code>; each runs here as it is.</p>",
            [(name, "") for name in saved_queries(book)],
        )
    )
    body = "\n".join(slides)
    return (
        '<!doctype html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
        "<title>policygraph: 1+7+N 导览 / guide</title>\n</head>\n<body>\n"
        f'<article class="guide">\n<carousel class="deck container-fluid">\n{body}\n</carousel>\n</article>\n'
        "</body>\n</html>\n"
    )


def style_sheet() -> str:
    return STYLE_FILE.read_text(encoding="utf-8")
