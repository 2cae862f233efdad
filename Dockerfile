# The policygraph API. Used by docker-compose.yml; Neo4j runs in its own container.
# Stage 1 builds the wheel from the repository (code, Cypher, schema, migrations, seed);
# stage 2 installs only that wheel, so the image runs exactly what `pip install` ships.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY queries ./queries
COPY graph ./graph
RUN pip wheel --no-cache-dir --no-deps -w /dist .

FROM python:3.11-slim
COPY --from=build /dist/*.whl /tmp/
RUN pip install --no-cache-dir /tmp/*.whl && rm /tmp/*.whl \
    && useradd --create-home --uid 10001 policygraph
USER policygraph
WORKDIR /home/policygraph
ENV POLICYGRAPH_API_HOST=0.0.0.0 \
    POLICYGRAPH_API_PORT=8000 \
    POLICYGRAPH_NEO4J_PROVIDER=auto
EXPOSE 8000
# Migrate the schema, load the packaged seed (idempotent), then serve.
CMD ["sh", "-c", "policygraph db migrate && policygraph seed && policygraph serve"]
