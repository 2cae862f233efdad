"""Prometheus metrics (prometheus-client), served at /metrics.

Names follow the Prometheus conventions: a `policygraph_` prefix, base units (seconds),
`_total` on counters. Route labels are path templates (`/api/v1/documents/{doc_id}`), query
labels are file names under queries/ (`lineage`, `audit/cycle`), so cardinality stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class PoolCollector(Collector):
    """Driver connection pool use, read at scrape time. The driver has no public API for it,
    so this reads its pool's connection lists; if that ever changes, the metric is absent,
    never an error."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            pool = self.driver._pool
            connections = [c for queue in list(pool.connections.values()) for c in list(queue)]
            size = pool.pool_config.max_connection_pool_size
        except Exception:
            return
        used = GaugeMetricFamily(
            "policygraph_neo4j_pool_connections", "Driver connections to Neo4j, by state.", labels=["state"]
        )
        busy = sum(1 for c in connections if getattr(c, "in_use", False))
        used.add_metric(["in_use"], busy)
        used.add_metric(["idle"], len(connections) - busy)
        yield used
        yield GaugeMetricFamily("policygraph_neo4j_pool_max_connections", "The pool's size limit.", value=size)


class Metrics:
    """One registry per app, so tests can build many apps in one process."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "policygraph_http_requests",
            "HTTP requests, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "policygraph_http_request_duration_seconds",
            "HTTP request latency, by method, route template and status.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.query_seconds = Histogram(
            "policygraph_query_duration_seconds",
            "Neo4j query latency, by query file and outcome (ok or error).",
            ["query", "outcome"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.queries_in_flight = Gauge(
            "policygraph_neo4j_queries_in_flight",
            "Queries sent to Neo4j and not yet answered.",
            registry=self.registry,
        )
        self.imports = Counter(
            "policygraph_imports",
            "Imports through the API, by mode and outcome (ok, rejected).",
            ["mode", "outcome"],
            registry=self.registry,
        )
        self.imported_records = Counter(
            "policygraph_imported_records",
            "Records written by imports through the API, by kind.",
            ["kind"],
            registry=self.registry,
        )

    def watch_pool(self, driver: Any) -> None:
        self.registry.register(PoolCollector(driver))

    def exposition(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class QueryWatch:
    """What Graph reports about each query: its latency into the histogram, and a log line
    when it is slower than the threshold (name and truncated parameters)."""

    def __init__(self, metrics: Metrics | None, slow_ms: float) -> None:
        self.metrics = metrics
        self.slow_ms = slow_ms

    def started(self) -> None:
        if self.metrics:
            self.metrics.queries_in_flight.inc()

    def finished(self, name: str, seconds: float, params: dict[str, Any], ok: bool) -> None:
        if self.metrics:
            self.metrics.queries_in_flight.dec()
            self.metrics.query_seconds.labels(name, "ok" if ok else "error").observe(seconds)
        if seconds * 1000 >= self.slow_ms:
            from policygraph.logs import log, truncated

            log.warning(
                "slow query",
                extra={"query": name, "duration_ms": round(seconds * 1000, 1), "params": truncated(params), "ok": ok},
            )
