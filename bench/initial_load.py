"""`policygraph bulk-load --initial` of a generated registry, timed as the user waits for it.

An empty, migrated server of its own (`.data/bench/<scale>/initial/neo4j`, provisioned where the
CLI looks for its local server, from the same cached jars) is filled by the command: the files
checked in worker processes and written as CSV, neo4j-admin's import, the server stopped and
started on the new store, the constraints and indexes made again and built, the change log
written. The clock runs from the command's start to its end; the server's first start and
migration (the empty database the command finds) are not counted. The home is deleted after.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.server import bench_server, migrate
from policygraph.settings import Settings


def initial_load(files: list[Path], home: Path, heap: str, pagecache: str, parallel: int) -> dict[str, Any]:
    data_dir = home / "initial"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    server = bench_server(data_dir / "neo4j", heap, pagecache)
    (data_dir / "neo4j-dist").symlink_to(server.dist_root)
    server.start(timeout=600)
    try:
        user, password = server.credentials()
        migrate({"NEO4J_URI": server.bolt_uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password})
        env = {key: value for key, value in os.environ.items() if not key.endswith("NEO4J_URI")}
        env |= {
            # As for the transactional load (bench.run.neo4j_env): no 15 s guard on the long steps.
            "POLICYGRAPH_DB_DEADLINE": "300",
            "POLICYGRAPH_QUERY_TIMEOUT": "600",
            "POLICYGRAPH_DATA_DIR": str(data_dir),
            "POLICYGRAPH_NEO4J_PROVIDER": "local",
            "POLICYGRAPH_NEO4J_BOLT_PORT": str(server.bolt_port),
            "POLICYGRAPH_NEO4J_HTTP_PORT": str(server.http_port),
            "POLICYGRAPH_NEO4J_HEAP": heap,
            "POLICYGRAPH_NEO4J_PAGECACHE": pagecache,
            "POLICYGRAPH_NEO4J_TRANSACTION_TIMEOUT": "600s",
        }
        command = [sys.executable, "-m", "policygraph.cli", "--lang", "en", "bulk-load", "--initial"]
        command += ["--parallel", str(parallel), *map(str, files)]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"bulk-load --initial failed:\n{done.stdout}{done.stderr}")
        last = done.stderr.strip().splitlines()[-1]  # "<records> records in <s> s (...)"
        records = int(last.split()[0])
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return {"records": records, "seconds": round(seconds, 1), "records_per_s": round(records / seconds)}


if __name__ == "__main__":  # python -m bench.initial_load <scale>: the files bench.run generated
    scale = sys.argv[1] if len(sys.argv) > 1 else "1m"
    root = Settings().data_dir / "bench" / scale
    paths = sorted((root / "data").glob("bench-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    print(initial_load(paths, root, "4g", "3g", 2))
