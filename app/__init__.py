"""policygraph: the 1+7+N policy system as a graph (Neo4j + FastAPI). See docs/architecture.md."""
