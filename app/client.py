"""A client of a running API for `policygraph send`: post a file as an import job and follow it.

The request carries a fresh Idempotency-Key, so when the answer is lost (a dropped connection, a
timeout) the same request is sent again and answers with the same job; it never imports twice.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from policygraph import i18n

ATTEMPTS = 3
POLL_SECONDS = 0.5


class ApiError(Exception):
    """The API refused, or could not be reached: `status` (0 when unreached) and its message."""

    def __init__(self, status: int, message: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.body = status, body or {}


@dataclass
class Api:
    url: str
    key: str
    timeout: float = 60.0

    def call(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
        request = urllib.request.Request(
            self.url.rstrip("/") + path,
            data=body,
            method=method,
            headers={
                "X-API-Key": self.key,
                "Accept": "application/json",
                "Accept-Language": i18n.current.get().value,  # the API answers in the command's language
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as exc:
            payload = exc.read()
            try:
                parsed = json.loads(payload)
            except ValueError:
                parsed = {"detail": payload.decode(errors="replace")[:500]}
            raise ApiError(exc.code, str(parsed.get("detail", exc.reason)), parsed) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ApiError(0, f"cannot reach the API at {self.url}: {reason}") from None

    def send(self, body: bytes, yaml_body: bool, mode: str, force: bool) -> str:
        """Post the file as a job (retried with its key when no answer came); the job's path."""
        headers = {
            "Content-Type": "application/yaml" if yaml_body else "application/json",
            "Prefer": "respond-async",
            "Idempotency-Key": f"send-{uuid.uuid4()}",
        }
        query = f"/api/v1/import?mode={mode}&force={'true' if force else 'false'}"
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return str(self.call("POST", query, body, headers)["location"])
            except ApiError as exc:
                if exc.status not in (0, 502, 503, 504) or attempt == ATTEMPTS:
                    raise
                time.sleep(2 * attempt)
        raise AssertionError("unreachable")

    def follow(self, location: str, progress: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """Poll the job until it finishes, telling `progress` each state; the final state."""
        while True:
            try:
                job = self.call("GET", location)
            except ApiError as exc:
                if exc.status not in (0, 502, 503, 504):
                    raise
                time.sleep(2)
                continue
            progress(job)
            if job["state"] not in ("queued", "running"):
                return dict(job)
            time.sleep(POLL_SECONDS)
