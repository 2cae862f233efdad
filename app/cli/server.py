"""Commands that run things: the Neo4j server (`neo4j start|stop|status`), the schema (`db
migrate`), the API (`serve`), and `run`, which does everything `make run` does."""

from __future__ import annotations

import os
import sys
from typing import Annotated
from urllib.parse import quote

import typer

from policygraph import settings as config
from policygraph.cli.common import with_graph
from policygraph.cli.data import seed
from policygraph.cli.errors import console, handled, say
from policygraph.db import Graph
from policygraph.i18n import _, render
from policygraph.neo4j_server import server_for
from policygraph.services import schema
from policygraph.settings import Settings

neo4j = typer.Typer(help="The Neo4j server: start, stop, status.", no_args_is_help=True)
db = typer.Typer(help="The database: schema migrations.", no_args_is_help=True)


@neo4j.command("start")
@handled
def neo4j_start() -> None:
    """Start the server (or find it running): NEO4J_URI, else Docker, else local jars."""
    settings = config.get_settings()
    with console.status(render(_("starting Neo4j (the first start fetches its jars)"))):
        info = server_for(settings).start(timeout=settings.neo4j_start_timeout)
    say(info.describe())
    say(_("credentials: {file}", file=str(settings.connection_file)))


@neo4j.command("stop")
@handled
def neo4j_stop() -> None:
    """Stop the server cleanly."""
    say(server_for(config.get_settings()).stop().describe())


@neo4j.command("status")
@handled
def neo4j_status() -> None:
    """Say whether the server runs; exit 1 when it does not, 3 when its pid file is stale."""
    info = server_for(config.get_settings()).status()
    say(info.describe())
    if info.state == "stale":
        raise typer.Exit(3)
    if info.state == "stopped":
        raise typer.Exit(1)


@db.command("migrate")
@handled
def db_migrate() -> None:
    """Apply the migrations under graph/migrations/ the database lacks, in order (idempotent)."""

    async def work(graph: Graph) -> tuple[list[str], int]:
        applied = await schema.migrate(graph.driver, graph.database)
        state = await schema.database_state(graph.driver, graph.database)
        return applied, state.version

    applied, version = with_graph(config.get_settings(), work)
    for name in applied:
        say(_("applied {name}", name=name))
    say(_("schema version {version} (this policygraph: {code})", version=version, code=schema.CODE_VERSION))


@db.command("schema")
@handled
def db_schema() -> None:
    """The same as `db migrate` (kept for scripts written before migrations)."""
    db_migrate()


@handled
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    log_format: Annotated[str | None, typer.Option(help="json or text (default: POLICYGRAPH_LOG_FORMAT).")] = None,
) -> None:
    """Run the API in the foreground against the configured Neo4j."""
    import uvicorn

    from policygraph import logs
    from policygraph.main import create_app

    settings = config.get_settings()
    logs.setup(log_format or settings.log_format, settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=host or settings.api_host,
        port=port or settings.api_port,
        log_config=None,  # keep the handlers logs.setup() installed
        access_log=False,
    )


@handled
def run() -> None:
    """Everything `make run` does: Neo4j, schema, seed, then the API; Ctrl-C stops them."""
    settings = config.get_settings()
    server = server_for(settings)
    already = server.status().state in {"running", "external"}
    with console.status(render(_("starting Neo4j (the first start fetches its jars)"))):
        info = server.start(timeout=settings.neo4j_start_timeout)
    say(info.describe())
    try:
        db_migrate()
        seed()
        say(banner(settings, show_password=sys.stdout.isatty(), stops_neo4j=not already))
        serve(None, None, "text" if "POLICYGRAPH_LOG_FORMAT" not in os.environ else None)
    finally:
        if not already:
            say(server.stop().describe())


def browser_link(settings: Settings) -> str | None:
    """The Neo4j Browser with the connection form filled in (address and user): paste the password
    and connect; the Browser then plays the guide (browser.post_connect_cmd)."""
    conn = settings.connection()
    where = settings.browser_url()
    if where is None:
        return None
    dbms = quote(conn.uri.replace("://", f"://{conn.user}@", 1), safe=":/@")
    return f"{where}/browser/?dbms={dbms}&preselectAuthMethod=NATIVE"


def banner(settings: Settings, show_password: bool, stops_neo4j: bool) -> str:
    """What `run` prints once everything is up: where to click, in the reader's language."""
    conn = settings.connection()
    api = f"http://{settings.api_host}:{settings.api_port}"
    password = (
        conn.password.get_secret_value()
        if show_password
        else render(_("(in {file})", file=str(settings.connection_file)))
    )
    lines = [
        "",
        "[bold]" + render(_("policygraph is up")) + "[/bold]",
        render(
            _(
                "  Neo4j Browser (opens with the address and user filled in; paste the password): {link}",
                link=browser_link(settings) or _("(external server)"),
            )
        ),
        render(_("  password: {password}", password=password)),
        render(_("  API docs: {url}", url=f"{api}/docs")),
        render(_("  audit report: {url}", url=f"{api}/api/v1/audit/report")),
        render(_("  Ctrl-C stops the API and Neo4j.") if stops_neo4j else _("  Ctrl-C stops the API.")),
        "",
    ]
    return "\n".join(lines)
