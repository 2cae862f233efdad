"""The CLI's one mapping from failures to what a person sees: a one-line reason and an exit code,
never a traceback. The twin of `policygraph.handlers` (the HTTP mapping).

| failure | exit | shown |
|---|---|---|
| invalid input (`Invalid`) | 2 | every problem listed (up to the cap), then the count; nothing was written |
| a conflict, something not found, a missing file | 2 | the reason |
| Neo4j unreachable or not answering, a commit not confirmed | 2 | `cannot reach Neo4j at <uri>`; nothing was written |
| not configured, the server cannot be provisioned | 1 | the reason |
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NoReturn, ParamSpec, TypeVar

import typer
from neo4j.exceptions import ConnectionAcquisitionTimeoutError, ServiceUnavailable, SessionExpired
from rich.console import Console
from rich.markup import escape

from policygraph import settings as config
from policygraph.db import OutcomeUnknown
from policygraph.errors import Conflict, Invalid, NotFound
from policygraph.i18n import Text, _, render
from policygraph.neo4j_server import ProvisioningError
from policygraph.settings import NotConfigured

P = ParamSpec("P")
T = TypeVar("T")

console = Console(stderr=True)

INVALID = 2
UNREACHABLE_EXIT = 2  # the command could not do its work; 1 is left for the audit's findings
# Failures that mean the database could not be reached or did not answer.
UNREACHABLE = (ServiceUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError, TimeoutError, ConnectionError)


def fail(message: Text | str, code: int = 1) -> NoReturn:
    label = render(_("error"))
    console.print(f"[red]{label}:[/red] {escape(render(message))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def say(text: Text | str) -> None:
    console.print(render(text), highlight=False, soft_wrap=True)  # a long link stays one line, to click


def _where() -> str:
    try:
        return config.get_settings().connection().uri
    except NotConfigured:
        return "(not configured)"


def handled(command: Callable[P, T]) -> Callable[P, T]:
    """Run a command under the CLI's error mapping (the table above)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except Invalid as exc:
            for problem in exc.problems:
                console.print(str(problem), highlight=False, markup=False)
            fail(str(exc.body()["detail"]), INVALID)
        except (Conflict, NotFound) as exc:
            fail(exc.message(), INVALID)
        except FileNotFoundError as exc:
            fail(str(exc), INVALID)
        except OutcomeUnknown as exc:
            fail(
                _("the database did not confirm the commit ({reason}): it may have been written", reason=str(exc)),
                UNREACHABLE_EXIT,
            )
        except UNREACHABLE as exc:  # one line, never a traceback: nothing was written
            reason = str(exc).splitlines()[0] if str(exc) else ""
            fail(
                _("cannot reach Neo4j at {uri}: {reason}", uri=_where(), reason=f"{exc.__class__.__name__}: {reason}"),
                UNREACHABLE_EXIT,
            )
        except (NotConfigured, ProvisioningError) as exc:
            fail(str(exc))

    return run
