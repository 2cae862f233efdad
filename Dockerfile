# The policygraph API. Used by docker-compose.yml; Neo4j runs in its own container.
FROM python:3.11-slim
WORKDIR /srv/policygraph
COPY pyproject.toml README.md ./
COPY app ./app
COPY queries ./queries
COPY graph ./graph
RUN pip install --no-cache-dir .
ENV POLICYGRAPH_API_HOST=0.0.0.0 \
    POLICYGRAPH_API_PORT=8000 \
    POLICYGRAPH_NEO4J_PROVIDER=auto
EXPOSE 8000
# Migrate the schema, load the seed (idempotent), then serve.
CMD ["sh", "-c", "policygraph db migrate && policygraph load graph/seed/kunming-1-7-n.yaml && policygraph serve"]
