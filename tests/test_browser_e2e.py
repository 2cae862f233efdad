"""The Neo4j Browser in real headless Chromium, as a planner uses it.

It connects with the generated credentials; the server's post-connect command loads our style
sheet and guide from the API; it runs the headline query and checks the graph is drawn in our
colours; it opens the guide and runs a slide's query by clicking ▶. Screenshots go to docs/img/.

Needs Debian's `chromium` (/usr/bin/chromium) and the `playwright` package (a dev dependency).
Without them the test skips, saying what to install, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from tests.support import PROJECT_ROOT, Neo4jUnderTest, post_import, seed_data

pytestmark = pytest.mark.slow  # Chromium drives the Neo4j Browser

CHROMIUM = Path(os.environ.get("POLICYGRAPH_CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path(os.environ.get("POLICYGRAPH_SCREENSHOTS", PROJECT_ROOT / "docs" / "img"))
# Headless as root, and no calls home from a machine without the internet.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FAILURE_SHOT = Path(os.environ.get("TMPDIR", "/tmp")) / "policygraph-browser-failure.png"
HEADLINE = PROJECT_ROOT / "queries" / "browser" / "pillar_chain.cypher"
TIER_COLOURS = {"#C0392B", "#F39C12", "#A3E4D7", "#27AE60"}  # guiding, base, topic, pillar


def missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason} (CI never skips the browser test)")
    pytest.skip(reason)


def test_planner_in_the_neo4j_browser(
    neo4j_server: Neo4jUnderTest, client: TestClient, empty_db: Driver, live_api: str
) -> None:
    if neo4j_server.http_url is None:
        missing("the Neo4j under test serves no Browser here (NEO4J_URI); run without it")
    api_url = live_api
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed: pip install -e '.[dev]'")
    assert post_import(client, seed_data()).status_code == 200
    assert neo4j_server.http_url is not None
    SHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1500, "height": 950}, locale="zh-CN")
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=neo4j_server.http_url)
            page = context.new_page()
            page.set_default_timeout(30_000)

            def run(text: str) -> None:
                """Type a command as a person would: paste it into the editor and press Run."""
                page.evaluate("text => navigator.clipboard.writeText(text)", text)
                page.get_by_test_id("activeEditor").click()
                page.keyboard.press("Control+A")
                page.keyboard.press("Control+V")
                page.get_by_test_id("editor-Run").click()

            def wait_for_params(count: int) -> None:
                """The Browser sets :param lines one by one; wait until each reports success."""
                done = page.get_by_test_id("multi-statement-list").first.locator('[title="Status: success"]')
                deadline = time.monotonic() + 30
                while done.count() < count and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert done.count() == count, "the :param lines did not all succeed"

            def header(path: Path) -> tuple[str, str]:
                lines = path.read_text(encoding="utf-8").splitlines()
                params = [line for line in lines if line.startswith(":param")]
                return "\n".join(params), "\n".join(line for line in lines if not line.startswith(":param"))

            bolt = neo4j_server.uri.split("://", 1)[1]
            page.goto(f"{neo4j_server.http_url}/browser/?dbms=bolt://{bolt}", wait_until="networkidle")
            page.get_by_test_id("username").fill(neo4j_server.user)
            page.get_by_test_id("password").fill(neo4j_server.password)
            page.get_by_test_id("connect").click()

            # On connect the server's post_connect_cmd loads our style and opens our guide.
            guide = page.locator("[data-testid=frame]", has=page.get_by_test_id("carousel"))
            guide.get_by_text("昆明“1+7+N”社会治理政策制度体系").first.wait_for()  # Chinese first
            page.locator("[data-testid=frame]", has_text=f":style {api_url}/browser/style.grass").wait_for()

            # The headline query: parameters first, then the query; the graph view draws it.
            params, query = header(HEADLINE)
            run(params)
            wait_for_params(params.count(":param"))
            run(query)
            graph = page.locator("[data-testid=frame]", has=page.locator("svg g.node")).first
            graph.wait_for()
            nodes = graph.locator("svg g.node")
            deadline = time.monotonic() + 20
            while nodes.count() < 7 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert nodes.count() == 7  # the pillar, its base, the guiding plan, 3 topics, the 2019 opinion
            fills = set(
                graph.locator("svg g.node circle.b-outline").evaluate_all("cs => cs.map(c => c.getAttribute('fill'))")
            )
            assert {fill.upper() for fill in fills} >= TIER_COLOURS, fills
            captions = " ".join(graph.locator("svg g.node text.caption").all_text_contents())
            assert "党委领导" in captions and "吹哨报到" in captions, captions
            # Inferred links are captioned 推断; stated ones carry only their kind.
            links = " ".join(graph.locator("svg g.relationship text").all_text_contents())
            assert "推断" in links and "归属" in links, links
            time.sleep(1.5)  # let the force layout settle for the picture
            graph.screenshot(path=str(SHOTS / "browser-headline.png"))

            # The guide: open it by hand too, go to the pillar slide and run its query by clicking ▶.
            run(f":play {api_url}/browser/guide.html")
            guide = page.locator("[data-testid=frame]", has=page.get_by_test_id("carousel")).first
            guide.get_by_text("昆明“1+7+N”社会治理政策制度体系").first.wait_for()
            guide.screenshot(path=str(SHOTS / "browser-guide.png"))
            for _ in range(2):
                guide.locator("button.next-slide").first.click()
            guide.get_by_text("一个支柱的链条").first.wait_for()
            before = page.locator("svg g.node").count()
            guide.locator('pre[data-params="browser/pillar_chain"] i').click()
            wait_for_params(params.count(":param"))
            guide.locator('pre[data-query="browser/pillar_chain"] i').click()
            deadline = time.monotonic() + 20
            while page.locator("svg g.node").count() < before + 7 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert page.locator("svg g.node").count() == before + 7

            # The planner's tables, asked by Chinese name: a lineage, ownerless, orphans, find it.
            def table(path: Path, **names: str) -> list[str]:
                params, query = header(path)
                for name, value in names.items():
                    params = re.sub(rf":param {name} => .*;", f":param {name} => '{value}';", params)
                run(params)
                if params.count(":param") > 1:  # several lines run as a script, each with its status
                    wait_for_params(params.count(":param"))
                else:  # one line sets its parameter in its own frame
                    page.locator("[data-testid=frame]", has_text=params.split(" => ")[0]).first.wait_for()
                    time.sleep(0.5)
                run(query)
                frame = page.locator("[data-testid=frame]").first
                frame.locator('[data-testid="cypherFrameSidebarTable"]').click()
                frame.locator("table").first.wait_for()
                return frame.locator("table tr").all_inner_texts()

            rows = table(PROJECT_ROOT / "queries" / "browser" / "lineage_table.cypher", document="物业服务意见")
            assert "距离" in rows[0] and "路径" in rows[0], rows[0]
            assert any("社会治理规划纲要" in row for row in rows[1:]), rows
            page.locator("[data-testid=frame]").first.screenshot(path=str(SHOTS / "browser-lineage-table.png"))
            rows = table(PROJECT_ROOT / "queries" / "browser" / "ownerless.cypher")
            assert "标题" in rows[0] and any("关于全面加强城市基层党建工作的意见" in row for row in rows[1:]), rows
            rows = table(PROJECT_ROOT / "queries" / "browser" / "orphans.cypher")
            assert "可挂靠到" in rows[0] and "没有孤立文件" in rows[1], rows
            rows = table(PROJECT_ROOT / "queries" / "browser" / "find.cypher", name="营商环境")
            assert "优化办事流程、改善营商环境" in rows[1], rows
            page.locator("[data-testid=frame]").first.screenshot(path=str(SHOTS / "browser-find.png"))

            # The whole system, for the README.
            system_params, system_query = header(PROJECT_ROOT / "queries" / "browser" / "system.cypher")
            run(system_params)
            wait_for_params(system_params.count(":param"))
            before = page.locator("svg g.node").count()
            run(system_query)
            # The Browser keeps the view last chosen (the tables above): back to the graph.
            page.locator("[data-testid=frame]").first.get_by_text("Graph", exact=True).click()
            deadline = time.monotonic() + 20
            while page.locator("svg g.node").count() < before + 29 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert page.locator("svg g.node").count() == before + 29  # 12 documents, 6 topics, 7 pillars, 4 departments
            page.locator("[data-testid=frame]", has=page.locator("svg g.node")).first.locator(
                'button[title="Fullscreen"]'
            ).click()
            time.sleep(3)
            for _ in range(2):
                page.locator("button.zoom-in").first.click()
            time.sleep(1)
            page.screenshot(path=str(SHOTS / "browser-system.png"))
        except Exception:
            failure = FAILURE_SHOT
            page.screenshot(path=str(failure), full_page=True)
            print(f"screenshot of the failure: {failure}")
            raise
        finally:
            browser.close()
    for name in ("browser-headline.png", "browser-guide.png", "browser-system.png", "browser-lineage-table.png"):
        assert (SHOTS / name).stat().st_size > 10_000, name
