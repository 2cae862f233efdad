"""Neo4j in Docker (`neo4j:5.26-community`), for machines with a Docker engine."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from policygraph.neo4j_server.common import (
    OnLoopback,
    ProvisioningError,
    ServerInfo,
    generate_password,
    wait_for_bolt,
    write_connection_file,
)

IMAGE = "neo4j:5.26-community"
CONTAINER = "policygraph-neo4j"
VOLUME = "policygraph-neo4j-data"


def docker_client() -> Any | None:
    """A Docker client when an engine answers, else None."""
    try:
        import docker  # shipped with testcontainers

        client = docker.from_env(timeout=3)
        client.ping()
        return client
    except Exception:
        return None


def env_name(setting: str) -> str:
    """neo4j.conf key -> the image's environment variable: dots become _, underscores __."""
    return "NEO4J_" + setting.replace("_", "__").replace(".", "_")


class DockerNeo4j(OnLoopback):
    """One named container with a named data volume, published on loopback only."""

    def __init__(
        self,
        connection_file: Path,
        bolt_port: int = 7687,
        http_port: int = 7474,
        heap: str = "1g",
        pagecache: str = "512m",
        transaction_timeout: str = "60s",
        extra_conf: Mapping[str, str] | None = None,
    ) -> None:
        self.connection_file = connection_file
        self.extra_conf = dict(extra_conf or {})
        self.bolt_port = bolt_port
        self.http_port = http_port
        self.heap = heap
        self.pagecache = pagecache
        self.transaction_timeout = transaction_timeout

    def _client(self) -> Any:
        client = docker_client()
        if client is None:
            raise ProvisioningError("The Docker engine does not answer.")
        return client

    def _container(self, client: Any) -> Any | None:
        import docker.errors

        try:
            return client.containers.get(CONTAINER)
        except docker.errors.NotFound:
            return None

    def status(self) -> ServerInfo:
        container = self._container(self._client())
        state = "running" if container is not None and container.status == "running" else "stopped"
        return ServerInfo(state=state, bolt_uri=self.bolt_uri, http_url=self.http_url)

    def start(self, timeout: float = 180.0) -> ServerInfo:
        client = self._client()
        container = self._container(client)
        if container is None:
            password = generate_password()
            if self.connection_file.exists():
                # The volume keeps the password of the first start.
                password = json.loads(self.connection_file.read_text())["password"]
            container = client.containers.run(
                IMAGE,
                name=CONTAINER,
                detach=True,
                ports={
                    "7687/tcp": ("127.0.0.1", self.bolt_port),
                    "7474/tcp": ("127.0.0.1", self.http_port),
                },
                volumes={VOLUME: {"bind": "/data", "mode": "rw"}},
                environment={
                    "NEO4J_AUTH": f"neo4j/{password}",
                    "NEO4J_server_memory_heap_initial__size": self.heap,
                    "NEO4J_server_memory_heap_max__size": self.heap,
                    "NEO4J_server_memory_pagecache_size": self.pagecache,
                    "NEO4J_db_transaction_timeout": self.transaction_timeout,
                    **{env_name(key): value for key, value in self.extra_conf.items()},
                },
            )
            write_connection_file(
                self.connection_file,
                uri=self.bolt_uri,
                user="neo4j",
                password=password,
                http_url=self.http_url,
            )
        elif container.status != "running":
            container.start()
        password = json.loads(self.connection_file.read_text())["password"]
        wait_for_bolt(self.bolt_uri, ("neo4j", password), timeout=timeout)
        info = self.status()
        info.detail = f"container {CONTAINER} ({IMAGE})"
        return info

    def stop(self, timeout: float = 60.0) -> ServerInfo:
        client = self._client()
        container = self._container(client)
        if container is not None and container.status == "running":
            container.stop(timeout=int(timeout))
        info = self.status()
        info.detail = "stopped"
        return info
