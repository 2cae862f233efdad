"""A record's values as plain Python, as `neo4j.Record.data()` gives them: nodes as their
properties, relationships as (start, type, end), paths as [node, type, node, ...]; lists and
maps walked; dates, times, points and everything else as the driver decoded them.

The same answer as `Record.data()`, faster: the driver tests every value against each of its
graph, temporal and collection types in turn (abstract-class `isinstance` checks), so a page of
50 dependents (about 14 KB of JSON) took 0.56 ms of the API's CPU to convert; here the value's own
type decides first (0.06 ms; docs/benchmarks.md, "The API's own time, by process").
"""

from __future__ import annotations

from typing import Any

from neo4j import Record
from neo4j.graph import Node, Path, Relationship

AS_IS: frozenset[type] = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    kind = type(value)
    if kind in AS_IS:
        return value
    if kind is list:
        return [plain(item) for item in value]
    if kind is dict:
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, Node):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, Relationship):
        return (plain(value.start_node), type(value).__name__, plain(value.end_node))
    if isinstance(value, Path):
        walked: list[Any] = [plain(value.start_node)]
        for relationship, node in zip(value.relationships, value.nodes[1:], strict=True):
            walked += [type(relationship).__name__, plain(node)]
        return walked
    return value


def record_data(record: Record) -> dict[str, Any]:
    """`record.data()`: the record's fields by key, each value plain."""
    return {key: plain(value) for key, value in record.items()}
