"""create_app(): the FastAPI service. The driver lives in the lifespan, one per process."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from neo4j.exceptions import ServiceUnavailable

from policygraph.admission import Admission
from policygraph.db import open_graph
from policygraph.handlers import install_error_handlers
from policygraph.idempotency import AnswerRecorder
from policygraph.jobs import Jobs
from policygraph.kept import Kept
from policygraph.limits import BodyLimit
from policygraph.metrics import Metrics, QueryWatch
from policygraph.middleware import ChooseLocale, RequestObserver
from policygraph.queries import book, check_required
from policygraph.routes import (
    analytics,
    audit,
    browser,
    changes,
    departments,
    docs,
    documents,
    frameworks,
    health,
    io,
    jobs,
    pillars,
)
from policygraph.routes import metrics as metrics_route
from policygraph.services import schema
from policygraph.settings import Settings, get_settings

log = logging.getLogger("policygraph")

DESCRIPTION = """
A graph knowledge model of a city's social-governance policy system: Kunming's "1+7+N"
(1 guiding plan, 7 pillars each resting on a base document, N supporting documents) and any
framework imported in the `policygraph/v2` format.

Reads are open. Every write needs the `X-API-Key` header.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    metrics = Metrics() if settings.metrics_enabled else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        queries = book()
        check_required(queries)
        graph = open_graph(
            settings,
            queries=queries,
            deadline=settings.db_deadline,
            watch=QueryWatch(metrics, settings.slow_query_ms),
            kept=Kept(settings.kept_seconds),
        )
        driver = graph.driver
        if metrics is not None:
            metrics.watch_pool(driver)
        sweeping: asyncio.Task[None] | None = None
        try:
            # Bounded: the driver's own retries would keep the API from listening for up to 15 s.
            async with asyncio.timeout(settings.connection_timeout + 1.0):
                state = await schema.database_state(driver, graph.database, queries)
            schema.check(state)
            if settings.check_queries:  # in the background: the API answers meanwhile
                sweeping = schema.start_sweep(graph, state)
        except (ServiceUnavailable, TimeoutError) as exc:
            # Start anyway, and check once Neo4j answers; until then no query runs and /ready says 503.
            log.warning(
                "Neo4j unavailable at startup; schema and queries checked once it answers: %s: %s",
                type(exc).__name__,
                exc,
            )
            sweeping = schema.start_when_reachable(graph, settings.check_queries)
        except schema.SchemaMismatch:
            await driver.close()
            raise
        app.state.settings = settings
        app.state.graph = graph
        app.state.admission = Admission(settings.heavy_slots, settings.heavy_wait)
        app.state.jobs = Jobs(graph, settings)
        try:
            yield
        finally:
            if sweeping is not None:
                sweeping.cancel()
                await asyncio.gather(sweeping, return_exceptions=True)
            await app.state.jobs.close()
            await graph.close()

    app = FastAPI(
        title="policygraph",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from the package by routes.docs: no CDN
        redoc_url=None,
    )
    install_error_handlers(app)
    docs.install(app)
    app.include_router(health.router)
    app.include_router(frameworks.router)
    app.include_router(pillars.router)
    app.include_router(documents.router)
    app.include_router(departments.router)
    app.include_router(audit.router)
    app.include_router(analytics.router)
    app.include_router(changes.router)
    app.include_router(browser.router)
    app.add_middleware(browser.PathCORS, prefix=browser.PREFIX, origins=settings.cors_origins())
    app.include_router(io.router)
    app.include_router(jobs.router)
    app.include_router(metrics_route.router)
    app.state.metrics = metrics
    app.add_middleware(AnswerRecorder)  # keeps committed writes' answers for their idempotency keys
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(ChooseLocale, default=settings.locale)
    app.add_middleware(RequestObserver, metrics=metrics)  # outermost: every answer gets an id and a log line
    return app
