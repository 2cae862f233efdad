"""`neo4j-admin database import full` of a generated registry: the ceiling for load speed.

The interchange files become the CSV `policygraph bulk-load --initial` writes (services/
initial_csv.py: the bulk load's labels, properties and types), without the checks; neo4j-admin,
from the same jars as the server, imports them with the same options into an empty home of its
own (`.data/bench/<scale>/admin-neo4j`, never started). Only the import is timed: writing the CSV
is reported apart, and neo4j-admin builds no indexes (the loads keep them all up to date).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

from bench.server import bench_server, run_admin
from policygraph.model.interchange import PolicyFile
from policygraph.services import initial_csv, initial_load
from policygraph.services.validation import collector_paused


def write_csv(files: list[Path], folder: Path) -> list[initial_csv.Part]:
    """The CSV of every file, one folder each."""
    shutil.rmtree(folder, ignore_errors=True)
    parts = []
    for number, path in enumerate(files):
        with collector_paused():
            policy = PolicyFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
            parts.append(initial_csv.write(policy, folder / str(number), path.name))
    return parts


def admin_import(files: list[Path], home: Path) -> dict[str, Any]:
    folder = home / "admin-csv"
    started = time.perf_counter()
    parts = write_csv(files, folder)
    csv_seconds = time.perf_counter() - started
    target = home / "admin-neo4j"
    shutil.rmtree(target, ignore_errors=True)
    server = bench_server(target, "1g", "1g")
    server.configure()
    started = time.perf_counter()
    output = run_admin(
        server, "database", "import", "full", *initial_load.admin_arguments(parts, folder / "import.report"), "neo4j"
    )
    seconds = time.perf_counter() - started
    if "IMPORT DONE" not in output:
        raise RuntimeError(f"neo4j-admin import did not finish:\n{output[-2000:]}")
    shutil.rmtree(folder, ignore_errors=True)
    nodes = sum(1 + p.result.pillars + p.result.departments + p.result.topics + p.result.documents for p in parts)
    total = sum(part.result.records for part in parts)
    return {
        "nodes": nodes,
        "relationships": total - nodes,
        "records": total,
        "seconds": round(seconds, 1),
        "records_per_s": round(total / seconds),
        "csv_seconds": round(csv_seconds, 1),
    }
