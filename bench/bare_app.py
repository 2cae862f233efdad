"""The least an HTTP API adds to the raw driver: FastAPI under uvicorn, as `policygraph serve` runs
it, with one catch-all read route and nothing else. No middleware, no parameters parsed, no
response model, no request log or metrics: a request's recorded queries (bench.run's samples) are
replayed on the driver exactly as the raw side replays them, and the rows answered as JSON.

    python -m bench.bare_app PORT CALLS     # CALLS: JSON {url: [[query name, params], ...]}

Started by `python -m bench.bare` and by `bench.run`. NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD come from the
environment. It listens on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from neo4j import AsyncGraphDatabase, AsyncResult, RoutingControl

from policygraph.plain import record_data
from policygraph.queries import book


def create(calls: dict[str, list[tuple[str, dict[str, Any]]]]) -> FastAPI:
    queries = book()
    auth = (os.environ["NEO4J_USER"], os.environ["NEO4J_PASSWORD"])
    driver = AsyncGraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth, notifications_min_severity="OFF")
    app = FastAPI()

    async def rows(result: AsyncResult) -> list[dict[str, Any]]:
        return [record_data(record) async for record in result]

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/v1/{rest:path}")
    async def read(request: Request) -> JSONResponse:
        query = request.url.query
        answer = []
        for name, params in calls[request.url.path + (f"?{query}" if query else "")]:
            answer.append(
                await driver.execute_query(
                    queries[name].text,
                    params,
                    routing_=RoutingControl.READ,
                    database_="neo4j",
                    result_transformer_=rows,
                )
            )
        return JSONResponse(answer)

    return app


if __name__ == "__main__":
    port, calls = int(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text())
    uvicorn.run(create(calls), host="127.0.0.1", port=port, log_config=None, access_log=False)
