"""The `policygraph` command. It calls services, never routes, so it behaves like the API."""

from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing
import os
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from neo4j.exceptions import ConnectionAcquisitionTimeoutError, ServiceUnavailable, SessionExpired
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from app import client
from app.db import Graph, create_driver
from app.errors import Conflict, NotFound
from app.model.api import Audit, Severity
from app.neo4j_server import ProvisioningError, Server, server_for
from app.neo4j_server.local import LocalNeo4j
from app.services import audit, backup, bulk, exporter, importer, report, schema
from app.settings import PROJECT_ROOT, NotConfigured, Settings, get_settings

T = TypeVar("T")

app = typer.Typer(help="policygraph: the 1+7+N policy system as a graph.", no_args_is_help=True)
neo4j_app = typer.Typer(help="The Neo4j server: start, stop, status.", no_args_is_help=True)
db_app = typer.Typer(help="The database: schema migrations.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(db_app, name="db")

console = Console(stderr=True)
SEED_DIR = PROJECT_ROOT / "graph" / "seed"


def fail(message: str, code: int = 1) -> NoReturn:
    console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


# Failures that mean the database could not be reached or did not answer.
UNREACHABLE = (ServiceUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError, TimeoutError, OSError)


def with_graph(settings: Settings, work: Callable[[Graph], Awaitable[T]]) -> T:
    """Run `work` with a Graph on a fresh driver, closing it afterwards."""

    async def main() -> T:
        driver = create_driver(settings)
        try:
            return await work(Graph(driver, settings.connection().database, settings.query_timeout))
        finally:
            await driver.close()

    try:
        return asyncio.run(main())
    except NotConfigured as exc:
        fail(str(exc))
    except UNREACHABLE as exc:  # one line, never a traceback: nothing was written
        fail(f"cannot reach Neo4j at {settings.connection().uri}: {exc.__class__.__name__}: {exc}", code=2)


def _server(settings: Settings) -> Server:
    try:
        return server_for(settings)
    except (ProvisioningError, NotConfigured) as exc:
        fail(str(exc))


# ---- neo4j -----------------------------------------------------------------------------
@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the server (or find it running): NEO4J_URI, else Docker, else local jars."""
    settings = get_settings()
    try:
        info = _server(settings).start(timeout=settings.neo4j_start_timeout)
    except ProvisioningError as exc:
        fail(str(exc))
    console.print(info.describe(), highlight=False)
    console.print(f"credentials: {settings.connection_file}", highlight=False)


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the server cleanly."""
    console.print(_server(get_settings()).stop().describe(), highlight=False)


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the server runs; exit 1 when it does not, 3 when its pid file is stale."""
    info = _server(get_settings()).status()
    console.print(info.describe(), highlight=False)
    if info.state == "stale":
        raise typer.Exit(3)
    if info.state == "stopped":
        raise typer.Exit(1)


# ---- db --------------------------------------------------------------------------------
@db_app.command("migrate")
def db_migrate() -> None:
    """Apply the migrations under graph/migrations/ the database lacks, in order (idempotent)."""
    settings = get_settings()

    async def work(graph: Graph) -> tuple[list[str], int]:
        applied = await schema.migrate(graph.driver, graph.database)
        state = await schema.database_state(graph.driver, graph.database)
        return applied, state.version

    applied, version = with_graph(settings, work)
    for name in applied:
        console.print(f"applied {name}", highlight=False)
    console.print(f"schema version {version} (this policygraph: {schema.CODE_VERSION})", highlight=False)


@db_app.command("schema")
def db_schema() -> None:
    """The same as `db migrate` (kept for scripts written before migrations)."""
    db_migrate()


# ---- service ---------------------------------------------------------------------------
@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    log_format: Annotated[str | None, typer.Option(help="json or text (default: POLICYGRAPH_LOG_FORMAT).")] = None,
) -> None:
    """Run the API in the foreground against the configured Neo4j."""
    import uvicorn

    from app import logs
    from app.main import create_app

    settings = get_settings()
    logs.setup(log_format or settings.log_format, settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=host or settings.api_host,
        port=port or settings.api_port,
        log_config=None,  # keep the handlers logs.setup() installed
        access_log=False,
    )


@app.command("run")
def run() -> None:
    """Everything `make run` does: Neo4j, schema, seed, then the API; Ctrl-C stops them."""
    settings = get_settings()
    server = _server(settings)
    already = server.status().state in {"running", "external"}
    try:
        info = server.start(timeout=settings.neo4j_start_timeout)
    except ProvisioningError as exc:
        fail(str(exc))
    console.print(info.describe(), highlight=False)
    try:
        db_migrate()
        seed_files = sorted(SEED_DIR.glob("*.yaml")) + sorted(SEED_DIR.glob("*.json"))
        for path in seed_files:
            load(path, importer.Mode.merge)
        conn = settings.connection()
        console.print(
            "\n[bold]policygraph is up[/bold]\n"
            f"  API docs:      http://{settings.api_host}:{settings.api_port}/docs\n"
            f"  Neo4j Browser: {conn.http_url or '(external server)'}/browser/  "
            f"(connect to {conn.uri}, user {conn.user})\n"
            f"  credentials:   {settings.connection_file}\n"
            "  Ctrl-C stops the API" + ("" if already else " and Neo4j") + ".\n",
            highlight=False,
        )
        serve(None, None, "text" if "POLICYGRAPH_LOG_FORMAT" not in os.environ else None)
    finally:
        if not already:
            console.print(server.stop().describe(), highlight=False)


@app.command("load")
def load(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A .yaml/.json file")],
    mode: Annotated[importer.Mode, typer.Option(help="merge or replace")] = importer.Mode.merge,
    force: Annotated[bool, typer.Option(help="replace: drop records other frameworks rest on too")] = False,
) -> None:
    """Import a policygraph/v2 file (v1 is converted). Exit 2 on structural errors (nothing written)."""
    settings = get_settings()
    raw_text = path.read_bytes()
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(f"loading {path.name}", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            raw = importer.parse_text(raw_text, path.name)
            result = with_graph(settings, lambda g: importer.import_data(g, raw, mode, progress, force=force))
        except importer.InvalidImport as exc:
            bar.stop()
            for problem in exc.problems:
                console.print(f"{path}: {problem}", highlight=False, markup=False)
            listed = "" if len(exc.problems) == exc.total else f" (the first {len(exc.problems)} listed)"
            fail(f"{exc.total} error(s){listed}; nothing was written", code=2)
        except Conflict as exc:
            bar.stop()
            fail(f"{path}: {exc}", code=2)
        except ValueError as exc:
            fail(f"{path}: not valid JSON: {exc}", code=2)
    console.print(
        f"{path.name}: framework {result.framework} ({result.mode}): {result.documents} documents, "
        f"{result.pillars} pillars, {result.departments} departments, {result.links} links",
        highlight=False,
    )


@app.command("send")
def send(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A .yaml/.json file")],
    api: Annotated[str | None, typer.Option(help="The API's address (default: this machine's API)")] = None,
    key_file: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="A file holding the write key")
    ] = None,
    mode: Annotated[importer.Mode, typer.Option(help="merge or replace")] = importer.Mode.merge,
    force: Annotated[bool, typer.Option(help="replace: drop records other frameworks rest on too")] = False,
) -> None:
    """Import a file through a running API, as a job, with a progress bar. The write key comes
    from --key-file or POLICYGRAPH_API_KEY, never the command line. Exit 2 when refused."""
    settings = get_settings()
    key = key_file.read_text(encoding="utf-8").strip() if key_file else settings.write_keys().get("default")
    if not key:
        fail("no write key: give --key-file, or set POLICYGRAPH_API_KEY", code=2)
    remote = client.Api(api or settings.api_url(), key)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(f"sending {path.name}", total=None)

        def show(job: dict[str, object]) -> None:
            bar.update(
                task,
                description=f"{path.name}: {job['phase']}",
                completed=job["done"],
                total=job["total"] if job["phase"] == "writing" else None,
            )

        try:
            location = remote.send(path.read_bytes(), path.suffix in (".yaml", ".yml"), mode.value, force)
            job = remote.follow(location, show)
        except client.ApiError as exc:
            bar.stop()
            fail(f"{path}: {exc}", code=2 if exc.status else 1)
    outcome = job["result"] or {}
    if job["state"] != "succeeded":
        for problem in outcome.get("errors", [])[:50]:
            console.print(f"{path}: {problem['path']}: {problem['message']}", highlight=False, markup=False)
        fail(f"{path}: {outcome.get('detail', job['detail'])} (job {job['id']})", code=2)
    console.print(
        f"{path.name}: framework {outcome['framework']} ({outcome['mode']}): {outcome['documents']} documents, "
        f"{outcome['pillars']} pillars, {outcome['departments']} departments, {outcome['links']} links; "
        f"change {job['change']}",
        highlight=False,
    )


def _bulk_file(path: Path) -> tuple[bulk.BulkResult | list[str], float]:
    """One file of a bulk load (in a worker process): the result, or its problems."""
    began = time.perf_counter()
    try:
        raw = importer.parse_text(path.read_bytes(), path.name)
        result = with_graph(get_settings(), lambda g: bulk.bulk_load(g, raw))
    except importer.InvalidImport as exc:
        return [str(problem) for problem in exc.problems], time.perf_counter() - began
    except ValueError as exc:
        return [f"not valid JSON: {exc}"], time.perf_counter() - began
    return result, time.perf_counter() - began


@app.command("bulk-load")
def bulk_load(
    paths: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, help="policygraph/v2 files (v1 is converted)")
    ],
    parallel: Annotated[int, typer.Option(min=1, max=8, help="Files loaded at the same time")] = 2,
) -> None:
    """Create new frameworks fast: each file in one transaction, CREATE in large batches.

    Every id in a file must be new (use `load` to merge into what exists). A file with any
    problem writes nothing (the others still load); the exit code is then 2."""
    created, failed = 0, 0
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=parallel, mp_context=multiprocessing.get_context("spawn")) as pool:
        for path, (outcome, seconds) in zip(paths, pool.map(_bulk_file, paths), strict=True):
            if isinstance(outcome, list):
                failed += 1
                for problem in outcome[:50]:
                    console.print(f"{path}: {problem}", highlight=False, markup=False)
                console.print(f"{path.name}: {len(outcome)} error(s); nothing was written from it", highlight=False)
                continue
            created += outcome.records
            console.print(
                f"{path.name}: framework {outcome.framework}: {outcome.documents} documents, {outcome.links} "
                f"links, {outcome.records} records in {seconds:.1f} s",
                highlight=False,
            )
    seconds = time.perf_counter() - started
    console.print(f"{created} records in {seconds:.1f} s ({created / seconds:,.0f} records/s)", highlight=False)
    if failed:
        fail(f"{failed} of {len(paths)} file(s) not loaded", code=2)


@app.command("export")
def export(
    framework: Annotated[str, typer.Option(help="Framework id")] = "kunming-1-7-n",
    fmt: Annotated[str, typer.Option("--format", help="yaml or json")] = "yaml",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (default: stdout)")] = None,
) -> None:
    """Export one framework as a policygraph/v2 file, every claim with its evidence."""
    if fmt not in {"yaml", "json"}:
        fail("--format must be yaml or json", code=2)
    settings = get_settings()
    try:
        if output is None:
            with_graph(settings, lambda g: exporter.write(g, framework, sys.stdout, fmt))
        else:
            partial = output.with_name(output.name + ".partial")  # the file appears only when whole
            with partial.open("w", encoding="utf-8") as out:
                with_graph(settings, lambda g: exporter.write(g, framework, out, fmt))
            partial.replace(output)
    except NotFound as exc:
        fail(str(exc), code=2)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


@app.command("audit")
def audit_command(
    fmt: Annotated[Format, typer.Option("--format", help="table, json, csv or md (a Markdown report).")] = Format.table,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 when a finding has this severity or above; never: always exit 0.")
    ] = FailOn.error,
    framework: Annotated[str | None, typer.Option(help="Only this framework (default: all).")] = None,
    check: Annotated[list[str] | None, typer.Option(help="Run only this check (may repeat).")] = None,
    skip: Annotated[list[str] | None, typer.Option(help="Leave out this check (may repeat).")] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=audit.MAX_FINDINGS_PER_CHECK, help="Most findings listed per check.")
    ] = audit.MAX_FINDINGS_PER_CHECK,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (default: stdout)")] = None,
) -> None:
    """Check the graph for orphans, cycles, broken chains, missing owners and declared gaps.

    Exits 0 when nothing reaches --fail-on, 1 when something does, 2 when the audit cannot run."""
    try:
        checks = audit.select_checks(check, skip or ())
    except ValueError as exc:
        fail(str(exc), code=2)
    settings = get_settings()
    try:
        result = with_graph(
            settings, lambda g: audit.run_audit(g, framework, checks, limit, timeout=settings.audit_timeout)
        )
    except NotFound as exc:
        fail(str(exc), code=2)
    if fmt is Format.table:
        print_table(result, output)
    else:
        text = {Format.json: report.json_text, Format.csv: report.csv_text, Format.md: report.markdown}[fmt](result)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    failing = audit.failing(result, threshold)
    if failing:
        console.print(f"{failing} finding(s) at or above {fail_on.value}", highlight=False)
        raise typer.Exit(1)


def print_table(result: Audit, output: Path | None) -> None:
    table = Table(title=f"audit: {', '.join(result.summary.frameworks)}", show_lines=False)
    for column in ("severity", "check", "subject", "title", "message"):
        table.add_column(column, overflow="fold")
    for finding in result.findings:
        table.add_row(finding.severity.value, finding.check, finding.subject, finding.title or "", finding.message)
    counts = ", ".join(f"{count} {severity.value}" for severity, count in result.summary.by_severity.items())
    if output is None:
        _print_table(Console(), table, result, counts)
        return
    with output.open("w", encoding="utf-8") as file:
        _print_table(Console(file=file, width=160), table, result, counts)


def _print_table(out: Console, table: Table, result: Audit, counts: str) -> None:
    out.print(table)
    out.print(f"{result.summary.total} findings ({counts})", highlight=False)


def _local_or_fail(settings: Settings) -> LocalNeo4j:
    server = _server(settings)
    if not isinstance(server, LocalNeo4j):
        fail(
            "dump and load work on the local server only (this one is external or Docker); "
            "use --logical, which exports every framework from any server",
            code=2,
        )
    assert isinstance(server, LocalNeo4j)
    return server


def _say(text: str) -> None:
    console.print(text, highlight=False)


@app.command("backup")
def backup_command(
    to: Annotated[Path | None, typer.Option("--to", help="File or folder (default: <data_dir>/backups)")] = None,
    logical: Annotated[bool, typer.Option(help="Export every framework (interchange files) instead of a dump")] = False,
) -> None:
    """Back up the database: a neo4j-admin dump of the local server (stopped while it runs, then
    started again), or with --logical one interchange file per framework, from any server."""
    settings = get_settings()
    target = to or settings.backup_dir or settings.data_dir / "backups"
    if logical:
        folder = target / dt.datetime.now(dt.UTC).strftime("policygraph-%Y%m%dT%H%M%SZ") if to is None else target
        with_graph(settings, lambda g: backup.export_all(g, folder, _say))
        return
    try:
        backup.dump(_local_or_fail(settings), target, _say)
    except ProvisioningError as exc:
        fail(str(exc))


@app.command("restore")
def restore_command(
    source: Annotated[Path, typer.Argument(exists=True, help="A dump file, or with --logical a backup folder")],
    logical: Annotated[bool, typer.Option(help="Load the interchange files of a --logical backup")] = False,
) -> None:
    """Restore a backup. A dump replaces the whole local database (stopped meanwhile); a logical
    backup replaces each framework it holds."""
    settings = get_settings()
    if logical:
        try:
            with_graph(settings, lambda g: backup.import_all(g, source, _say))
        except (importer.InvalidImport, FileNotFoundError) as exc:
            fail(str(exc), code=2)
        return
    try:
        backup.load(_local_or_fail(settings), source, _say)
    except (ProvisioningError, FileNotFoundError) as exc:
        fail(str(exc))


@app.command("config-doc")
def config_doc(
    output: Annotated[Path, typer.Option("-o", "--output")] = PROJECT_ROOT / "docs" / "configuration.md",
) -> None:
    """Write docs/configuration.md: every setting, its environment variable, default and meaning."""
    from app.settings import configuration_reference

    output.write_text(configuration_reference(), encoding="utf-8")
    console.print(f"wrote {output}", highlight=False)


@app.command("format-schema")
def format_schema(
    output: Annotated[Path, typer.Option("-o", "--output")] = Path("docs/policygraph-v2.schema.json"),
) -> None:
    """Write the JSON Schema of the interchange format (docs/policygraph-v2.schema.json)."""
    import json

    from app.model.interchange import json_schema

    output.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {output}", highlight=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
