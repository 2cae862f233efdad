"""Chinese first, English beside it: the message catalogue is complete and well punctuated,
the locale is chosen per request and command, names stand in for ids, and the API docs'
examples are what the API answers on the seed."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from neo4j import Driver

from policygraph import i18n
from policygraph.i18n import Locale, negotiate, placeholders
from policygraph.model import examples
from policygraph.model.api import Audit, AuditSummary, CheckSummary, Finding, Severity
from policygraph.queries import QueryBook
from policygraph.resources import BROWSER_STYLE, LOCALES, PACKAGE
from policygraph.services import audit, guide, report
from tests.support import PROJECT_ROOT, differences, record_examples

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# Half-width punctuation touching a Chinese character: 规划,7 · 审计:孤立 · (推断 · 文件)
HALF_WIDTH = re.compile(rf"[{CJK}][,:;!?]|[{CJK}]\(|\)[{CJK}]|[{CJK}]\)|\([{CJK}]")


def half_width(text: str) -> list[str]:
    text = re.sub(r"<pre.*?</pre>", " ", text, flags=re.DOTALL)  # code is not prose
    text = re.sub(r"<[^>]+>", " ", text)  # nor is markup
    return [text[max(m.start() - 8, 0) : m.end() + 8] for m in HALF_WIDTH.finditer(text)]


def catalogue() -> dict[str, str]:
    with (LOCALES / "zh_CN" / "LC_MESSAGES" / "policygraph.po").open("rb") as po:
        return {str(m.id): str(m.string) for m in read_po(po) if m.id}


def test_every_message_in_the_code_has_its_chinese() -> None:
    held = catalogue()
    found = {
        message[2]
        for message in extract_from_dir(str(PACKAGE), [("**.py", "python")], keywords={"_": None, "N_": None})
        if isinstance(message[2], str)
    }
    missing = sorted(found - {k for k, v in held.items() if v})
    assert not missing, f"no Chinese for {missing[:5]}: pybabel extract, then translate (docs/architecture.md)"
    for msgid, text in held.items():
        assert placeholders(msgid) == placeholders(text), msgid


def test_no_message_hides_inside_an_f_string() -> None:
    """pybabel cannot read a message marked inside an f-string's braces: it would stay English."""
    hidden = re.compile(r"""f(["']).*\{[^}]*\bN?_\(""")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hidden.search(line)
    ]
    assert not found, found


def test_chinese_text_uses_full_width_punctuation() -> None:
    texts = {f"catalogue: {k}": v for k, v in catalogue().items()}
    texts["style.grass"] = "\n".join(re.findall(r'caption: "(.*)"', BROWSER_STYLE.read_text(encoding="utf-8")))
    book = QueryBook()
    for name in book.names():
        if name.startswith("browser/"):
            # What a planner reads: the strings it returns (its comments are English, for engineers).
            texts[f"queries/{name}"] = "\n".join(re.findall(r"'([^'\n]*)'", book[name].text))
    token = i18n.current.set(Locale.zh)
    try:
        texts["guide"] = guide.guide_html(book)
    finally:
        i18n.current.reset(token)
    token = i18n.current.set(Locale.zh)
    try:
        texts["report (Markdown)"] = re.sub(r"`[^`]*`", "", report.markdown(many_findings(30)))
    finally:
        i18n.current.reset(token)
    texts["README (Chinese part)"] = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    bad = {where: found for where, text in texts.items() if (found := half_width(text))}
    assert not bad, bad
    assert half_width("规划,7") and half_width("审计:孤立") and not half_width("规划，7 (see x)")


def test_the_locale_is_negotiated() -> None:
    assert negotiate(None, None) is Locale.zh  # the default
    assert negotiate(None, "en-GB,en;q=0.9") is Locale.en
    assert negotiate(None, "fr, en;q=0.5, zh;q=0.8") is Locale.zh
    assert negotiate("en", "zh-CN") is Locale.en  # ?lang= wins
    assert negotiate("xx", "de") is Locale.zh


def test_problems_answer_in_the_readers_language(client: TestClient, seeded: Driver) -> None:
    zh = client.get("/api/v1/documents/km-no-such-document", headers={"Accept-Language": "zh-CN"})
    assert zh.status_code == 404 and zh.json()["detail"] == "未找到文件“km-no-such-document”"
    assert zh.headers["content-language"] == "zh-CN"
    en = client.get("/api/v1/documents/km-no-such-document?lang=en", headers={"Accept-Language": "zh-CN"})
    assert en.json()["detail"] == "document 'km-no-such-document' not found"
    bad = client.get("/api/v1/documents/km-base-party-building/lineage?max_depth=0&lang=zh-CN")
    assert bad.status_code == 422 and bad.json()["detail"][0]["msg"] == "应大于或等于 1"
    audit_zh = client.get("/api/v1/audit?lang=zh-CN").json()
    idle = next(f for f in audit_zh["findings"] if f["check"] == "idle-department")
    assert idle["message"].startswith("这个部门不负责任何文件") and idle["message_code"] == "idle-department"
    assert all(re.search(f"[{CJK}]", c["description"]) for c in audit_zh["summary"]["checks"])


def test_names_stand_for_ids(client: TestClient, seeded: Driver) -> None:
    by_short = client.get("/api/v1/documents/物业服务意见/lineage?max_depth=3", follow_redirects=False)
    assert by_short.status_code == 307
    assert (
        by_short.headers["location"] == "/api/v1/documents/km-party-led-property-services-opinion/lineage?max_depth=3"
    )
    followed = client.get("/api/v1/documents/关于全面加强城市基层党建工作的意见/dependents")
    assert followed.status_code == 200 and followed.json()["document"]["id"] == "km-base-party-building"
    assert client.get("/api/v1/pillars/科技支撑/dependents").json()["pillar"]["key"] == "science-technology"
    near = client.get("/api/v1/documents/物业服务/lineage")
    assert near.status_code == 404
    assert "km-party-led-property-services-opinion" in [s["id"] for s in near.json()["suggestions"]]
    assert client.get("/api/v1/pillars/党委/dependents").json()["suggestions"][0]["id"] == "party-leadership"


def test_every_operations_example_is_what_the_api_answers_on_the_seed(client: TestClient, seeded: Driver) -> None:
    recorded = record_examples(client)
    if os.environ.get("POLICYGRAPH_UPDATE_EXAMPLES"):
        examples.write(recorded)
    found = differences(recorded, examples.answers())
    assert not found, (
        f"{found}; if the API changed, run POLICYGRAPH_UPDATE_EXAMPLES=1 pytest tests/test_i18n.py -k example"
    )
    spec = client.get("/openapi.json").json()
    shown = {op["operationId"]: op for operations in spec["paths"].values() for op in operations.values()}
    json_operations = [
        name
        for name, op in shown.items()
        if "application/json" in op["responses"].get("200", op["responses"].get("201", {})).get("content", {})
        and not name.startswith(("ready_", "export_", "get_report_", "metrics_", "guide_", "style_"))
    ]
    assert sorted(set(json_operations) - recorded.keys()) == []  # every JSON operation has its example
    lineage = shown["lineage_api_v1_documents__doc_id__lineage_get"]
    assert lineage["parameters"][0]["examples"]["seed"]["value"] == "km-party-led-property-services-opinion"
    answer = lineage["responses"]["200"]["content"]["application/json"]["example"]
    assert answer["document"]["id"] == "km-party-led-property-services-opinion"
    assert all(a["id"] != answer["document"]["id"] for a in answer["ancestors"])  # never its own ancestor
    created = shown["create_document_api_v1_documents_post"]
    assert (
        created["requestBody"]["content"]["application/json"]["example"]["id"] == "km-example-property-services-rules"
    )


def many_findings(count: int) -> Audit:
    checks = audit.CHECKS[:3]
    findings = [
        Finding(
            check=checks[i % 3].code,
            severity=checks[i % 3].severity,
            subject=f"doc-{i // 2}",
            subject_type="document",
            framework=f"fw-{i % 2}",
            title=f"文件标题 {i // 2} <b>",
            message="说明文字，较长的一句话，用来检查页面的长度。" * 2,
            related=[],
        )
        for i in range(count)
    ]
    summaries = [
        CheckSummary(code=c.code, severity=c.severity, description=c.description, findings=count // 3, shown=count // 3)
        for c in checks
    ]
    by_severity = {s: sum(f.severity == s for f in findings) for s in Severity}
    return Audit(
        summary=AuditSummary(
            frameworks=["fw-0", "fw-1"],
            generated_at=dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
            total=count,
            by_severity=by_severity,
            by_check={c.code: count // 3 for c in checks},
            checks=summaries,
            truncated=False,
        ),
        findings=findings,
    )


@pytest.mark.slow
def test_the_report_renders_ten_thousand_findings_in_bounds(chromium: Any) -> None:
    token = i18n.current.set(Locale.zh)
    try:
        page_html = report.html_page(many_findings(10_000), "http://127.0.0.1:7474")
    finally:
        i18n.current.reset(token)
    assert len(page_html) < 12_000_000
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    started = dt.datetime.now()
    page.set_content(page_html, wait_until="load")
    seconds = (dt.datetime.now() - started).total_seconds()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert seconds < 15 and height < 15_000, (seconds, height)  # pages of 100 records, folded
    assert page.locator("nav.contents a").count() == 3  # the checks, and the two frameworks
    page.locator("input[data-severity=info]").uncheck()
    assert page.locator(".f.info").first.is_hidden()
    page.locator("section.framework").first.locator(".pager button").nth(1).click()
    assert page.locator("section.framework").first.locator(".page").nth(1).is_visible()
    pdf_page = chromium.new_page()
    pdf_page.set_content(report.html_page(many_findings(300)), wait_until="load")
    assert len(pdf_page.pdf()) > 10_000  # it prints (every record opened)


@pytest.mark.slow
def test_the_api_docs_work_with_no_network(live_api: str, chromium: Any) -> None:
    context = chromium.new_context(locale="zh-CN")
    asked: list[str] = []

    def only_loopback(route: Any) -> None:
        url = route.request.url
        if url.startswith((live_api, "data:", "blob:")):
            route.continue_()
        else:  # a CDN, fonts, anything elsewhere: the intranet has none of it
            asked.append(url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    page.goto(f"{live_api}/docs", wait_until="networkidle")
    page.locator(".opblock").first.wait_for(timeout=30_000)
    assert page.locator(".opblock").count() > 30 and not asked, asked
    page.locator("#operations-documents-lineage_api_v1_documents__doc_id__lineage_get").click()
    prefilled = page.locator('input[placeholder="doc_id"]').first
    prefilled.wait_for()
    assert prefilled.input_value() == "km-party-led-property-services-opinion"  # Try it out, the example's id
    page.goto(f"{live_api}/redoc", wait_until="networkidle")
    page.locator("h1", has_text="policygraph").first.wait_for(timeout=30_000)
    assert not asked, asked
    context.close()
