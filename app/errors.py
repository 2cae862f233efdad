"""The failures services raise, whatever the interface: something not found, a conflict, a stale
If-Match, invalid input with every problem and its path. `policygraph.handlers` maps them to HTTP
answers, `policygraph.cli.errors` to exit codes; neither defines failures of its own.

Their messages are `i18n.Text`: English in logs (`str()`), in the reader's language in answers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, PrivateAttr

from policygraph.i18n import N_, Text, _, placeholders, render

MAX_PROBLEMS = 100  # listed in an answer; every one is counted


# What the kinds are called in a message (the catalogue translates them).
KIND_NAMES = {
    "document": N_("document"),
    "pillar": N_("pillar"),
    "department": N_("department"),
    "topic": N_("topic"),
    "framework": N_("framework"),
    "job": N_("job"),
}


def kind_text(kind: str) -> Text:
    return Text(KIND_NAMES.get(kind, kind))


class Failure(Exception):
    """A failure whose message is a `Text`; `message()` renders it in the current locale."""

    def __init__(self, text: Text | str) -> None:
        super().__init__(text)
        self.text = text

    def message(self) -> str:
        return render(self.text)

    def body(self) -> dict[str, object]:
        return {"detail": self.message()}


class NotFound(Failure):
    """An id or key the graph does not hold; `suggestions` (id, title), when names come near it."""

    def __init__(self, kind: str, key: str, suggestions: list[dict[str, object]] | None = None) -> None:
        super().__init__(_("{kind} {key!r} not found", kind=kind_text(kind), key=key))
        self.kind = kind
        self.key = key
        self.suggestions = suggestions

    def body(self) -> dict[str, object]:
        body = super().body()
        if self.suggestions is not None:
            body["suggestions"] = self.suggestions
        return body


class Conflict(Failure):
    """The write contradicts the graph (a cycle, a dependent document); `extra` goes in the body."""

    def __init__(self, message: Text | str, **extra: object) -> None:
        super().__init__(message)
        self.extra = extra

    def body(self) -> dict[str, object]:
        """The 409 answer's body (a request's, or a job's outcome)."""
        return {"detail": self.message(), **self.extra}


class PreconditionFailed(Failure):
    """If-Match names a version that is no longer current."""


class Problem(BaseModel):
    """One thing wrong with the input, and where."""

    path: str = Field(examples=["documents[12].based_on[0]"])
    message: str = Field(examples=["unknown document 'x'"])
    _text: Text | None = PrivateAttr(default=None)

    @classmethod
    def of(cls, path: str, message: Text | str) -> Problem:
        problem = cls(path=path, message=str(message))
        if isinstance(message, Text):
            problem._text = message
        return problem

    def at(self, path: str) -> Problem:
        """The same problem, found at `path` (a spreadsheet's cell for a file's path)."""
        return Problem.of(path, self._text or self.message)

    def shown(self) -> dict[str, str]:
        """The problem in the current locale."""
        return {"path": self.path, "message": render(self._text) if self._text else self.message}

    def __str__(self) -> str:
        return f"{self.path}: {self.shown()['message']}"


class Problems:
    """Errors as they are found: the first MAX_PROBLEMS kept, all of them counted, so input with a
    million errors costs a counter, not a million messages."""

    def __init__(self, cap: int = MAX_PROBLEMS) -> None:
        self.cap = cap
        self.shown: list[Problem] = []
        self.total = 0

    def add(self, path: str, message: Text | str) -> None:
        self.total += 1
        if len(self.shown) < self.cap:
            self.shown.append(Problem.of(path, message))

    def __bool__(self) -> bool:
        return self.total > 0


class Invalid(Exception):
    """Input that cannot be written (a file's structural errors, an edit naming what does not
    exist); nothing was written. `problems` are the first of them, `total` how many in all."""

    def __init__(
        self, problems: Problems | list[Problem] | list[tuple[str, Text | str]], total: int | None = None
    ) -> None:
        if isinstance(problems, Problems):
            problems, total = problems.shown, problems.total
        listed = [p if isinstance(p, Problem) else Problem.of(p[0], p[1]) for p in problems]
        self.problems = listed[:MAX_PROBLEMS]
        self.total = len(listed) if total is None else total
        super().__init__(f"{self.total} error(s); nothing was written")

    @classmethod
    def one(cls, path: str, message: Text | str) -> Invalid:
        return cls([Problem.of(path, message)])

    def body(self) -> dict[str, Any]:
        """The 422 answer (a request's, or a job's outcome): every problem listed, up to the cap."""
        shown = len(self.problems)
        if shown == self.total:
            detail = _("{total} error(s); nothing was written.", total=self.total)
        else:
            detail = _(
                "{total} error(s) (the first {shown} are listed); nothing was written.", total=self.total, shown=shown
            )
        return {
            "detail": render(detail),
            "errors": [problem.shown() for problem in self.problems],
            "total": self.total,
        }


# Pydantic's messages by error type, as the catalogue's English ids (pydantic writes the same
# English); the values come from the error's context.
PYDANTIC = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "string_type": N_("Input should be a valid string"),
    "string_too_short": N_("String should have at least {min_length} characters"),
    "string_too_long": N_("String should have at most {max_length} characters"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_type": N_("Input should be a valid integer"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "greater_than": N_("Input should be greater than {gt}"),
    "less_than": N_("Input should be less than {lt}"),
    "enum": N_("Input should be {expected}"),
    "literal_error": N_("Input should be {expected}"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, {error}"),
    "too_short": N_("{field_type} should have at least {min_length} item after validation, not {actual_length}"),
    "too_long": N_("{field_type} should have at most {max_length} items after validation, not {actual_length}"),
    "json_invalid": N_("JSON decode error"),
}


def validation_text(error: dict[str, Any]) -> Text | str:
    """One pydantic error's message as a `Text`: by its type, or (our own validators) by its text."""
    message = str(error.get("msg", ""))
    template = PYDANTIC.get(str(error.get("type")))
    context = error.get("ctx") or {}
    if template is not None and placeholders(template) <= context.keys():
        return Text(template, {name: context[name] for name in placeholders(template)}, english=message)
    if error.get("type") == "value_error":
        return Text(message.removeprefix("Value error, "))
    return message
