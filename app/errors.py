"""The failures services raise, whatever the interface: something not found, a conflict, a stale
If-Match, invalid input with every problem and its path. `policygraph.handlers` maps them to HTTP
answers, `policygraph.cli.errors` to exit codes; neither defines failures of its own."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

MAX_PROBLEMS = 100  # listed in an answer; every one is counted


class NotFound(Exception):
    """An id or key the graph does not hold."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r} not found")
        self.kind = kind
        self.key = key


class Conflict(Exception):
    """The write contradicts the graph (a cycle, a dependent document); `extra` goes in the body."""

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.extra = extra

    def body(self) -> dict[str, object]:
        """The 409 answer's body (a request's, or a job's outcome)."""
        return {"detail": str(self), **self.extra}


class PreconditionFailed(Exception):
    """If-Match names a version that is no longer current."""


class Problem(BaseModel):
    """One thing wrong with the input, and where."""

    path: str = Field(examples=["documents[12].based_on[0]"])
    message: str = Field(examples=["unknown document 'x'"])

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class Problems:
    """Errors as they are found: the first MAX_PROBLEMS kept, all of them counted, so input with a
    million errors costs a counter, not a million messages."""

    def __init__(self, cap: int = MAX_PROBLEMS) -> None:
        self.cap = cap
        self.shown: list[Problem] = []
        self.total = 0

    def add(self, path: str, message: str) -> None:
        self.total += 1
        if len(self.shown) < self.cap:
            self.shown.append(Problem(path=path, message=message))

    def __bool__(self) -> bool:
        return self.total > 0


class Invalid(Exception):
    """Input that cannot be written (a file's structural errors, an edit naming what does not
    exist); nothing was written. `problems` are the first of them, `total` how many in all."""

    def __init__(self, problems: Problems | list[Problem] | list[tuple[str, str]], total: int | None = None) -> None:
        if isinstance(problems, Problems):
            problems, total = problems.shown, problems.total
        listed = [p if isinstance(p, Problem) else Problem(path=p[0], message=p[1]) for p in problems]
        self.problems = listed[:MAX_PROBLEMS]
        self.total = len(listed) if total is None else total
        super().__init__(f"{self.total} error(s); nothing was written")

    @classmethod
    def one(cls, path: str, message: str) -> Invalid:
        return cls([Problem(path=path, message=message)])

    def body(self) -> dict[str, Any]:
        """The 422 answer (a request's, or a job's outcome): every problem listed, up to the cap."""
        shown = len(self.problems)
        listed = "" if shown == self.total else f" (the first {shown} are listed)"
        return {
            "detail": f"{self.total} error(s){listed}; nothing was written.",
            "errors": [problem.model_dump() for problem in self.problems],
            "total": self.total,
        }
