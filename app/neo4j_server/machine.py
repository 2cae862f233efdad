"""This machine, as the local server needs it: a Java to run it, free loopback ports, private
folders, and processes that may be gone (or zombies) when asked about."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

from policygraph.neo4j_server.common import ProvisioningError

MIN_JAVA = 17


def find_java() -> str:
    """Path of a Java >= 17, from JAVA_HOME or PATH, or a ProvisioningError saying what to do."""
    java_home = os.environ.get("JAVA_HOME")
    candidates = [str(Path(java_home) / "bin" / "java")] if java_home else []
    on_path = shutil.which("java")
    if on_path:
        candidates.append(on_path)
    for java in candidates:
        if not Path(java).exists():
            continue
        out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
        match = re.search(r'version "(\d+)', out.stderr + out.stdout)
        if match and int(match.group(1)) >= MIN_JAVA:
            return java
    raise ProvisioningError(
        f"Java {MIN_JAVA} or newer is needed to run Neo4j {MIN_JAVA}+ locally and none was found "
        "(checked JAVA_HOME and PATH). Install it (Debian: `apt-get install openjdk-17-jre-headless`) "
        "or set NEO4J_URI to use an existing server."
    )


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def wait_port_free(port: int, seconds: float) -> bool:
    """Whether `port` is free now or becomes free within `seconds`."""
    deadline = time.monotonic() + seconds
    while not port_is_free(port):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.5)
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PRIVATE_UMASK = 0o077


def private(home: Path) -> None:
    """The server's home readable by its user only: its credentials (data/dbms/auth.ini), logs
    and store, including what a release before this one left readable by others."""
    for path in [home, *home.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode & 0o777
        private_mode = mode & 0o700
        if mode != private_mode:
            os.chmod(path, private_mode)


def is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # Reap it if it is our child; otherwise just probe.
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return True
        except ChildProcessError:
            pass
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if is_zombie(pid):
            return True
        time.sleep(0.2)
    return False
