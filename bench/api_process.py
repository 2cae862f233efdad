"""The API as a separate process on loopback, for the load test and the tests that need real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from app.neo4j_server.local import free_port
from app.settings import PROJECT_ROOT


def start(
    env: dict[str, str], log: Path, port: int | None = None, timeout: float = 90.0, rust: bool = True
) -> tuple[subprocess.Popen[bytes], str]:
    """`policygraph serve` with `env` added to ours; returns once /ready answers 200.

    Output goes to `log` (a file, not a pipe: a full pipe would block the server). `rust=False`
    runs it with the driver's Rust extension switched off (bench/without_rust.py)."""
    port = port or free_port()
    launcher = ["-m"] if rust else ["-m", "bench.without_rust"]
    command = [sys.executable, *launcher, "app.cli", "serve", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"the API did not start: {log.read_text(errors='replace')[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)
