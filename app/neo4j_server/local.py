"""A Neo4j Community server assembled from Maven Central jars and run with Java.

Layout under the data folder (git-ignored):

    .data/neo4j-dist/<version>/lib/     jars, shared by every server home (resolved once by Maven)
    .data/neo4j/conf/neo4j.conf         written on every start (ports may change)
    .data/neo4j/data, logs, run         the database, its logs, the pid file
    .data/neo4j/connection.json         uri, user, generated password (mode 0600)

The server is started with the Community entry point directly (the same command the stock
`neo4j console` forks), so this module owns the pid and can stop the process cleanly.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import shutil
import signal
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policygraph.neo4j_server.common import (
    OnLoopback,
    ProvisioningError,
    ServerInfo,
    generate_password,
    wait_for_bolt,
    write_connection_file,
)
from policygraph.neo4j_server.machine import (
    PRIVATE_UMASK,
    find_java,
    is_zombie,
    private,
    wait_gone,
    wait_port_free,
)

__all__ = ["LocalNeo4j", "StaleServer"]

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminBoot"
POM = Path(__file__).with_name("pom.xml")
# After a crash, the dead server's connections can hold its ports while the kernel closes them
# (up to net.ipv4.tcp_fin_timeout, 60 s by default); a live listener keeps a port taken for good.
PORT_RELEASE_SECONDS = 75.0
# The database `neo4j` on disk, under data/: its store and its transaction logs.
STORE_DIRS = ("databases/neo4j", "transactions/neo4j")


@dataclass
class LocalNeo4j(OnLoopback):
    """One server home on this machine, on loopback ports, with a generated password."""

    home: Path
    dist_root: Path
    version: str = "5.26.30"
    browser_version: str = "5.24.0"
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "1g"
    pagecache: str = "512m"
    transaction_timeout: str = "60s"
    extra_conf: Mapping[str, str] = field(default_factory=dict)
    jvm_options: tuple[str, ...] = ()  # added to the java commands (tests: a faster start)

    # ---- paths -----------------------------------------------------------------------
    @property
    def lib_dir(self) -> Path:
        return self.dist_root / self.version / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "policygraph-neo4j.pid"

    @property
    def connection_file(self) -> Path:
        return self.home / "connection.json"

    @property
    def console_log(self) -> Path:
        return self.home / "logs" / "console.log"

    # ---- assembly --------------------------------------------------------------------
    def assemble(self) -> bool:
        """Resolve the jar set with Maven once; returns True when it had to download. Servers
        started side by side (parallel test workers) wait for the first one's download."""
        marker = self.lib_dir / ".complete"
        if marker.exists():
            return False
        self.dist_root.mkdir(parents=True, exist_ok=True)
        with (self.dist_root / f"{self.version}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if marker.exists():
                return False
            self._download()
            marker.write_text(self.version + "\n")
        return True

    def _download(self) -> None:
        mvn = shutil.which("mvn")
        if mvn is None:
            raise ProvisioningError(
                "Maven (`mvn`) is needed once to fetch the Neo4j jars from Maven Central and was "
                "not found. Install it (Debian: `apt-get install maven`), or set NEO4J_URI to use "
                "an existing server."
            )
        staging = self.lib_dir.with_name("lib.partial")
        shutil.rmtree(staging, ignore_errors=True)
        cmd = [
            mvn,
            "-q",
            "-B",
            "-f",
            str(POM),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}",
            "-DincludeScope=runtime",
            f"-Dneo4j.version={self.version}",
            f"-Dbrowser.version={self.browser_version}",
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-20:])
            raise ProvisioningError(f"Maven could not resolve Neo4j {self.version} from Maven Central:\n{tail}")
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        staging.rename(self.lib_dir)

    def classpath(self) -> str:
        return f"{self.lib_dir}/*"

    # ---- configuration ---------------------------------------------------------------
    def conf_text(self) -> str:
        settings = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{self.bolt_port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.bolt_port}",
            "server.http.listen_address": f"127.0.0.1:{self.http_port}",
            "server.http.advertised_address": f"127.0.0.1:{self.http_port}",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "server.memory.heap.initial_size": self.heap,
            "server.memory.heap.max_size": self.heap,
            "server.memory.pagecache.size": self.pagecache,
            "db.transaction.timeout": self.transaction_timeout,
            "server.directories.data": str(self.home / "data"),
            "server.directories.logs": str(self.home / "logs"),
            "server.directories.run": str(self.home / "run"),
            "server.directories.import": str(self.home / "import"),
            # No usage reports or update checks from a machine without the internet.
            "dbms.usage_report.enabled": "false",
            **self.extra_conf,
        }
        lines = ["# Written by policygraph on every start; edit the Settings, not this file."]
        lines += [f"{key}={value}" for key, value in settings.items()]
        return "\n".join(lines) + "\n"

    def adopt_ports(self) -> None:
        """The ports the running server was started with (its neo4j.conf), not this object's own:
        a scratch server's object picks free ports, which a server already running does not use."""
        conf = self.conf_dir / "neo4j.conf"
        if not conf.exists():
            return
        for line in conf.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key == "server.bolt.listen_address":
                self.bolt_port = int(value.rpartition(":")[2])
            elif key == "server.http.listen_address":
                self.http_port = int(value.rpartition(":")[2])

    def configure(self) -> None:
        for sub in ("conf", "data", "logs", "run", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        private(self.home)
        (self.conf_dir / "neo4j.conf").write_text(self.conf_text(), encoding="utf-8")
        first_start = not (self.home / "data" / "dbms").exists()
        if first_start or not self.connection_file.exists():
            if not first_start:
                raise ProvisioningError(
                    f"{self.home / 'data'} holds a database but {self.connection_file} with its "
                    "password is gone. Restore the file, or delete the data folder to start over."
                )
            password = generate_password()
            self._set_initial_password(password)
            write_connection_file(
                self.connection_file,
                uri=self.bolt_uri,
                user="neo4j",
                password=password,
                http_url=self.http_url,
            )
        else:
            # Ports can change between starts; the password stays.
            write_connection_file(self.connection_file, uri=self.bolt_uri, http_url=self.http_url)

    def _set_initial_password(self, password: str) -> None:
        """neo4j-admin reads the password from a 0600 file (picocli's @file argument), so it never
        appears in the process list; the file is removed at once."""
        secret = self.home / "run" / "initial-password"
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(password + "\n")
            self._admin("dbms", "set-initial-password", f"@{secret}")
        finally:
            secret.unlink(missing_ok=True)

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.conf_dir)
        return env

    def _admin(self, *args: str) -> str:
        cmd = [find_java(), *self.jvm_options, "-cp", self.classpath(), ADMIN_ENTRY_POINT, *args]
        result = subprocess.run(
            cmd, capture_output=True, text=True, env=self._env(), check=False, cwd=self.home, umask=PRIVATE_UMASK
        )
        if result.returncode != 0:
            raise ProvisioningError(f"neo4j-admin {' '.join(args[:2])} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    # ---- lifecycle -------------------------------------------------------------------
    def pid(self) -> int | None:
        """The pid of this home's running server, or None. A stale pid file raises StaleServer."""
        if not self.pid_file.exists():
            return None
        try:
            pid = int(self.pid_file.read_text().strip())
        except ValueError:
            pid = -1
        if pid > 0 and _is_our_server(pid, self.home):
            return pid
        raise StaleServer(pid)

    def status(self) -> ServerInfo:
        try:
            pid = self.pid()
        except StaleServer as stale:
            return ServerInfo(
                state="stale",
                detail=f"pid file names process {stale.pid}, which is not running: the server "
                "stopped without cleaning up (crashed or killed). `policygraph neo4j start` "
                "clears it.",
                bolt_uri=self.bolt_uri,
                http_url=self.http_url,
                home=self.home,
            )
        if pid is None:
            return ServerInfo(state="stopped", bolt_uri=self.bolt_uri, http_url=self.http_url, home=self.home)
        return ServerInfo(state="running", pid=pid, bolt_uri=self.bolt_uri, http_url=self.http_url, home=self.home)

    def start(self, timeout: float = 180.0) -> ServerInfo:
        """Start the server, or find it running. Idempotent."""
        notes: list[str] = []
        crashed = False
        try:
            pid = self.pid()
        except StaleServer as stale:
            crashed = True
            notes.append(
                f"Found a stale pid file (process {stale.pid} is gone: the last server crashed "
                "or was killed); removed it."
            )
            self.pid_file.unlink(missing_ok=True)
            pid = None
        if pid is not None:
            self.adopt_ports()
            info = self.status()
            info.detail = "already running"
            return info

        java = find_java()
        for name, port in (("Bolt", self.bolt_port), ("HTTP", self.http_port)):
            if not wait_port_free(port, PORT_RELEASE_SECONDS if crashed else 0.0):
                raise ProvisioningError(
                    f"Port {port} on 127.0.0.1 (Neo4j {name}) is taken by another process. Stop "
                    f"that process, or choose another port with POLICYGRAPH_NEO4J_"
                    f"{name.upper()}_PORT."
                )
        downloaded = self.assemble()
        if downloaded:
            notes.append(f"Resolved Neo4j {self.version} jars into {self.lib_dir}.")
        self.configure()

        self.console_log.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            java,
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Dfile.encoding=UTF-8",
            *self.jvm_options,
            "-cp",
            self.classpath(),
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
        ]
        with open(self.console_log, "ab") as log:
            proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self._env(),
                cwd=self.home,
                start_new_session=True,  # Ctrl-C in a terminal reaches us, not the server.
                umask=PRIVATE_UMASK,  # the server's files (auth.ini, logs, store) for this user only
            )
        os.chmod(self.console_log, 0o600)
        self.pid_file.write_text(f"{proc.pid}\n")
        password = self.credentials()[1]
        try:
            wait_for_bolt(
                self.bolt_uri,
                ("neo4j", password),
                timeout=timeout,
                alive=lambda: proc.poll() is None,
                log_hint=self._log_tail,
            )
        except ProvisioningError:
            self._terminate(proc.pid)
            self.pid_file.unlink(missing_ok=True)
            raise
        info = self.status()
        info.detail = " ".join([*notes, "started"])
        return info

    def stop(self, timeout: float = 60.0) -> ServerInfo:
        """Stop the server cleanly (SIGTERM, then SIGKILL after `timeout`)."""
        try:
            pid = self.pid()
        except StaleServer as stale:
            self.pid_file.unlink(missing_ok=True)
            info = self.status()
            info.detail = f"was not running (removed stale pid file of process {stale.pid})"
            return info
        if pid is None:
            info = self.status()
            info.detail = "was not running"
            return info
        clean = self._terminate(pid, timeout)
        self.pid_file.unlink(missing_ok=True)
        info = self.status()
        info.detail = "stopped" if clean else f"did not stop within {timeout:.0f}s; killed"
        return info

    def kill(self) -> None:
        """SIGKILL the server, as a crash would (for fault tests)."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            wait_gone(pid, 30)

    def dump(self, folder: Path) -> Path:
        """`neo4j-admin database dump` of the stopped database into `folder` (neo4j.dump)."""
        folder.mkdir(parents=True, exist_ok=True)
        self._admin("database", "dump", "neo4j", f"--to-path={folder}", "--overwrite-destination=true")
        return folder / "neo4j.dump"

    def load(self, folder: Path) -> None:
        """`neo4j-admin database load` of `folder`/neo4j.dump over the stopped database."""
        self._admin("database", "load", "neo4j", f"--from-path={folder}", "--overwrite-destination=true")

    def import_full(self, into: Path, *args: str) -> str:
        """`neo4j-admin database import full` into a home of its own at `into` (this server's
        settings, the new store under `into`/data): the live store is not touched. The server may
        run meanwhile; `replace_store` moves the new store in once it is stopped."""
        other = dataclasses.replace(self, home=into)
        other.conf_dir.mkdir(parents=True, exist_ok=True)
        private(into)
        (other.conf_dir / "neo4j.conf").write_text(other.conf_text(), encoding="utf-8")
        return other._admin("database", "import", "full", *args, "neo4j")

    def replace_store(self, new: Path, aside: Path) -> None:
        """Move the stopped server's database `neo4j` (its store and its transaction logs) into the
        home `aside`, and the one in the home `new` (written by `import_full`) in its place.
        `replace_store(aside, other)` puts it back."""
        if self.pid() is not None:
            raise ProvisioningError("the store is replaced only while the server is stopped")
        for sub in STORE_DIRS:
            live, incoming, kept = self.home / "data" / sub, new / "data" / sub, aside / "data" / sub
            kept.parent.mkdir(parents=True, exist_ok=True)
            if live.exists():
                live.rename(kept)
            incoming.rename(live)

    def credentials(self) -> tuple[str, str]:
        data = json.loads(self.connection_file.read_text(encoding="utf-8"))
        return data["user"], data["password"]

    def _terminate(self, pid: int, timeout: float = 60.0) -> bool:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return True
        if wait_gone(pid, timeout):
            return True
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return True
        wait_gone(pid, 10)
        return False

    def _log_tail(self) -> str:
        parts = []
        for path in (self.console_log, self.home / "logs" / "neo4j.log"):
            if path.exists():
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
                parts.append(f"--- {path} ---\n" + "\n".join(lines))
        return "\n".join(parts)


class StaleServer(Exception):
    def __init__(self, pid: int) -> None:
        super().__init__(pid)
        self.pid = pid


def _is_our_server(pid: int, home: Path) -> bool:
    """True when `pid` is alive and is a Neo4j started for `home` (guards against pid reuse)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True  # no /proc (macOS): trust the pid file
    if is_zombie(pid):
        return False
    args = [a.decode(errors="replace") for a in cmdline]
    return ENTRY_POINT in args and f"--home-dir={home}" in args
