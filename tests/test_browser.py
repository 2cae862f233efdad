"""What the Neo4j Browser gets from us: saved queries that run as they are, the guide, the
style sheet, CORS for the Browser only, and the post-connect settings. Against the real server;
the end-to-end run in Chromium is in test_browser_e2e.py."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from neo4j import Driver

from policygraph.i18n import Locale, gettext
from policygraph.neo4j_server.common import browser_conf
from policygraph.neo4j_server.docker import env_name
from policygraph.queries import QueryBook
from policygraph.services import guide
from policygraph.settings import Settings
from tests.support import throwaway_server

PARAM = re.compile(r"^:param (\w+) => (.*);\s*$", re.MULTILINE)
BROWSER_ORIGIN = "http://127.0.0.1:7474"


def header_params(driver: Driver, source: str) -> dict[str, Any]:
    """What the Browser does with `:param name => expr`: evaluate expr on the server."""
    params = {}
    for name, expression in PARAM.findall(source):
        params[name] = driver.execute_query(f"RETURN {expression} AS value").records[0]["value"]  # type: ignore[arg-type]
    return params


def test_every_query_file_runs_after_its_param_lines(seeded: Driver) -> None:
    book = QueryBook()
    for name in book.names():
        source = book[name].path.read_text(encoding="utf-8")
        params = header_params(seeded, source)
        with seeded.session() as session, session.begin_transaction() as tx:
            result = tx.run(book[name].text, params)  # type: ignore[arg-type]
            records = list(result)
            tx.rollback()  # import/ and bulk/ files write; nothing they do is kept
        if not name.startswith(("import/", "export/", "bulk/", "idempotency/", "jobs/")):
            assert records, f"queries/{name}.cypher returns nothing for its example parameters"


def test_browser_queries_draw_the_seed(seeded: Driver) -> None:
    book = QueryBook()

    def graph_of(name: str) -> tuple[set[str], set[str]]:
        source = book[name].path.read_text(encoding="utf-8")
        records = seeded.execute_query(book[name].text, header_params(seeded, source)).records  # type: ignore[arg-type]
        nodes, rels = set(), set()
        for record in records:
            for value in record.values():
                for item in value if isinstance(value, list) else [value]:
                    if item is None:
                        continue
                    for node in getattr(item, "nodes", [item] if hasattr(item, "labels") else []):
                        nodes.add(node.get("id") or node.get("key"))
                    for rel in getattr(item, "relationships", []):
                        end = rel.end_node.get("id") or rel.end_node.get("key")
                        rels.add(f"{rel.start_node.get('id')}-{rel.type}->{end}")
        return nodes, rels

    nodes, _ = graph_of("browser/pillar_chain")
    assert nodes == {
        "party-leadership",
        "km-base-party-building",
        "km-guiding-plan",
        "km-topic-whistle-and-report",
        "km-topic-party-led-property-services",
        "km-topic-residential-compound-party-building",
        "km-party-led-property-services-opinion",
    }
    nodes, rels = graph_of("browser/lineage")
    assert nodes == {
        "km-party-led-property-services-opinion",
        "km-topic-party-led-property-services",
        "km-base-party-building",
        "km-guiding-plan",
        "party-leadership",
    }
    assert "km-party-led-property-services-opinion-COVERS->km-topic-party-led-property-services" in rels
    nodes, _ = graph_of("browser/system")
    assert len(nodes) == 12 + 6 + 7 + 4  # documents, topics, pillars, departments
    nodes, rels = graph_of("browser/what_if")  # 城市基层党建, by its short title
    assert nodes == {
        "km-base-party-building",
        "km-topic-party-led-property-services",
        "km-party-led-property-services-opinion",
        "km-municipal-organisation-department",
        "km-housing-urban-rural-development-bureau",
    }
    source = book["browser/what_if_table"].path.read_text(encoding="utf-8")
    rows = seeded.execute_query(book["browser/what_if_table"].text, header_params(seeded, source)).records  # type: ignore[arg-type]
    assert [(r["编号"], r["牵头部门"], r["失去锚点"]) for r in rows] == [
        ("km-party-led-property-services-opinion", "中共昆明市委组织部", "")  # also placed under the plan
    ]


def test_guide_holds_every_saved_query_and_both_languages(client: TestClient) -> None:
    response = client.get("/browser/guide.html?lang=zh-CN")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<title>" in page and page.count("<slide") == len(guide.SLIDES) + 1
    book = QueryBook()
    for name in guide.saved_queries(book):
        assert f'data-query="{name}"' in page, name
        assert html.escape(re.sub(r"\n\s*\n", "\n", book[name].text)) in page
    for slide in guide.SLIDES:  # Chinese, with the English title beside it
        assert html.escape(gettext(slide.title, Locale.zh)) in page and html.escape(slide.title) in page
        assert re.search(r"[\u4e00-\u9fff]{4}", gettext(slide.text, Locale.zh)), slide.title
    english = client.get("/browser/guide.html?lang=en").text
    assert all(html.escape(slide.title) in english for slide in guide.SLIDES)
    assert html.escape(gettext(guide.SLIDES[0].title, Locale.zh)) not in english
    saved = guide.saved_queries(book)
    assert not any(name.startswith(("import/", "export/", "bulk/", "write/", "schema/")) for name in saved)
    # Nothing offered to planners writes: every saved query plans as a read.
    writes = [name for name in saved if re.search(r"\b(CREATE|MERGE|SET|DELETE|REMOVE)\b", book[name].text)]
    assert writes == [], writes
    assert ":param key =&gt; &#x27;party-leadership&#x27;;" in page


def test_style_sheet_colours_each_tier(client: TestClient) -> None:
    response = client.get("/browser/style.grass")
    assert response.status_code == 200
    text = response.text
    assert "/*" not in text, "the Browser's GraSS parser has no comments"
    rules = dict(re.findall(r"^([\w.]+) \{\n(.*?)^\}", text, flags=re.MULTILINE | re.DOTALL))
    colours = {}
    for selector in (
        "Document",
        "GuidingDocument",
        "BaseDocument",
        "SupportingDocument",
        "Topic",
        "Pillar",
        "Department",
    ):
        body = rules[f"node.{selector}"]
        colours[selector] = re.search(r"color: (#[0-9A-F]{6});", body).group(1)  # type: ignore[union-attr]
        assert "caption:" in body and "diameter:" in body
    assert len(set(colours.values())) == 7
    # A document reads its short title (its derived caption); a pillar never looks like one.
    assert '"{caption}"' in rules["node.GuidingDocument"] and '"支柱·{name}"' in rules["node.Pillar"]
    for rel in ("BASED_ON", "PLACED_UNDER", "COVERS", "IMPLEMENTS", "RESPONSIBLE_FOR"):
        # Inferred links carry mark: 推断, stated ones none: the caption tells them apart.
        assert "{mark}" in rules[f"relationship.{rel}"]


def test_cors_answers_the_browser_only_on_its_two_files(client: TestClient, settings: Settings) -> None:
    origin = settings.cors_origins()[0]
    preflight = client.options(
        "/browser/guide.html",
        headers={"Origin": origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "pragma"},
    )
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == origin
    got = client.get("/browser/style.grass", headers={"Origin": origin})
    assert got.headers["access-control-allow-origin"] == origin
    assert (
        "access-control-allow-origin"
        not in client.get("/browser/guide.html", headers={"Origin": "http://elsewhere.example"}).headers
    )
    assert "access-control-allow-origin" not in client.get("/api/v1/pillars", headers={"Origin": origin}).headers
    refused = client.options("/api/v1/import", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in refused.headers


def test_post_connect_settings(tmp_path) -> None:
    conf = browser_conf("http://127.0.0.1:8123")
    assert conf["browser.post_connect_cmd"] == (
        "style http://127.0.0.1:8123/browser/style.grass; play http://127.0.0.1:8123/browser/guide.html"
    )
    assert conf["browser.remote_content_hostname_whitelist"] == "127.0.0.1,localhost"
    text = throwaway_server(tmp_path, extra_conf=conf).conf_text()
    assert "browser.post_connect_cmd=style http://127.0.0.1:8123/browser/style.grass; play" in text
    assert env_name("browser.post_connect_cmd") == "NEO4J_browser_post__connect__cmd"
    assert Settings(api_host="0.0.0.0", api_port=9000).api_url() == "http://127.0.0.1:9000"
    assert Settings(public_url="http://example.test:8000/").api_url() == "http://example.test:8000"
    assert Settings(neo4j_http_port=7575).cors_origins() == ["http://127.0.0.1:7575", "http://localhost:7575"]
