"""Commands that write the generated documents: the configuration reference and the JSON Schema
of the interchange format (tests fail when either disagrees with the code)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from policygraph.cli.errors import say
from policygraph.model.interchange import json_schema
from policygraph.settings import configuration_reference


def config_doc(
    output: Annotated[Path, typer.Option("-o", "--output")] = Path("docs/configuration.md"),
) -> None:
    """Write docs/configuration.md: every setting, its environment variable, default and meaning."""
    output.write_text(configuration_reference(), encoding="utf-8")
    say(f"wrote {output}")


def format_schema(
    output: Annotated[Path, typer.Option("-o", "--output")] = Path("docs/policygraph-v2.schema.json"),
) -> None:
    """Write the JSON Schema of the interchange format (docs/policygraph-v2.schema.json)."""
    output.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    say(f"wrote {output}")
