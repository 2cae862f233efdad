"""The Neo4j Browser in real headless Chromium, as a planner uses it.

It opens the Browser from the link `policygraph run` prints (address and user filled in), pastes
the password and connects; the server's post-connect command loads our style sheet and the
Chinese guide from the API. Then a planner asks the five questions by Chinese name (a pillar's
dependents, a lineage, the whole system, ownerless, orphans), on the seed and on a generated
registry of 3,000 documents, and each answer is checked as drawn or listed. Screenshots go to
docs/img/.

Needs Debian's `chromium` (/usr/bin/chromium) and the `playwright` package (a dev dependency).
Without them the tests skip, saying what to install, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from bench.generate import framework
from policygraph.cli.server import browser_link
from tests.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PROJECT_ROOT,
    Neo4jUnderTest,
    missing,
    post_import,
    seed_data,
    settings_for,
)

pytestmark = pytest.mark.slow  # Chromium drives the Neo4j Browser

SHOTS = Path(os.environ.get("POLICYGRAPH_SCREENSHOTS", PROJECT_ROOT / "docs" / "img"))
FAILURE_SHOT = Path(os.environ.get("TMPDIR", "/tmp")) / "policygraph-browser-failure.png"
BROWSER = PROJECT_ROOT / "queries" / "browser"
TIER_COLOURS = {"#C0392B", "#F39C12", "#A3E4D7", "#27AE60"}  # guiding, base, topic, pillar
PILLAR, DEPARTMENT = "#27AE60", "#8E44AD"
GUIDE_TITLE = "昆明“1+7+N”社会治理政策制度体系"


class Planner:
    """A person at the Neo4j Browser: pastes commands, runs them, reads the graph or the table."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def run(self, text: str) -> None:
        """Type a command as a person would: paste it into the editor and press Run."""
        self.page.evaluate("text => navigator.clipboard.writeText(text)", text)
        self.page.get_by_test_id("activeEditor").click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Control+V")
        self.page.get_by_test_id("editor-Run").click()

    def wait_for_params(self, params: str) -> None:
        """Several :param lines run as a script, each with its status; one sets it in its frame."""
        count = params.count(":param")
        if count == 1:
            self.page.locator("[data-testid=frame]", has_text=params.split(" => ")[0]).first.wait_for()
            time.sleep(0.5)
            return
        done = self.page.get_by_test_id("multi-statement-list").first.locator('[title="Status: success"]')
        deadline = time.monotonic() + 30
        while done.count() < count and time.monotonic() < deadline:
            time.sleep(0.2)
        assert done.count() == count, "the :param lines did not all succeed"

    @staticmethod
    def params(query: str) -> str:
        lines = (BROWSER / f"{query}.cypher").read_text(encoding="utf-8").splitlines()
        return "\n".join(line for line in lines if line.startswith(":param"))

    def ask(self, query: str, **values: str | int) -> None:
        """Run queries/browser/<name>.cypher as the guide shows it: its :param lines (with the
        values a planner types over the examples), then the query."""
        lines = (BROWSER / f"{query}.cypher").read_text(encoding="utf-8").splitlines()
        params = self.params(query)
        for key, value in values.items():
            literal = f"'{value}'" if isinstance(value, str) else str(value)
            params = re.sub(rf":param {key} => .*;", f":param {key} => {literal};", params)
        self.run(params)
        self.wait_for_params(params)
        self.run("\n".join(line for line in lines if not line.startswith(":param")))

    @property
    def frame(self) -> Any:
        return self.page.locator("[data-testid=frame]").first

    def table(self, query: str, **values: str | int) -> list[str]:
        self.ask(query, **values)
        self.frame.locator('[data-testid="cypherFrameSidebarTable"]').click()
        self.frame.locator("table").first.wait_for()
        return self.frame.locator("table tr").all_inner_texts()

    def graph(self, query: str, at_least: int, **values: str | int) -> Any:
        """Draw the query's graph; wait until at least `at_least` nodes show and the count settles."""
        self.ask(query, **values)
        self.frame.get_by_text("Graph", exact=True).click()  # the Browser keeps the last view chosen
        nodes = self.frame.locator("svg g.node")
        deadline, seen = time.monotonic() + 30, -1
        while time.monotonic() < deadline and (nodes.count() < at_least or nodes.count() != seen):
            seen = nodes.count()
            time.sleep(0.5)
        return self.frame

    @staticmethod
    def fills(frame: Any) -> list[str]:
        found = frame.locator("svg g.node circle.b-outline").evaluate_all("cs => cs.map(c => c.getAttribute('fill'))")
        return [fill.upper() for fill in found]

    def column(self, rows: list[str], heading: str) -> list[str]:
        """A column's cells, as shown (the Browser quotes strings; the quotes go)."""
        index = rows[0].split("\t").index(heading)
        return [row.split("\t")[index].strip().removeprefix('"').removesuffix('"') for row in rows[1:]]


@contextmanager
def planner_at(neo4j_server: Neo4jUnderTest, api_url: str) -> Iterator[Planner]:
    """Chromium at the Browser, connected the way `policygraph run` tells a person to."""
    if neo4j_server.http_url is None:
        missing("the Neo4j under test serves no Browser here (NEO4J_URI); run without it")
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed: pip install -e '.[dev]'")
    SHOTS.mkdir(parents=True, exist_ok=True)
    http_port = int(neo4j_server.http_url.rsplit(":", 1)[1])
    link = browser_link(settings_for(neo4j_server, neo4j_http_port=http_port))
    assert link is not None and "preselectAuthMethod=NATIVE" in link
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1500, "height": 950}, locale="zh-CN")
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=neo4j_server.http_url)
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            page.goto(link, wait_until="networkidle")
            # The link filled in the user: the planner pastes the password, nothing else.
            assert page.get_by_test_id("username").input_value() == neo4j_server.user
            page.get_by_test_id("password").fill(neo4j_server.password)
            page.get_by_test_id("connect").click()
            # On connect the server's post_connect_cmd loads our style and opens the Chinese guide.
            guide = page.locator("[data-testid=frame]", has=page.get_by_test_id("carousel"))
            guide.get_by_text(GUIDE_TITLE).first.wait_for()
            page.locator("[data-testid=frame]", has_text=f":style {api_url}/browser/style.grass").wait_for()
            yield Planner(page)
        except Exception:
            page.screenshot(path=str(FAILURE_SHOT), full_page=True)
            print(f"screenshot of the failure: {FAILURE_SHOT}")
            raise
        finally:
            browser.close()


def test_planner_asks_by_name_on_the_seed(
    neo4j_server: Neo4jUnderTest, client: TestClient, empty_db: Driver, live_api: str
) -> None:
    assert post_import(client, seed_data()).status_code == 200
    with planner_at(neo4j_server, live_api) as planner:
        page = planner.page
        # 1. A pillar's dependents, by the pillar's Chinese name (the example the guide shows).
        drawn = planner.graph("pillar_chain", 7, pillar="党委领导")
        assert drawn.locator("svg g.node").count() == 7  # the pillar, its base, the plan, 3 topics, the opinion
        assert set(planner.fills(drawn)) >= TIER_COLOURS
        captions = " ".join(drawn.locator("svg g.node text.caption").all_text_contents())
        assert "党委领导" in captions and "吹哨报到" in captions and "物业服务意见" in captions, captions
        links = " ".join(drawn.locator("svg g.relationship text").all_text_contents())
        assert "推断" in links and "归属" in links, links  # inferred links read differently
        time.sleep(1.5)  # let the force layout settle for the picture
        drawn.screenshot(path=str(SHOTS / "browser-headline.png"))

        # The guide: go to the pillar slide and run its query by clicking ▶, as the guide says.
        planner.run(f":play {live_api}/browser/guide.html")
        guide = page.locator("[data-testid=frame]", has=page.get_by_test_id("carousel")).first
        guide.get_by_text(GUIDE_TITLE).first.wait_for()
        guide.screenshot(path=str(SHOTS / "browser-guide.png"))
        for _ in range(2):
            guide.locator("button.next-slide").first.click()
        guide.get_by_text("一个支柱的链条").first.wait_for()
        before = page.locator("svg g.node").count()
        guide.locator('pre[data-params="browser/pillar_chain"] i').click()
        planner.wait_for_params(planner.params("pillar_chain"))
        guide.locator('pre[data-query="browser/pillar_chain"] i').click()
        deadline = time.monotonic() + 20
        while page.locator("svg g.node").count() < before + 7 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert page.locator("svg g.node").count() == before + 7

        # 1, as a table: nearest first, with the path of titles.
        rows = planner.table("pillar_table", pillar="党委领导")
        assert planner.column(rows, "简称")[-1] == "物业服务意见" and "路径" in rows[0]

        # 2. A lineage, by the document's short title.
        rows = planner.table("lineage_table", document="物业服务意见")
        assert "距离" in rows[0] and any("社会治理规划纲要" in row for row in rows[1:]), rows
        planner.frame.screenshot(path=str(SHOTS / "browser-lineage-table.png"))

        # 4 and 5. Ownerless and orphans, with titles; find it, by a word.
        rows = planner.table("ownerless")
        assert "标题" in rows[0] and any("关于全面加强城市基层党建工作的意见" in row for row in rows[1:]), rows
        rows = planner.table("orphans")
        assert "可挂靠到" in rows[0] and "没有孤立文件" in rows[1], rows
        rows = planner.table("find", name="营商环境")
        assert "优化办事流程、改善营商环境" in rows[1], rows
        planner.frame.screenshot(path=str(SHOTS / "browser-find.png"))

        # 3. The whole system: every document, topic, pillar and department of the seed.
        drawn = planner.graph("system", 29)
        assert drawn.locator("svg g.node").count() == 29  # 12 documents, 6 topics, 7 pillars, 4 departments
        drawn.locator('button[title="Fullscreen"]').click()
        time.sleep(3)
        for _ in range(2):
            page.locator("button.zoom-in").first.click()
        time.sleep(1)
        page.screenshot(path=str(SHOTS / "browser-system.png"))
    for name in ("browser-headline.png", "browser-guide.png", "browser-system.png", "browser-lineage-table.png"):
        assert (SHOTS / name).stat().st_size > 10_000, name


REGISTRY_SIZE = 3_000


@pytest.fixture
def registry(client: TestClient, empty_db: Driver) -> dict[str, Any]:
    """A generated registry of 3,000 documents (7 pillars, 30 departments, some orphans and
    ownerless documents), imported whole."""
    data = framework(0, REGISTRY_SIZE, random.Random(7))
    response = post_import(client, data)
    assert response.status_code == 200, response.text[:500]
    return data


def test_planner_asks_by_name_at_three_thousand_documents(
    neo4j_server: Neo4jUnderTest, registry: dict[str, Any], live_api: str
) -> None:
    pillar = registry["pillars"][0]
    documents = {d["id"]: d for d in registry["documents"]}
    with planner_at(neo4j_server, live_api) as planner:
        # 3. The whole system: every pillar and department drawn, the other documents bounded.
        drawn = planner.graph("system", 1 + 7 + 7 + 30 + 100, framework="bench-0", limit=100)
        fills = planner.fills(drawn)
        assert fills.count(PILLAR) == 7 and fills.count(DEPARTMENT) == 30, fills
        assert len(fills) == 1 + 7 + 7 + 30 + 100  # the guiding plan, 7 bases, 7 pillars, 30 departments, 100 more
        rest = planner.table("system", framework="bench-0", limit=100)
        assert f"另有 {REGISTRY_SIZE - 8 - 100} 份" in rest[1], rest[1]  # and it says how many it left out
        drawn = planner.graph("system", 145, framework="bench-0", limit=100)
        time.sleep(2)  # let the force layout settle for the picture
        drawn.screenshot(path=str(SHOTS / "browser-3000-system.png"))

        # 1. A pillar's dependents, by name: at most `limit` drawn, the rest counted.
        rows = planner.table("pillar_chain", pillar=pillar["name"], limit=50)
        assert "未显示" in rows[1] and "显示 50 项" in rows[1], rows[1]
        rows = planner.table("pillar_table", pillar=pillar["name"], limit=200)
        assert len(rows) == 1 + 200 and planner.column(rows, "距离")[0] == "1"

        # 2. A lineage, by a document's title.
        deep = next(d for d in registry["documents"] if d["id"] == "bench-0-s2000")
        rows = planner.table("lineage_table", document=deep["title"])
        assert any("纲领 0" in row for row in rows[1:]) or "没有" in rows[1], rows[:3]

        # 4. Ownerless, with titles and the count of them all.
        ownerless = [d for d in registry["documents"] if not d.get("responsible")]
        rows = planner.table("ownerless", framework="bench-0")
        assert planner.column(rows, "共计")[0] == str(len(ownerless))
        assert {title for title in planner.column(rows, "标题")} <= {d["title"] for d in ownerless}

        # 5. Orphans, with titles, grouped by the base document they could attach to.
        rows = planner.table("orphans", framework="bench-0")
        assert "可挂靠到" in rows[0] and int(planner.column(rows, "孤立文件数")[0]) >= 1, rows[:3]
        named = planner.column(rows, "孤立文件")[0]
        assert any(documents[i]["title"] in named for i in re.findall(r"bench-0-s\d+", named)), named
        planner.frame.screenshot(path=str(SHOTS / "browser-3000-orphans.png"))

        # What if a base document is repealed: by its title, a worklist with the departments to
        # tell, and the documents it alone anchors marked; drawn, bounded by `limit`.
        base = next(d for d in registry["documents"] if d["tier"] == "base")
        rows = planner.table("what_if_table", document=base["title"], limit=100)
        assert len(rows) == 1 + 100 and "牵头部门" in rows[0], rows[:2]
        assert "是" in planner.column(rows, "失去锚点"), rows[:3]  # its chain reaches the plan only through it
        planner.frame.screenshot(path=str(SHOTS / "browser-3000-what-if.png"))
        drawn = planner.graph("what_if", 40, document=base["title"], limit=30)
        assert drawn.locator("svg g.node").count() >= 31  # the base, 30 documents, their departments and pillars
