"""Query files: loaded by name, checked at startup (missing or unparsable files stop the API)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from policygraph import queries
from policygraph.main import create_app
from policygraph.queries import QUERIES_DIR, QueryBook, QueryFileError, check_required, strip_browser_commands
from policygraph.settings import Settings


def test_param_lines_are_stripped_and_comments_kept() -> None:
    text = "// what it answers\n:param id => 'x';\n:param n => 3;\nMATCH (d {id: $id}) RETURN d"
    assert strip_browser_commands(text) == "// what it answers\n\n\nMATCH (d {id: $id}) RETURN d"


def test_every_query_file_has_a_header_and_its_params() -> None:
    book = QueryBook()
    assert len(book.names()) >= 20
    for name in book.names():
        source = book[name].path.read_text(encoding="utf-8")
        assert source.startswith("//"), f"{name}: no header comment"
        used = set(re.findall(r"\$(\w+)", book[name].text))
        declared = set(re.findall(r"^:param (\w+) =>", source, flags=re.MULTILINE))
        assert used <= declared, f"{name}: parameters without a :param line: {used - declared}"


def test_a_missing_query_file_stops_startup(settings: Settings, driver: Driver) -> None:
    queries.named("no/such/query")
    try:
        with pytest.raises(QueryFileError, match=r"queries/no/such/query\.cypher"):
            check_required(QueryBook())
        with pytest.raises(QueryFileError), TestClient(create_app(settings)):
            pass
    finally:
        queries._required.discard("no/such/query")


def test_an_unparsable_query_file_stops_startup(
    settings: Settings, driver: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "queries"
    shutil.copytree(QUERIES_DIR, broken)
    (broken / "lineage.cypher").write_text("// broken\nMATCH (d:Document RETURN d\n")
    monkeypatch.setattr(queries, "_book", QueryBook(broken))
    with pytest.raises(QueryFileError, match=r"lineage\.cypher does not parse"), TestClient(create_app(settings)):
        pass
