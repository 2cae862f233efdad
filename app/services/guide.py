"""The Neo4j Browser guide (`:play <API>/browser/guide.html`): a tour of the 1+7+N system.

Each slide's runnable block is a file under `queries/`, shown whole: its `:param` header lines
set the example parameters and the query runs after them (the Browser runs the block as a
script when its play icon is clicked). Text is Chinese with English beside it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from policygraph.queries import PARAM_LINE, QueryBook, named
from policygraph.resources import BROWSER_STYLE as STYLE_FILE


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
        '<span style="color:#16A085">■ 议题 topic</span> · '
        '<span style="color:#8E44AD">■ 部门 department</span> · '
        '<span style="color:#A5ABB6">■ 层级未明 tier unknown</span><br>'
        "关系 / links: 依据 = BASED_ON (a 自己所依据的文件 / what a itself rests on) · "
        "归属 = PLACED_UNDER (《实施方案》把 a 放在 b 之下 / where the scheme places a) · "
        "涵盖 = COVERS (文件属于某议题 / a document on a topic) · 落实 = IMPLEMENTS (serves a pillar) · "
        "负责 = RESPONSIBLE_FOR (lead 牵头 / joint 配合) · "
        "修改 = AMENDS · 废止 = REPEALS · 替代 = REPLACES (各带生效日期 / each with the day it takes effect)</p>"
        "<p>每条关系和每个节点都带有来源 (<code>sources</code>) 和确定性 (<code>certainty</code>):"
        "stated 为来源明言;inferred 为推断,连线上标注“推断”,并附理由 (<code>reason</code>)。"
        "<br>Every node and link carries its sources and certainty: stated (a source says it) or "
        "inferred (our reading, with its reason); inferred links are captioned 推断.</p>"
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
        "<p>一个框架的全部文件、议题、支柱和部门,以及它们之间的关系。"
        "<br>Every document, topic, pillar and department of a framework, with their links.</p>",
        (("browser/system", ""),),
    ),
    Slide(
        "一个支柱的链条",
        "One pillar's chain",
        "<p>支柱 → 基础性文件 → 依赖它的每一项(依据链或《实施方案》的归属,取最短)。这是本项目的核心查询。"
        "<br>The headline query: a pillar, its base document, and every record that depends on "
        "that base, by its shortest chain of basis (BASED_ON) or placement (PLACED_UNDER, COVERS). "
        "Change <code>key</code> to another pillar (e.g. <code>'science-technology'</code>).</p>",
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
        "<p>一份文件依据的、或被归属其下的所有文件,直到纲领性规划,以及沿途落实的支柱。"
        "每一项注明关系 (relation:basis 依据 / structure 归属) 和确定性。"
        "<br>Everything a document rests on or is placed under, up to the guiding plan, and the "
        "pillars reached on the way; each item says whether it is basis or structure, stated or inferred.</p>",
        (
            ("browser/lineage", "图 / as a graph:"),
            ("lineage", "表 / as a table (the API's <code>/documents/{id}/lineage</code>):"),
        ),
    ),
    Slide(
        "某一天的体系",
        "The system on a given day",
        "<p>文件会被修改、废止、替代,规划和试行文件会到期。每个查询都可以带 <code>as_of</code>(某一天):"
        "只沿当天有效的文件走;日期未知的文件保留,标为 <code>in_force: unknown</code>,不猜。"
        "先运行 <code>:param as_of => date('2022-06-30')</code>,再运行下面的查询;"
        "<code>:param as_of => null</code> 回到现在记录的样子。"
        "<br>Documents are amended, repealed and replaced; plans and provisional rules expire. Every query "
        "takes <code>as_of</code>, a day: it follows only the documents in force that day, and keeps those "
        "whose force a missing date leaves unknown (marked <code>in_force: unknown</code>, never guessed). "
        "Run <code>:param as_of => date('2022-06-30')</code> first, then the query; "
        "<code>:param as_of => null</code> goes back to the graph as recorded. "
        "A document's whole life: <code>/api/v1/documents/{id}/timeline</code>; what changed between two "
        "days: <code>/api/v1/diff?from=…&amp;to=…</code>.</p>",
        (
            ("browser/pillar_chain", "图 / as a graph, on that day:"),
            ("lineage", "表 / as a table, on that day (the API's <code>/documents/{id}/lineage?as_of=</code>):"),
        ),
    ),
    Slide(
        "审计:孤立文件与缺口",
        "The audit: orphans and gaps",
        "<p>孤立文件 (unanchored):已定层级的文件,既无依据链、也无《实施方案》的归属通向纲领性文件。"
        "<br>Orphans: base or supporting documents that reach no guiding document, neither by "
        "their basis nor by the place the scheme gives them.</p>"
        "<p>申报与记录之差 (declared-gap):文章称体系共 55 份文件、已出台 39 份、配套 47 份;"
        "公开记录能确定归属的只有 1 份纲领性文件和 7 份基础性文件,另有几份文件归属未明,故只能说“至少缺少”多少份。"
        "<br>Declared against recorded: 55 documents declared, 39 issued, 47 supporting; the public "
        "record places 1 guiding and 7 base documents, and a few more whose membership is unknown, "
        "so the gap is given as at least and at most.</p>"
        "<p>推断 (inferred):不是来源明言、而是本项目推断的每一项,附理由。"
        "<br>Inferred: every claim that is our reading rather than a source's words, with its reason. "
        "The full report: <code>/api/v1/audit/report</code>.</p>",
        (
            ("audit/unanchored", "孤立文件 / orphans:"),
            ("declared", "申报与记录之差 / declared against recorded:"),
            ("audit/inferred", "推断 / inferred claims:"),
        ),
    ),
)
for _slide in SLIDES:
    for _name, _ in _slide.queries:
        named(_name)

# The last slide offers every read query. Left out: what writes (import/, bulk/, write/, kinds/,
# idempotency/, jobs/, lifecycle/, the schema's version record) and what dumps whole frameworks (export/).
NOT_SAVED = ("import/", "export/", "bulk/", "write/", "kinds/", "schema/", "idempotency/", "jobs/", "lifecycle/")


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
