"""The `policygraph` command. It calls services, never routes, so it behaves like the API."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from app.db import Graph, create_driver
from app.neo4j_server import ProvisioningError, Server, server_for
from app.services.schema import apply_schema
from app.settings import NotConfigured, Settings, get_settings

T = TypeVar("T")

app = typer.Typer(help="policygraph: the 1+7+N policy system as a graph.", no_args_is_help=True)
neo4j_app = typer.Typer(help="The Neo4j server: start, stop, status.", no_args_is_help=True)
db_app = typer.Typer(help="The database: schema.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(db_app, name="db")

console = Console(stderr=True)
SEED_DIR = Path(__file__).resolve().parents[1] / "graph" / "seed"


def fail(message: str, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


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
        raise AssertionError from exc  # unreachable: fail() exits


def _server(settings: Settings) -> Server:
    try:
        return server_for(settings)
    except (ProvisioningError, NotConfigured) as exc:
        fail(str(exc))
        raise AssertionError from exc


# ---- neo4j -----------------------------------------------------------------------------
@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the server (or find it running): NEO4J_URI, else Docker, else local jars."""
    settings = get_settings()
    try:
        info = _server(settings).start(timeout=settings.neo4j_start_timeout)
    except ProvisioningError as exc:
        fail(str(exc))
        return
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
@db_app.command("schema")
def db_schema() -> None:
    """Apply graph/schema.cypher (idempotent)."""
    settings = get_settings()
    count = with_graph(settings, lambda g: apply_schema(g.driver, g.database))
    console.print(f"schema: {count} statements applied", highlight=False)


# ---- service ---------------------------------------------------------------------------
@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """Run the API in the foreground against the configured Neo4j."""
    import uvicorn

    from app.main import create_app

    settings = get_settings()
    uvicorn.run(
        create_app(settings),
        host=host or settings.api_host,
        port=port or settings.api_port,
        log_level="info",
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
        return
    console.print(info.describe(), highlight=False)
    try:
        db_schema()
        seed_files = sorted(SEED_DIR.glob("*.yaml")) + sorted(SEED_DIR.glob("*.json"))
        for path in seed_files:
            load_seed = _load_command()
            load_seed(path)
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
        serve(None, None)
    finally:
        if not already:
            console.print(server.stop().describe(), highlight=False)


def _load_command() -> Callable[[Path], None]:
    """The seed loader, once the importer exists (see `load`)."""
    return lambda path: load(path)


def load(path: Path) -> None:  # replaced by the importer command below
    console.print(f"(no importer yet) skipping {path}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
