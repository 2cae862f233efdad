"""The `policygraph` command. One module per group of commands, each command under the one error
mapping (`errors.handled`). Commands call services, never routes, so they behave like the API.

- `server`: `neo4j start|stop|status`, `db migrate`, `serve`, `run`
- `data`: `load`, `seed`, `send`, `bulk-load`, `export`, `backup`, `restore`
- `audit`: `audit`, `cleanup`
- `impact`: `impact` (and the table `load --dry-run` prints)
- `docs`: `config-doc`, `format-schema`
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from policygraph import i18n
from policygraph import settings as config
from policygraph.cli import audit, data, docs, impact, server

app = typer.Typer(help="policygraph: the 1+7+N policy system as a graph.", no_args_is_help=True)


@app.callback()
def choose_language(
    lang: Annotated[
        str | None, typer.Option("--lang", help="zh-CN or en (default: POLICYGRAPH_LOCALE, else zh-CN).")
    ] = None,
) -> None:
    """policygraph: the 1+7+N policy system as a graph."""
    i18n.current.set(i18n.negotiate(lang, None, config.get_settings().locale))


app.add_typer(server.neo4j, name="neo4j")
app.add_typer(server.db, name="db")
for name, command in (
    ("serve", server.serve),
    ("run", server.run),
    ("load", data.load),
    ("seed", data.seed),
    ("send", data.send),
    ("bulk-load", data.bulk_load),
    ("export", data.export),
    ("backup", data.backup_command),
    ("restore", data.restore_command),
    ("audit", audit.audit_command),
    ("cleanup", audit.cleanup_command),
    ("impact", impact.impact_command),
    ("config-doc", docs.config_doc),
    ("format-schema", docs.format_schema),
):
    app.command(name)(command)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
