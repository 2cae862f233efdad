"""The named queries under `queries/`, loaded once, and where their check against the server stands.

A file holds one query. Its header is `//` comments saying what it answers, then `:param` lines
(Neo4j Browser commands) with example values, so a planner can paste the whole file into the
Browser and run it. The loader drops the `:param` lines; the rest is the Cypher the API runs.

A missing file stops the API at startup. Whether each file parses is the server's verdict: Neo4j
compiles a whole query before it runs any of it, so a query's first run checks it, and one that
does not parse raises QueryFileError having done nothing. After start, the API EXPLAINs every file
in the background (`services/schema.start_sweep`), so a broken file no request has used yet is found
too; a broken file, found either way, makes /ready answer 503 naming it (`QueryCheck`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, LiteralString, cast

from policygraph.resources import QUERIES as QUERIES_DIR

PARAM_LINE = re.compile(r"^\s*:param\b.*$", re.MULTILINE)


class QueryFileError(RuntimeError):
    """A query file is missing (the service must not start) or does not parse (it must not serve)."""


class DatabaseRefused(RuntimeError):
    """The database is not one this API may serve: its schema is another version than the code's,
    found once Neo4j answered after the API had started without it. No query runs against it."""


CheckState = Literal["off", "checking", "checked", "unchecked", "failed"]


class QueryCheck:
    """Where the start's checks stand on this API's server. The query files: `off` (not asked for),
    `checking` (the background sweep runs; every query is still checked by its first run),
    `checked` (this start's sweep, or one before with the same texts on the same server version,
    found every file parses), `unchecked` (Neo4j did not answer at startup, or went away during the
    sweep) or `failed` (`failure` says why). The schema: `schema_pending` while Neo4j has not yet
    answered the start's version check (no query runs until it has), `refusal` once it found a
    version other than the code's (no query runs at all)."""

    def __init__(self, state: CheckState = "off") -> None:
        self.state: CheckState = state
        self.failure: str | None = None
        self.schema_pending = False
        self.refusal: str | None = None

    def refuse(self, reason: str) -> None:
        """The schema is not the code's: every query is refused, and /ready says why."""
        self.refusal = self.failure = reason
        self.state = "failed"

    def failed(self, reason: str) -> None:
        if self.failure is None:  # the first broken file found is the one reported
            self.state, self.failure = "failed", reason

    def ended(self, state: CheckState) -> None:
        """The sweep's end: `state` unless a first run found a broken file meanwhile."""
        if self.state == "checking":
            self.state = state


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: LiteralString
    path: Path


def strip_browser_commands(source: str) -> str:
    return PARAM_LINE.sub("", source).strip()


class QueryBook:
    """Every `.cypher` file under a folder, by name (`lineage`, `audit/cycle`)."""

    def __init__(self, root: Path = QUERIES_DIR) -> None:
        self.root = root
        self._queries: dict[str, NamedQuery] = {}
        for path in sorted(root.rglob("*.cypher")):
            name = path.relative_to(root).with_suffix("").as_posix()
            text = strip_browser_commands(path.read_text(encoding="utf-8"))
            # File contents are code we ship, not user input: typing them LiteralString is honest.
            self._queries[name] = NamedQuery(name, cast(LiteralString, text), path)

    def __getitem__(self, name: str) -> NamedQuery:
        try:
            return self._queries[name]
        except KeyError:
            raise QueryFileError(f"query file {self.root / name}.cypher is missing") from None

    def __contains__(self, name: str) -> bool:
        return name in self._queries

    def names(self) -> list[str]:
        return sorted(self._queries)

    @property
    def digest(self) -> str:
        """A fingerprint of every query's name and text: equal digests, equal queries."""
        sha = hashlib.sha256()
        for name in self.names():
            sha.update(f"{name}\0{self._queries[name].text}\0".encode())
        return sha.hexdigest()


_book: QueryBook | None = None


def book() -> QueryBook:
    global _book
    if _book is None:
        _book = QueryBook()
    return _book


_required: set[str] = set()


def named(name: str) -> str:
    """Declare that the code runs query `name`; startup refuses to go on if its file is missing."""
    _required.add(name)
    return name


def check_required(queries: QueryBook) -> None:
    missing = sorted(name for name in _required if name not in queries)
    if missing:
        files = ", ".join(f"queries/{name}.cypher" for name in missing)
        raise QueryFileError(f"query files missing: {files}")
