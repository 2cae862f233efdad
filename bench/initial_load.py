"""`policygraph bulk-load --initial` of a generated registry, timed as the user waits for it.

An empty, migrated server of its own (`.data/bench/<scale>/initial/neo4j`, provisioned where the
CLI looks for its local server, from the same cached jars) is filled by the command: the files
checked in worker processes and written as CSV, neo4j-admin's import, the server stopped and
started on the new store, the constraints and indexes made again and built, the change log
written. The clock runs from the command's start to its end; the server's first start and
migration (the empty database the command finds) are not counted. The home is deleted after.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from bench.run import bulk_load
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
        env = {
            # The local server the CLI provisions, not one a NEO4J_URI in the environment names.
            "NEO4J_URI": "",
            "POLICYGRAPH_NEO4J_URI": "",
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
        timed = bulk_load(files, env, parallel, "--initial")
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return timed


if __name__ == "__main__":  # python -m bench.initial_load <scale>: the files bench.run generated
    scale = sys.argv[1] if len(sys.argv) > 1 else "1m"
    root = Settings().data_dir / "bench" / scale
    paths = sorted((root / "data").glob("bench-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    print(initial_load(paths, root, "4g", "3g", 2))
