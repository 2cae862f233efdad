"""A Neo4j server of its own for each benchmark scale, from the same cached jars as `make run`.

Its home is `.data/bench/<scale>/neo4j` (kept between runs, so a loaded scale is measured again
without loading it again); it listens on loopback on free ports. Heap and page cache are the
benchmark's own (`--heap`, `--pagecache`), not the service's defaults.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase

from policygraph.neo4j_server import scratch_server
from policygraph.neo4j_server.local import LocalNeo4j
from policygraph.settings import Settings

BENCH_ROOT = Settings().data_dir / "bench"


def bench_server(home: Path, heap: str, pagecache: str) -> LocalNeo4j:
    """A benchmark's own server: its heap and page cache, a long transaction timeout."""
    return scratch_server(home, heap=heap, pagecache=pagecache, transaction_timeout="600s")


@dataclass
class Memory:
    heap_used: int
    heap_committed: int
    neo4j_rss: int
    pagecache_configured: str

    def as_dict(self) -> dict[str, object]:
        return {
            "heap_used_mb": round(self.heap_used / 2**20),
            "heap_committed_mb": round(self.heap_committed / 2**20),
            "neo4j_rss_mb": round(self.neo4j_rss / 2**20),
            "pagecache_configured": self.pagecache_configured,
        }


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(pid: int) -> float:
    """The CPU time process `pid` has used so far, user and system (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def memory(server: LocalNeo4j, user: str, password: str) -> Memory:
    with GraphDatabase.driver(server.bolt_uri, auth=(user, password)) as driver:
        records, _, _ = driver.execute_query(
            'CALL dbms.queryJmx("java.lang:type=Memory") YIELD attributes '
            "RETURN attributes.HeapMemoryUsage.value.properties AS heap"
        )
    heap = records[0]["heap"]
    pid = server.pid()
    return Memory(heap["used"], heap["committed"], rss_bytes(pid) if pid else 0, server.pagecache)


def migrate(env: dict[str, str]) -> None:
    """`policygraph db migrate` against the server named in `env` (NEO4J_URI and the rest)."""
    subprocess.run([sys.executable, "-m", "policygraph.cli", "db", "migrate"], env={**os.environ, **env}, check=True)


def run_admin(server: LocalNeo4j, *args: str) -> str:
    """neo4j-admin from the same jars (the server must be stopped for an import)."""
    return server._admin(*args)


def store_bytes(home: Path) -> int:
    """The database's files on disk, as du counts them. Read with the server stopped: while it
    runs, pages still dirty in the page cache are not yet in the files."""
    store = home / "data" / "databases" / "neo4j"
    return sum(f.stat().st_blocks * 512 for f in store.rglob("*") if f.is_file())
