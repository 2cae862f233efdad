"""Applying `graph/schema.cypher`: every statement is IF NOT EXISTS, so applying is idempotent."""

from __future__ import annotations

import re
from pathlib import Path

from neo4j import AsyncDriver

from app.settings import PROJECT_ROOT

SCHEMA_FILE = PROJECT_ROOT / "graph" / "schema.cypher"


def schema_statements(path: Path = SCHEMA_FILE) -> list[str]:
    """The file's statements: `//` comment lines dropped, split at a `;` that ends a line."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("//")]
    parts = re.split(r";\s*$", "\n".join(lines), flags=re.MULTILINE)
    return [part.strip() for part in parts if part.strip()]


async def apply_schema(driver: AsyncDriver, database: str) -> int:
    """Apply every statement and wait for the indexes to come online; returns the count."""
    statements = schema_statements()
    async with driver.session(database=database) as session:
        for statement in statements:
            await (await session.run(statement)).consume()  # type: ignore[arg-type]
        await (await session.run("CALL db.awaitIndexes(300)")).consume()
    return len(statements)
