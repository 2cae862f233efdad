"""The register in and out of other tools: the xlsx workbook and zipped CSV (both ways, errors by
cell), GraphML and GEXF (checked against the published XSDs and read back with networkx), and
JSON-LD (parsed with rdflib, its triples checked against the graph)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import openpyxl
import pytest
import rdflib
import xmlschema
from fastapi.testclient import TestClient
from neo4j import Driver
from typer.testing import CliRunner

from policygraph import cli
from policygraph.settings import Settings
from tests.support import KEY, cli_uses, graph_snapshot, missing, post_import, sourced

EXPORT = "/api/v1/export"
FRAMEWORK = "kunming-1-7-n"
SCHEMAS = Path(__file__).parent / "schemas"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
PG = rdflib.Namespace("urn:policygraph:vocab:")
LINK_LISTS = ("implements", "based_on", "placed_under", "covers", "responsible", "amends", "repeals", "replaces")
PROPERTY_SERVICES = "km-party-led-property-services-opinion"  # 昆组通〔2019〕80号


def export(client: TestClient, fmt: str, **params: Any) -> bytes:
    response = client.get(EXPORT, params={"framework": FRAMEWORK, "format": fmt, **params})
    assert response.status_code == 200, response.text
    return response.content


def exported(client: TestClient) -> dict[str, Any]:
    return json.loads(export(client, "json"))


def send(client: TestClient, body: bytes, mode: str = "merge", content_type: str = XLSX) -> Any:
    return client.post(f"/api/v1/import?mode={mode}", content=body, headers={**KEY, "Content-Type": content_type})


def sheet_rows(book: openpyxl.Workbook, name: str) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {Chinese header: cell}) for each data row of a sheet."""
    ws = book[name]
    headers = [cell.value for cell in ws[1]]
    return [(row[0].row, dict(zip(headers, (c for c in row), strict=False))) for row in ws.iter_rows(min_row=3)]


def test_a_workbook_edited_in_a_spreadsheet_imports_as_exactly_that_edit(client: TestClient, seeded: Driver) -> None:
    before = exported(client)
    body = export(client, "xlsx", lang="zh-CN")
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames[:6] == ["体系", "支柱", "部门", "主题", "文件", "落实关系"]
    for name in ("文件", "依据关系", "落实关系", "责任关系"):
        ws = book[name]
        assert ws.freeze_panes == "A3" and ws[1][0].value and ws[2][0].value  # Chinese, then English headers
    documents = book["文件"]
    assert [c.value for c in documents[2]][:6] == ["id", "title", "title_en", "short_title", "tier", "status"]
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in documents.data_validations.dataValidation}
    assert "纲领性" in lists["E"] and "已出台" in lists["F"]  # 层级, 状态 as lists to choose from
    dates = [row["阅读日期"] for _n, row in sheet_rows(book, "文件") if row["阅读日期"].value is not None]
    assert dates and all(cell.is_date and cell.number_format == "yyyy-mm-dd" for cell in dates)

    # The edit: one title, and the pillar one document serves.
    for _number, row in sheet_rows(book, "文件"):
        if row["标识"].value == "km-base-party-building":
            row["标题"].value = "关于全面加强城市基层党建工作的意见（修订稿）"
    for _number, row in sheet_rows(book, "落实关系"):
        if row["记录"].value == "km-base-smart-city":
            assert row["支柱"].value == "science-technology"
            row["支柱"].value = "rule-of-law"
    edited = io.BytesIO()
    book.save(edited)
    response = send(client, edited.getvalue())
    assert response.status_code == 200, response.text

    expected = json.loads(json.dumps(before))
    for document in expected["documents"]:
        if document["id"] == "km-base-party-building":
            document["title"] = "关于全面加强城市基层党建工作的意见（修订稿）"
        if document["id"] == "km-base-smart-city":
            for link in document["implements"]:
                link["pillar"] = "rule-of-law" if link["pillar"] == "science-technology" else link["pillar"]
    assert exported(client) == expected


def test_a_broken_workbook_names_each_cell_and_writes_nothing(client: TestClient, seeded: Driver) -> None:
    book = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx", lang="zh-CN")))
    rows = sheet_rows(book, "文件")
    number, first = rows[0]
    first["层级"].value = "顶层"  # not a tier
    ws = book["依据关系"]
    ws.append(["km-scheme", "km-x", "明示", None, "某文", "graph/seed/sources/kunming-1-7-n-article.txt"])
    link_row = ws.max_row
    body = io.BytesIO()
    book.save(body)
    before = graph_snapshot(seeded)
    response = send(client, body.getvalue())
    assert response.status_code == 422, response.text
    errors = {e["path"]: e["message"] for e in response.json()["errors"]}
    assert f"文件!E{number}" in errors and "纲领性" in errors[f"文件!E{number}"]
    assert f"依据关系!B{link_row}" in errors and "km-x" in errors[f"依据关系!B{link_row}"]
    assert graph_snapshot(seeded) == before

    # The references are checked too (a file whose cells are all well formed).
    first["层级"].value = "纲领性"
    body = io.BytesIO()
    book.save(body)
    response = send(client, body.getvalue(), mode="replace")
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == [f"依据关系!B{link_row}"]
    assert graph_snapshot(seeded) == before


def test_a_workbook_written_by_hand_reads_by_its_headers(client: TestClient, empty_db: Driver) -> None:
    """A workbook another program wrote: one header row, columns in another order, dates as text."""
    book = openpyxl.Workbook()
    framework = book.active
    framework.title = "体系"
    source = ["来源引文", "来源出处", "确定性"]
    framework.append(["名称", "标识", *source])
    framework.append(["手工体系", "hand-made", "一个手工体系", "graph/seed/sources/kunming-1-7-n-article.txt", "明示"])
    documents = book.create_sheet("文件")
    documents.append(["标识", "标题", "层级", "公布日期", *source])
    documents.append(["hand-a", "纲领文件", "纲领性", "2021-01-31", "纲领文件", "note.txt", "明示"])
    documents.append(["hand-b", "配套文件", "supporting", None, "配套文件", "note.txt", "stated"])
    documents.append([None, None, None, None, "第二个来源", "note2.txt", None])  # one more source of hand-b
    basis = book.create_sheet("依据关系")
    basis.append(["文件", "依据文件"])  # no evidence of its own: the record's
    basis.append(["hand-b", "hand-a"])
    body = io.BytesIO()
    book.save(body)
    response = send(client, body.getvalue())
    assert response.status_code == 200, response.text
    data = client.get(EXPORT, params={"framework": "hand-made"}).json()
    b = next(d for d in data["documents"] if d["id"] == "hand-b")
    assert [s["where"] for s in b["sources"]] == ["note.txt", "note2.txt"]
    assert b["based_on"] == [{"document": "hand-a", "sources": b["sources"], "certainty": "stated"}]
    assert next(d for d in data["documents"] if d["id"] == "hand-a")["issued_on"] == "2021-01-31"


def test_a_workbook_libreoffice_saved_imports_as_ours(client: TestClient, seeded: Driver, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        missing("no LibreOffice: apt-get install libreoffice-calc-nogui")
    ours = tmp_path / "ours.xlsx"
    ours.write_bytes(export(client, "xlsx"))
    out = tmp_path / "libreoffice"
    subprocess.run(
        [str(soffice), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(ours)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    theirs = (out / "ours.xlsx").read_bytes()
    assert theirs != ours.read_bytes()
    before_file, before = exported(client), graph_snapshot(seeded, registry_only=True)
    response = send(client, theirs, mode="replace")
    assert response.status_code == 200, response.text
    assert exported(client) == before_file
    assert graph_snapshot(seeded, registry_only=True) == before


def test_csv_files_in_a_zip_round_trip(client: TestClient, seeded: Driver) -> None:
    body = export(client, "csv")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        assert "文件.csv" in names and "依据关系.csv" in names
        text = archive.read("文件.csv").decode("utf-8")
    assert text.startswith("\ufeff标识,标题")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][:2] == ["id", "title"]
    before_file = exported(client)
    response = send(client, body, mode="replace", content_type="application/zip")
    assert response.status_code == 200, response.text
    assert exported(client) == before_file


def framework_counts(driver: Driver) -> tuple[int, int]:
    nodes = driver.execute_query(
        "MATCH (n) WHERE (n:Document OR n:Topic OR n:Pillar OR n:Department) AND n.framework = $f RETURN count(n) AS n",
        f=FRAMEWORK,
    ).records[0]["n"]
    edges = driver.execute_query(
        "MATCH (a)-[r:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR|AMENDS|REPEALS|REPLACES]->(b) "
        "WHERE a.framework = $f AND b.framework = $f RETURN count(r) AS n",
        f=FRAMEWORK,
    ).records[0]["n"]
    return nodes, edges


def read_network(body: bytes, fmt: str, tmp_path: Path) -> nx.DiGraph:
    path = tmp_path / f"net.{fmt}"
    path.write_bytes(body)
    xmlschema.XMLSchema(SCHEMAS / f"{fmt}.xsd").validate(str(path))
    return nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networks_validate_and_load_in_networkx(client: TestClient, seeded: Driver, fmt: str, tmp_path: Path) -> None:
    network = read_network(export(client, fmt), fmt, tmp_path)
    assert (network.number_of_nodes(), network.number_of_edges()) == framework_counts(seeded)
    node = network.nodes["document:km-base-party-building"]
    assert (node["tier"], node["kind"], node["pillars"], node["color"]) == ("base", "document", "party-leadership",
                                                                          "#F39C12")  # fmt: skip
    edge_types = Counter(data["type"] for _a, _b, data in network.edges(data=True))
    assert edge_types["RESPONSIBLE_FOR"] >= 1 and edge_types["IMPLEMENTS"] >= 7

    # A traversal's subgraph: the neighbourhood, and a pillar's dependents.
    view = client.get("/api/v1/documents/km-base-party-building/graph").json()
    drawn = read_network(
        client.get("/api/v1/documents/km-base-party-building/graph", params={"format": fmt}).content, fmt, tmp_path
    )
    assert drawn.number_of_nodes() == len(view["nodes"])
    assert drawn.number_of_edges() == len(view["edges"])
    page = client.get("/api/v1/pillars/party-leadership/dependents").json()
    answer = client.get("/api/v1/pillars/party-leadership/dependents", params={"format": fmt})
    assert answer.headers["content-disposition"].endswith(f'.{fmt}"')
    dependents = read_network(answer.content, fmt, tmp_path)
    assert dependents.number_of_nodes() == len(page["items"]) + 2  # and the pillar, its base document
    assert "pillar:party-leadership" in dependents.nodes
    lineage = client.get(f"/api/v1/documents/{PROPERTY_SERVICES}/lineage").json()
    drawn = read_network(
        client.get(f"/api/v1/documents/{PROPERTY_SERVICES}/lineage", params={"format": fmt}).content, fmt, tmp_path
    )
    assert drawn.number_of_nodes() == 1 + len(lineage["ancestors"]) + len(lineage["pillars"])
    assert ("document:" + PROPERTY_SERVICES, "topic:km-topic-party-led-property-services") in drawn.edges
    below = client.get("/api/v1/documents/km-base-party-building/dependents", params={"format": fmt})
    assert read_network(below.content, fmt, tmp_path).has_node("document:km-base-party-building")


def test_json_ld_parses_with_the_graphs_triples(client: TestClient, seeded: Driver) -> None:
    data = exported(client)
    body = export(client, "jsonld")
    rdf = rdflib.Graph().parse(data=body, format="json-ld")

    def count(predicate: Any, obj: Any = None) -> int:
        return len(list(rdf.triples((None, predicate, obj))))

    documents = data["documents"]
    links = Counter()
    for record in documents + data["topics"]:
        for name in (
            "implements",
            "based_on",
            "placed_under",
            "covers",
            "responsible",
            "amends",
            "repeals",
            "replaces",
        ):
            links[name] += len(record.get(name) or [])
    assert count(rdflib.RDF.type, ELI.LegalResource) == len(documents)
    assert count(rdflib.RDF.type, PG.Pillar) == len(data["pillars"])
    assert count(ELI.based_on) == links["based_on"]
    assert count(PG.pillar) == links["implements"]
    assert count(PG.placedUnder) == links["placed_under"]
    assert count(ELI.responsibility_of) == links["responsible"]
    assert count(rdflib.RDF.type, rdflib.RDF.Statement) == sum(links.values())
    assert count(ELI.title) == sum(1 + bool(d.get("title_en")) for d in documents)
    assert count(ELI.date_document) == sum(1 for d in documents if d.get("issued_on"))
    assert count(PG.certainty) == len(documents) + len(data["pillars"]) + len(data["departments"]) + len(
        data["topics"]
    ) + 1 + sum(links.values())  # every record, the framework and every link

    # The document with a 发文字号 is named by it; content negotiation gives the same node.
    uri = rdflib.URIRef(f"urn:policygraph:{FRAMEWORK}/document/昆组通〔2019〕80号")
    assert (uri, ELI.id_local, rdflib.Literal("昆组通〔2019〕80号")) in rdf
    one = client.get(f"/api/v1/documents/{PROPERTY_SERVICES}", headers={"Accept": "application/ld+json"})
    assert one.status_code == 200 and one.headers["content-type"].startswith("application/ld+json")
    alone = rdflib.Graph().parse(data=one.content, format="json-ld")

    def described(g: rdflib.Graph) -> set[Any]:  # blank nodes (its sources) differ by name only
        return {(p, o if not isinstance(o, rdflib.BNode) else None) for _s, p, o in g.triples((uri, None, None))}

    assert described(alone) == described(rdf)
    assert client.get(f"/api/v1/documents/{PROPERTY_SERVICES}").json()["id"] == PROPERTY_SERVICES
    assert client.get("/api/v1/documents/nope", headers={"Accept": "application/ld+json"}).status_code == 404
    context = client.get("/api/v1/context.jsonld").json()["@context"]
    assert context["based_on"]["@id"] == "eli:based_on"

    # A link into another framework names the document by that framework's URI.
    other = sourced(
        {
            "framework": {"id": "other", "name": "另一体系"},
            "documents": [
                {"id": "other-a", "title": "另一文件", "tier": "supporting", "based_on": [PROPERTY_SERVICES]}
            ],
        }
    )
    assert post_import(client, other).status_code == 200
    theirs = rdflib.Graph().parse(data=client.get(EXPORT, params={"framework": "other", "format": "jsonld"}).content,
                                  format="json-ld")  # fmt: skip
    assert (rdflib.URIRef("urn:policygraph:other/document/other-a"), ELI.based_on, uri) in theirs


def test_cli_exports_a_workbook_and_loads_it_back(
    client: TestClient, seeded: Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cli_uses(monkeypatch, settings)
    runner = CliRunner()
    book_path = tmp_path / "台账.xlsx"
    result = runner.invoke(cli.app, ["export", "--format", "xlsx", "-o", str(book_path)])
    assert result.exit_code == 0, result.output
    before = exported(client)
    result = runner.invoke(cli.app, ["load", str(book_path), "--mode", "replace"])
    assert result.exit_code == 0, result.output
    assert exported(client) == before

    book = openpyxl.load_workbook(book_path)
    book["责任关系"]["B3"].value = "km-nobody"
    book.save(book_path)
    result = runner.invoke(cli.app, ["load", str(book_path)])
    assert result.exit_code == 2
    assert "责任关系!B3" in result.output and "km-nobody" in result.output
    for fmt in ("graphml", "gexf", "jsonld", "csv"):
        result = runner.invoke(cli.app, ["export", "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")])
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"out.{fmt}").stat().st_size > 1000


def test_an_archive_that_is_no_register_is_refused_cheaply(client: TestClient, seeded: Driver) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("文件.csv", b"\0" * (64 << 20))  # 64 MiB of zeros in about 64 KiB
    before = graph_snapshot(seeded)
    response = send(client, bomb.getvalue(), content_type="application/zip")
    assert response.status_code == 422 and "unpacks to 67108864 bytes" in response.json()["errors"][0]["message"]

    response = send(client, b"PK\x03\x04 not really a zip")
    assert response.status_code == 422 and response.json()["errors"][0]["path"] == "(file)"

    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    documents = book.create_sheet("文件")
    documents.append(["标识", "标题", "备注栏"])
    body = io.BytesIO()
    book.save(body)
    response = send(client, body.getvalue(), content_type=XLSX)
    assert response.status_code == 422
    errors = {e["path"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"Sheet1", "文件!C1", "体系"}, errors
    assert "备注栏" in errors["文件!C1"]
    assert graph_snapshot(seeded) == before


def test_a_framework_too_large_for_a_worksheet_is_refused_not_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    from policygraph.errors import Invalid
    from policygraph.services import workbook

    data = {"format": "policygraph/v2", "framework": {"id": "f", "name": "体系", "certainty": "stated"}}
    data["documents"] = [{"id": f"d{i}", "title": f"文件{i}", "tier": "supporting"} for i in range(10)]
    monkeypatch.setattr(workbook, "MAX_ROWS", 8)
    with pytest.raises(Invalid) as refused:
        workbook.xlsx_bytes(data)
    assert refused.value.problems[0].path == "文件"
