"""Where the Neo4j server comes from (DESIGN.md §5), in order:

1. NEO4J_URI set: an existing server (local, cluster, Aura); we only check that it answers.
2. A Docker engine answers: the `neo4j:5.26-community` image.
3. Otherwise: a Neo4j Community assembled from Maven Central jars and run with Java.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from policygraph.neo4j_server.common import ProvisioningError, ServerInfo, browser_conf, wait_for_bolt
from policygraph.neo4j_server.docker import DockerNeo4j, docker_client
from policygraph.neo4j_server.local import LocalNeo4j
from policygraph.neo4j_server.machine import free_port
from policygraph.settings import Settings

__all__ = ["ExternalNeo4j", "ProvisioningError", "Server", "ServerInfo", "local_server", "scratch_server", "server_for"]


class Server(Protocol):
    def start(self, timeout: float = ...) -> ServerInfo: ...
    def stop(self, timeout: float = ...) -> ServerInfo: ...
    def status(self) -> ServerInfo: ...


class ExternalNeo4j:
    """A server we do not own: start checks it answers, stop leaves it alone."""

    def __init__(self, settings: Settings) -> None:
        self.connection = settings.connection()

    def _info(self, detail: str) -> ServerInfo:
        return ServerInfo(state="external", bolt_uri=self.connection.uri, detail=detail)

    def start(self, timeout: float = 30.0) -> ServerInfo:
        auth = (self.connection.user, self.connection.password.get_secret_value())
        wait_for_bolt(self.connection.uri, auth, timeout=timeout)
        return self._info("answers (NEO4J_URI)")

    def stop(self, timeout: float = 0.0) -> ServerInfo:
        return self._info("not ours to stop (NEO4J_URI)")

    def status(self) -> ServerInfo:
        return self._info("set by NEO4J_URI")


def local_server(settings: Settings, **overrides: Any) -> LocalNeo4j:
    """The local server the settings describe. `overrides` replace any of its options: a test's
    or a benchmark's own home, ports, heap or timeout."""
    options: dict[str, Any] = {
        "home": settings.neo4j_home,
        "dist_root": settings.data_dir / "neo4j-dist",
        "version": settings.neo4j_version,
        "browser_version": settings.neo4j_browser_version,
        "bolt_port": settings.neo4j_bolt_port,
        "http_port": settings.neo4j_http_port,
        "heap": settings.neo4j_heap,
        "pagecache": settings.neo4j_pagecache,
        "transaction_timeout": settings.neo4j_transaction_timeout,
        "extra_conf": browser_conf(settings.api_url()),
    }
    options.update(overrides)
    return LocalNeo4j(**options)


def scratch_server(home: Path, **overrides: Any) -> LocalNeo4j:
    """A throwaway local server in `home` on free loopback ports, from the same cached jars as
    `make run` (the tests' and the benchmarks' servers)."""
    options: dict[str, Any] = {"home": home, "bolt_port": free_port(), "http_port": free_port(), "extra_conf": {}}
    return local_server(Settings(), **{**options, **overrides})


def server_for(settings: Settings) -> Server:
    """The server this configuration uses, following DESIGN.md §5."""
    provider = settings.neo4j_provider
    if provider not in {"auto", "local", "docker"}:
        raise ProvisioningError(f"POLICYGRAPH_NEO4J_PROVIDER={provider!r}: expected auto, local or docker.")
    if provider == "auto" and settings.neo4j_uri:
        return ExternalNeo4j(settings)
    if provider == "docker" or (provider == "auto" and docker_client() is not None):
        return DockerNeo4j(
            settings.connection_file,
            bolt_port=settings.neo4j_bolt_port,
            http_port=settings.neo4j_http_port,
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
            transaction_timeout=settings.neo4j_transaction_timeout,
            extra_conf=browser_conf(settings.api_url()),
        )
    return local_server(settings)
