"""What every way of getting a Neo4j server shares: errors, status, credentials, readiness."""

from __future__ import annotations

import json
import os
import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable


class ProvisioningError(RuntimeError):
    """A server could not be provided; the message says what to do about it."""


@dataclass
class ServerInfo:
    state: str  # running | stopped | stale | external
    bolt_uri: str
    http_url: str | None = None
    home: Path | None = None
    pid: int | None = None
    detail: str = ""

    def describe(self) -> str:
        parts = [f"neo4j: {self.state}"]
        if self.pid:
            parts.append(f"pid {self.pid}")
        parts.append(f"bolt {self.bolt_uri}")
        if self.http_url:
            parts.append(f"browser {self.http_url}/browser/")
        text = ", ".join(parts)
        return f"{text}\n  {self.detail}" if self.detail else text


class OnLoopback:
    """A server this machine runs, reached on loopback at its two ports."""

    bolt_port: int
    http_port: int

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"


PASSWORD_ALPHABET = string.ascii_letters + string.digits


def generate_password(length: int = 24) -> str:
    """Letters and digits only: a leading '-' would read as an option to neo4j-admin."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def write_connection_file(path: Path, **values: str) -> None:
    """Merge `values` into the 0600 JSON file the app reads its credentials from."""
    data: dict[str, str] = {}
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    data.update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")
    os.chmod(tmp, 0o600)
    tmp.replace(path)


def wait_for_bolt(
    uri: str,
    auth: tuple[str, str],
    timeout: float,
    alive: Callable[[], bool] = lambda: True,
    log_hint: Callable[[], str] = lambda: "",
) -> None:
    """Block until `RETURN 1` works over Bolt, the process dies, or `timeout` passes."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if not alive():
            raise ProvisioningError(f"Neo4j exited during start-up.\n{log_hint()}")
        try:
            # A plain session: execute_query would retry with back-off and hide progress.
            with (
                GraphDatabase.driver(uri, auth=auth, connection_timeout=2) as driver,
                driver.session() as session,
            ):
                session.run("RETURN 1").consume()
            return
        except AuthError as exc:
            raise ProvisioningError(f"Neo4j at {uri} refused the stored credentials: {exc.message}") from exc
        except (ServiceUnavailable, Neo4jError, OSError) as exc:
            last_error = exc
        time.sleep(0.5)
    raise ProvisioningError(
        f"Neo4j did not answer on {uri} within {timeout:.0f}s (last error: {last_error}).\n{log_hint()}"
    )


def browser_conf(api_url: str) -> dict[str, str]:
    """neo4j.conf lines that style the Browser and open the guide on connect, both served by the API.

    The Browser fetches remote content only from allow-listed hosts; the API's host is added."""
    host = api_url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    return {
        "browser.post_connect_cmd": f"style {api_url}/browser/style.grass; play {api_url}/browser/guide.html",
        "browser.remote_content_hostname_whitelist": ",".join(dict.fromkeys([host, "127.0.0.1", "localhost"])),
    }
