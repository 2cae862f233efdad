"""Backups two ways.

- Physical, for the local server: `neo4j-admin database dump` / `load` from the same jars.
  Neo4j Community dumps and loads only a stopped database, so a running server is stopped
  first and started again afterwards; `say` reports each step.
- Logical, for any server (clusters and Aura included): every framework exported in the
  interchange format, one file each, and loaded back with mode=replace. It carries the
  registry, not the change history or suspect marks (they are not part of the format).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from policygraph.db import Graph
from policygraph.neo4j_server.local import LocalNeo4j
from policygraph.services import exporter, frameworks, importer
from policygraph.services.validation import Mode, parse_text

Say = Callable[[str], None]
Advance = Callable[[int, int], None]  # (frameworks done, frameworks in all)


def _stopped(server: LocalNeo4j, say: Say) -> bool:
    running = server.status().state == "running"
    if running:
        say("stopping Neo4j: Community edition dumps and loads only a stopped database")
        server.stop()
    return running


def _restart(server: LocalNeo4j, was_running: bool, say: Say) -> None:
    if was_running:
        say("starting Neo4j again")
        server.start()


def dump(server: LocalNeo4j, target: Path, say: Say) -> Path:
    """Dump the database to `target` (a file, or a folder to put a timestamped file in)."""
    if target.is_dir() or not target.suffix:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        target = target / f"policygraph-{stamp}.dump"
    target.parent.mkdir(parents=True, exist_ok=True)
    was_running = _stopped(server, say)
    try:
        with tempfile.TemporaryDirectory(prefix="policygraph-dump-") as work:
            say("neo4j-admin database dump neo4j")
            made = server.dump(Path(work))
            shutil.move(made, target)
    finally:
        _restart(server, was_running, say)
    say(f"wrote {target} ({target.stat().st_size} bytes)")
    return target


def load(server: LocalNeo4j, source: Path, say: Say) -> None:
    """Replace the database with a dump written by `dump`."""
    if not source.is_file():
        raise FileNotFoundError(f"{source}: no such dump file")
    was_running = _stopped(server, say)
    try:
        with tempfile.TemporaryDirectory(prefix="policygraph-load-") as work:
            shutil.copyfile(source, Path(work) / "neo4j.dump")
            say(f"neo4j-admin database load neo4j from {source} (the current database is replaced)")
            server.load(Path(work))
    finally:
        _restart(server, was_running, say)


async def export_all(graph: Graph, folder: Path, say: Say, advance: Advance | None = None) -> list[Path]:
    """Every framework as `folder`/<id>.json."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    held = await frameworks.list_frameworks(graph)
    for item in held:
        path = folder / f"{item.id}.json"
        with path.open("w", encoding="utf-8") as out:
            await exporter.write(graph, item.id, out, "json")
        say(f"exported {item.id} -> {path}")
        written.append(path)
        if advance:
            advance(len(written), len(held))
    return written


async def import_all(
    graph: Graph, folder: Path, say: Say, advance: Advance | None = None
) -> list[importer.ImportResult]:
    """Load every `folder`/*.json written by export_all, each replacing its framework."""
    results = []
    files = sorted(folder.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"{folder}: no framework files (*.json) to restore")
    for path in files:
        raw = parse_text(path.read_bytes(), path.name)
        result = await importer.import_data(graph, raw, Mode.replace, actor="restore")
        say(f"restored {result.framework}: {result.documents} documents")
        results.append(result)
        if advance:
            advance(len(results), len(files))
    return results
