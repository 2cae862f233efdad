"""The API as a separate process on loopback: what the tests that need real HTTP, the load test and
the benchmarks start (`policygraph serve`, waited on until /ready answers)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from policygraph.neo4j_server.machine import free_port


def start(
    env: dict[str, str],
    log: Path,
    port: int | None = None,
    timeout: float = 90.0,
    wrapper: str | None = None,
    python: str = sys.executable,
    cwd: Path | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """`policygraph serve` with `env` added to ours; returns once /ready answers 200.

    Output goes to `log` (a file, not a pipe: a full pipe would block the server). `wrapper` is a
    module that runs the command (`bench.without_rust`: the driver's Rust extension switched off);
    `python` another interpreter (an installed wheel's)."""
    port = port or free_port()
    launcher = ["-m", wrapper] if wrapper else []
    command = [python, *launcher, "-m", "policygraph.cli", "serve", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/ready", timeout=2) as answer:
                if answer.status == 200:
                    return process, url
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"the API did not start: {log.read_text(errors='replace')[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)
