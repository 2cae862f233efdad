"""`neo4j-admin database import full` of a generated registry: the ceiling for load speed.

The interchange files become CSV (documents, pillars, departments, frameworks; BASED_ON,
IMPLEMENTS, RESPONSIBLE_FOR) with the same properties and labels `policygraph bulk-load`
writes; neo4j-admin, from the same jars as the server, imports them into an empty home of its
own (`.data/bench/<scale>/admin-neo4j`, never started). Only the import is timed: writing the
CSV is reported apart, and neo4j-admin builds no indexes (the bulk load keeps six up to date).
"""

from __future__ import annotations

import csv
import json
import shutil
import time
from pathlib import Path
from typing import Any

from bench.server import bench_server, run_admin
from policygraph.model.interchange import TIER_LABELS, PolicyFile
from policygraph.services import records


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def write_csv(files: list[Path], folder: Path) -> dict[str, int]:
    """CSV for every file; returns node and relationship counts."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    documents: list[dict[str, Any]] = []
    pillars: list[dict[str, Any]] = []
    departments: list[dict[str, Any]] = []
    frameworks: list[dict[str, Any]] = []
    based_on: list[list[str]] = []
    placed_under: list[list[str]] = []
    implements: list[list[str]] = []
    responsible: list[list[str]] = []

    def evidence(link: Any) -> list[str]:
        props = records.link_props(link)
        return [props["certainty"], props.get("reason", ""), props["sources"], props.get("mark", "")]

    for path in files:
        policy = PolicyFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
        fid = policy.framework.id
        frameworks.append(records.framework_props(policy.framework))
        pillars += [records.pillar_props(p, fid) for p in policy.pillars]
        departments += [records.department_props(d, fid) for d in policy.departments]
        for doc in policy.documents:
            props = records.document_props(doc, fid)
            props["_labels"] = ";".join(["Document", *TIER_LABELS[doc.tier]])
            documents.append(props)
            based_on += [[doc.id, link.document, *evidence(link), "BASED_ON"] for link in doc.based_on]
            placed_under += [[doc.id, link.document, *evidence(link), "PLACED_UNDER"] for link in doc.placed_under]
            implements += [[doc.id, link.pillar, *evidence(link), "IMPLEMENTS"] for link in doc.implements]
            responsible += [
                [duty.department, doc.id, duty.role.value, *evidence(duty), "RESPONSIBLE_FOR"]
                for duty in doc.responsible
            ]
    for name, id_space, key, label, items in (
        ("documents", "Document", "id", "Document", documents),
        ("pillars", "Pillar", "key", "Pillar", pillars),
        ("departments", "Department", "id", "Department", departments),
        ("frameworks", "Framework", "id", "Framework", frameworks),
    ):
        columns = sorted({k for item in items for k in item} - {key, "_labels"})
        types = {c: ":int" if any(isinstance(i.get(c), int) for i in items) else "" for c in columns}
        header = [f"{key}:ID({id_space})", *(c + types[c] for c in columns), ":LABEL"]
        rows = [[item[key], *(item.get(c, "") for c in columns), item.get("_labels", label)] for item in items]
        _write(folder / f"{name}.csv", header, rows)
    claim = ["certainty", "reason", "sources", "mark"]
    _write(folder / "based_on.csv", [":START_ID(Document)", ":END_ID(Document)", *claim, ":TYPE"], based_on)
    _write(folder / "placed_under.csv", [":START_ID(Document)", ":END_ID(Document)", *claim, ":TYPE"], placed_under)
    _write(folder / "implements.csv", [":START_ID(Document)", ":END_ID(Pillar)", *claim, ":TYPE"], implements)
    _write(
        folder / "responsible.csv", [":START_ID(Department)", ":END_ID(Document)", "role", *claim, ":TYPE"], responsible
    )
    nodes = len(documents) + len(pillars) + len(departments) + len(frameworks)
    return {"nodes": nodes, "relationships": len(based_on) + len(placed_under) + len(implements) + len(responsible)}


def admin_import(files: list[Path], home: Path) -> dict[str, Any]:
    folder = home / "admin-csv"
    started = time.perf_counter()
    counts = write_csv(files, folder)
    csv_seconds = time.perf_counter() - started
    target = home / "admin-neo4j"
    shutil.rmtree(target, ignore_errors=True)
    server = bench_server(target, "1g", "1g")
    server.configure()
    started = time.perf_counter()
    output = run_admin(
        server,
        "database",
        "import",
        "full",
        f"--nodes={folder / 'documents.csv'}",
        f"--nodes={folder / 'pillars.csv'}",
        f"--nodes={folder / 'departments.csv'}",
        f"--nodes={folder / 'frameworks.csv'}",
        f"--relationships={folder / 'based_on.csv'}",
        f"--relationships={folder / 'placed_under.csv'}",
        f"--relationships={folder / 'implements.csv'}",
        f"--relationships={folder / 'responsible.csv'}",
        "--overwrite-destination=true",
        "neo4j",
    )
    seconds = time.perf_counter() - started
    if "IMPORT DONE" not in output:
        raise RuntimeError(f"neo4j-admin import did not finish:\n{output[-2000:]}")
    total = counts["nodes"] + counts["relationships"]
    return {
        **counts,
        "records": total,
        "seconds": round(seconds, 1),
        "records_per_s": round(total / seconds),
        "csv_seconds": round(csv_seconds, 1),
    }
