"""Structured logs: one JSON object per line (or readable text in a terminal).

Every line written while a request is handled carries its request id (also sent back as the
X-Request-ID header). Requests log their route, status and duration; queries slower than
POLICYGRAPH_SLOW_QUERY_MS log their name and parameters, each value cut short.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import sys
from typing import Any

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

log = logging.getLogger("policygraph")
STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}


def truncated(value: Any, limit: int = 64, items: int = 10) -> Any:
    """A parameter value made safe to log: long strings and lists are cut, nested too."""
    if isinstance(value, str):
        return value if len(value) <= limit else value[:limit] + f"...(+{len(value) - limit} chars)"
    if isinstance(value, list | tuple):
        shown = [truncated(v, limit, items) for v in list(value)[:items]]
        return shown + ([f"...(+{len(value) - items} items)"] if len(value) > items else [])
    if isinstance(value, dict):
        return {k: truncated(v, limit, items) for k, v in list(value.items())[:items]}
    return value


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in STANDARD and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = request_id.get()
        if rid:
            line["request_id"] = rid
        line.update(_fields(record))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def one_line(text: str) -> str:
    """Control characters escaped, so a value from a request (a path with %0A) cannot start a
    log line of its own in the text format."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        rid = request_id.get()
        stamp = dt.datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        text = f"{stamp} {record.levelname:<7} {one_line(record.getMessage())}"
        if extra:
            text += f"  {one_line(extra)}"
        if rid:
            text += f"  [{rid}]"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a line is logged (a test may have swapped it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def setup(fmt: str = "json", level: str = "INFO") -> None:
    """Route policygraph's and uvicorn's logs through one handler on stderr."""
    handler = StderrHandler()
    handler.setFormatter(TextFormatter() if fmt == "text" else JsonFormatter())
    for name in ("policygraph", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True  # requests are logged by RequestObserver
