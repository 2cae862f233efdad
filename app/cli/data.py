"""Commands that move framework files in and out: `load`, `seed`, `send` (through a running API),
`bulk-load`, `export`, `backup` and `restore`. Long ones show a progress bar on stderr."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import multiprocessing
import shutil
import sys
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from policygraph import client, i18n, resources
from policygraph import settings as config
from policygraph.cli import impact as shown
from policygraph.cli.common import as_of_day, progress, with_graph
from policygraph.cli.errors import INVALID, console, fail, handled, say
from policygraph.db import Graph, open_graph
from policygraph.errors import Invalid
from policygraph.i18n import Text, _, render
from policygraph.neo4j_server import server_for
from policygraph.neo4j_server.local import LocalNeo4j
from policygraph.services import backup, bulk, exporter, formats, impact, importer, initial_csv, initial_load
from policygraph.services.formats import FileFormat
from policygraph.services.validation import Mode, parse_text
from policygraph.settings import Settings

T = TypeVar("T")
Shown = tuple[Callable[[int, int], None], Callable[[str], None]]  # common.progress: (advance, step)

FileArg = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, help="A .yaml/.json file, or an exported .xlsx or CSV .zip")
]
ModeOption = Annotated[Mode, typer.Option(help="merge or replace")]
ForceOption = Annotated[bool, typer.Option(help="replace: drop records other frameworks rest on too")]


def _load(path: Path, mode: Mode = Mode.merge, force: bool = False) -> None:
    settings = config.get_settings()
    with progress(render(_("loading {name}", name=path.name))) as (advance, _step):
        raw = parse_text(path.read_bytes(), path.name)
        result = with_graph(settings, lambda g: importer.import_data(g, raw, mode, advance, force=force))
    say(_imported(path, result.model_dump()))


def _imported(path: Path, outcome: dict[str, Any], change: int | None = None) -> Text:
    """What an import wrote (`load`, and `send` with the change number the API gave it)."""
    counts = {key: outcome[key] for key in ("framework", "mode", "documents", "pillars", "departments", "links")}
    if change is None:
        return _(
            "{name}: framework {framework} ({mode}): {documents} documents, {pillars} pillars, "
            "{departments} departments, {links} links",
            name=path.name,
            **counts,
        )
    return _(
        "{name}: framework {framework} ({mode}): {documents} documents, {pillars} pillars, "
        "{departments} departments, {links} links; change {change}",
        name=path.name,
        change=change,
        **counts,
    )


@handled
def load(
    path: FileArg,
    mode: ModeOption = Mode.merge,
    force: ForceOption = False,
    dry_run: Annotated[bool, typer.Option(help="Write nothing; print what the import would touch.")] = False,
    fmt: Annotated[
        shown.Format, typer.Option("--format", help="With --dry-run: table, json or csv.")
    ] = shown.Format.table,
) -> None:
    """Import a policygraph/v2 file (v1 is converted). Exit 2 on structural errors (nothing written)."""
    try:
        if dry_run:
            settings = config.get_settings()
            raw = parse_text(path.read_bytes(), path.name)
            found = with_graph(
                settings,
                lambda g: impact.rehearse(
                    lambda: importer.import_data(g, raw, mode, force=force),
                    audit_documents=settings.dry_run_audit_documents,
                ),
            )
            shown.show(found, fmt, None)
            return
        _load(path, mode, force)
    except Invalid as exc:
        console.print(render(_("in {path}:", path=str(path))), highlight=False, markup=False)
        raise exc


@handled
def seed() -> None:
    """Load the seed that ships with policygraph (the Kunming 1+7+N framework), merging (idempotent)."""
    for path in sorted(resources.SEED.glob("*.yaml")) + sorted(resources.SEED.glob("*.json")):
        _load(path)


@handled
def send(
    path: FileArg,
    api: Annotated[str | None, typer.Option(help="The API's address (default: this machine's API)")] = None,
    key_file: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="A file holding the write key")
    ] = None,
    mode: ModeOption = Mode.merge,
    force: ForceOption = False,
) -> None:
    """Import a file through a running API, as a job, with a progress bar. The write key comes
    from --key-file or POLICYGRAPH_API_KEY, never the command line. Exit 2 when refused."""
    settings = config.get_settings()
    key = key_file.read_text(encoding="utf-8").strip() if key_file else settings.write_keys().get("default")
    if not key:
        fail(_("no write key: give --key-file, or set POLICYGRAPH_API_KEY"), INVALID)
    remote = client.Api(api or settings.api_url(), key)
    with progress(render(_("sending {name}", name=path.name))) as (advance, _step):

        def show(job: dict[str, object]) -> None:
            if job["phase"] == "writing":
                advance(int(str(job["done"])), int(str(job["total"])))

        try:
            location = remote.send(path.read_bytes(), path.suffix in (".yaml", ".yml"), mode.value, force)
            job = remote.follow(location, show)
        except client.ApiError as exc:
            fail(f"{path}: {exc}", INVALID if exc.status else 1)
    outcome = job["result"] or {}
    if job["state"] != "succeeded":
        for problem in outcome.get("errors", [])[:50]:
            console.print(f"{path}: {problem['path']}: {problem['message']}", highlight=False, markup=False)
        fail(f"{path}: {outcome.get('detail', job['detail'])} (job {job['id']})", INVALID)
    say(_imported(path, outcome, job["change"]))


def _file_in_worker(
    path: Path, locale: i18n.Locale, work: Callable[[Graph, Any], Awaitable[T]]
) -> tuple[T | list[str], float]:
    """One file of a bulk load (in a worker process, in the command's language): `work`'s
    result, or the file's problems; and the seconds it took."""
    i18n.current.set(locale)
    began = time.perf_counter()
    try:
        raw = parse_text(path.read_bytes(), path.name)
        result = with_graph(config.get_settings(), lambda g: work(g, raw))
    except Invalid as exc:
        return [str(problem) for problem in exc.problems], time.perf_counter() - began
    return result, time.perf_counter() - began


def _in_workers(
    paths: list[Path], works: Iterable[Callable[[Graph, Any], Awaitable[Any]]], parallel: int, shown: Shown
) -> Iterator[tuple[Path, Any, float]]:
    """Each file through its work in `parallel` worker processes, in order: (path, the result or
    the list of its problems, seconds). A refused file's problems are shown, up to 50."""
    advance, step = shown
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(parallel, mp_context=context) as pool:
        advance(0, len(paths))
        results = pool.map(_file_in_worker, paths, repeat(i18n.current.get()), works)
        for done, (path, (outcome, seconds)) in enumerate(zip(paths, results, strict=True), 1):
            advance(done, len(paths))
            if isinstance(outcome, list):
                for problem in outcome[:50]:
                    step(f"{path}: {problem}")
            yield path, outcome, seconds


def _rate(records: int, started: float) -> None:
    seconds = time.perf_counter() - started
    say(
        _(
            "{count} records in {seconds} s ({rate} records/s)",
            count=records,
            seconds=f"{seconds:.1f}",
            rate=f"{records / seconds:,.0f}",
        )
    )


def _initial(paths: list[Path], parallel: int) -> None:
    """`bulk-load --initial`: every file through neo4j-admin, or none (services/initial_load.py)."""
    settings = config.get_settings()
    server = _local(settings, _("--initial imports with neo4j-admin into the local server only; load without it"))
    server.start()
    started = time.perf_counter()
    with_graph(settings, initial_load.held)  # not empty: refused before the files are read
    staging = server.home / "initial-load"
    shutil.rmtree(staging, ignore_errors=True)
    works = [
        functools.partial(initial_load.prepare, folder=staging / "csv" / str(number), source=path.name)
        for number, path in enumerate(paths)
    ]
    try:
        with progress(render(_("initial load: checking files"))) as shown:
            checked = list(_in_workers(paths, works, parallel, shown))
            failed = sum(isinstance(outcome, list) for _path, outcome, _seconds in checked)
            if failed:
                refused = _(
                    "{failed} of {count} file(s) have errors; nothing was written", failed=failed, count=len(paths)
                )
                fail(refused, INVALID)
            parts: list[initial_csv.Part] = [outcome for _path, outcome, _seconds in checked]
            step = shown[1]
            told = lambda text: step(render(text))  # noqa: E731
            numbers = asyncio.run(initial_load.load(server, lambda: open_graph(settings), parts, staging, told))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for part, number in zip(parts, numbers, strict=True):
        result = part.result
        say(
            _(
                "{name}: framework {framework}: {documents} documents, {links} links, {records} records; "
                "change {change}",
                name=part.source,
                framework=result.framework,
                documents=result.documents,
                links=result.links,
                records=result.records,
                change=number,
            )
        )
    _rate(sum(part.result.records for part in parts), started)


@handled
def bulk_load(
    paths: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, help="policygraph/v2 files (v1 is converted)")
    ],
    parallel: Annotated[int, typer.Option(min=1, max=8, help="Files loaded at the same time")] = 2,
    initial: Annotated[
        bool,
        typer.Option(
            help="An empty database on the local server: every file through neo4j-admin import, "
            "or none (the server is stopped meanwhile)"
        ),
    ] = False,
) -> None:
    """Create new frameworks fast: each file in one transaction, CREATE in large batches.

    Every id in a file must be new (use `load` to merge into what exists). A file with any
    problem writes nothing (the others still load); the exit code is then 2. With --initial, an
    empty database is filled by neo4j-admin: every file is checked first and nothing is written
    unless all pass."""
    if initial:
        _initial(paths, parallel)
        return
    created, failed = 0, 0
    started = time.perf_counter()
    with progress(render(_("bulk load: files"))) as shown:
        step = shown[1]
        for path, outcome, seconds in _in_workers(paths, repeat(bulk.bulk_load), parallel, shown):
            if isinstance(outcome, list):
                failed += 1
                gone = _("{name}: {count} error(s); nothing was written from it", name=path.name, count=len(outcome))
                step(render(gone))
                continue
            created += outcome.records
            loaded = _(
                "{name}: framework {framework}: {documents} documents, {links} links, {records} records in {seconds} s",
                name=path.name,
                framework=outcome.framework,
                documents=outcome.documents,
                links=outcome.links,
                records=outcome.records,
                seconds=f"{seconds:.1f}",
            )
            step(render(loaded))
    _rate(created, started)
    if failed:
        fail(_("{failed} of {count} file(s) not loaded", failed=failed, count=len(paths)), INVALID)


@handled
def export(
    framework: Annotated[str, typer.Option(help="Framework id")] = "kunming-1-7-n",
    fmt: Annotated[
        FileFormat, typer.Option("--format", help="yaml, json, xlsx, csv (zipped), graphml, gexf or jsonld")
    ] = FileFormat.yaml,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (default: stdout)")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD: the framework as it stood that day")] = None,
) -> None:
    """Export one framework: the policygraph/v2 file (yaml, json), a workbook (xlsx, csv), a network
    (graphml, gexf) or linked data (jsonld). docs/interchange-format.md describes each."""
    day = as_of_day(as_of)
    settings = config.get_settings()
    if not formats.FORMATS[fmt].streamed:
        body = with_graph(settings, lambda g: exporter.built(g, framework, fmt, settings.ld_base, day))
        if output is None:
            sys.stdout.buffer.write(body)
            return
        partial = output.with_name(output.name + ".partial")
        partial.write_bytes(body)
        partial.replace(output)
        return
    if output is None:
        with_graph(settings, lambda g: exporter.write(g, framework, sys.stdout, fmt.value, day))
        return
    partial = output.with_name(output.name + ".partial")  # the file appears only when whole
    with partial.open("w", encoding="utf-8") as out:
        with_graph(settings, lambda g: exporter.write(g, framework, out, fmt.value, day))
    partial.replace(output)


def _local(settings: Settings, refusal: Text | str | None = None) -> LocalNeo4j:
    server = server_for(settings)
    if not isinstance(server, LocalNeo4j):
        fail(
            refusal
            or "dump and load work on the local server only (this one is external or Docker); "
            "use --logical, which exports every framework from any server",
            INVALID,
        )
    return server


@handled
def backup_command(
    to: Annotated[Path | None, typer.Option("--to", help="File or folder (default: <data_dir>/backups)")] = None,
    logical: Annotated[bool, typer.Option(help="Export every framework (interchange files) instead of a dump")] = False,
) -> None:
    """Back up the database: a neo4j-admin dump of the local server (stopped while it runs, then
    started again), or with --logical one interchange file per framework, from any server."""
    settings = config.get_settings()
    target = to or settings.backup_dir or settings.data_dir / "backups"
    with progress("backup") as (advance, step):
        if logical:
            folder = target / dt.datetime.now(dt.UTC).strftime("policygraph-%Y%m%dT%H%M%SZ") if to is None else target
            with_graph(settings, lambda g: backup.export_all(g, folder, step, advance))
        else:
            backup.dump(_local(settings), target, step)


@handled
def restore_command(
    source: Annotated[Path, typer.Argument(exists=True, help="A dump file, or with --logical a backup folder")],
    logical: Annotated[bool, typer.Option(help="Load the interchange files of a --logical backup")] = False,
) -> None:
    """Restore a backup. A dump replaces the whole local database (stopped meanwhile); a logical
    backup replaces each framework it holds."""
    settings = config.get_settings()
    with progress("restore") as (advance, step):
        if logical:
            with_graph(settings, lambda g: backup.import_all(g, source, step, advance))
        else:
            backup.load(_local(settings), source, step)
