"""Which documents hold a framework up: each ranked by what its loss would cost.

- `dependents`: the documents resting on it, transitively (over BASED_ON, PLACED_UNDER, COVERS:
  the links the `unanchored` check follows; topics pass the chain on and are not counted);
- `only_anchor`: the documents for which it lies on every path to a guiding document. These are
  the documents it dominates in the anchoring graph (rooted at the guiding documents, walked
  from a basis to what rests on it), found with the iterative algorithm of Cooper, Harvey and
  Kennedy ("A Simple, Fast Dominance Algorithm", 2001), which takes cycles in its stride;
- `pillars`: the pillars implemented by it or by a document resting on it.

One query reads the framework's graph packed into lists (queries/analytics/framework_graph.cypher);
one pass in Python, off the event loop, ranks every document: most dependents first, then most
`only_anchor`, most pillars, id. The ranking is kept until the next write (app/kept.py), as the
orphans list is. A link to another framework's record counts as one to an anchored record.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from policygraph.db import Graph
from policygraph.model.impact import Critical, CriticalDocument
from policygraph.queries import named
from policygraph.services import audit

FRAMEWORK_GRAPH = named("analytics/framework_graph")
DESCRIBE = named("analytics/describe")


@dataclass(frozen=True)
class Ranked:
    """Every document of a framework, ranked, with its three measures (parallel tuples)."""

    ids: tuple[str, ...]
    dependents: tuple[int, ...]
    only_anchor: tuple[int, ...]
    pillars: tuple[tuple[str, ...], ...]


def rank(packed: dict[str, Any]) -> Ranked:
    """The pass itself, on the lists `framework_graph` answers (pure: testable on any graph)."""
    documents: list[str] = packed["documents"]
    known = set(documents)
    names = documents + [t for t in packed["topics"] if t not in known]
    index = {name: i for i, name in enumerate(names)}
    is_document = [i < len(documents) for i in range(len(names))]
    outside = len(names)  # one node for every record of another framework: anchored
    bases: list[list[int]] = [[] for _ in names]  # node -> what it rests on
    for source, target, inside in zip(packed["sources"], packed["targets"], packed["inside"], strict=True):
        if source in index:
            bases[index[source]].append(index[target] if inside and target in index else outside)
    own = [0] * len(names)
    keys = sorted(set(packed["pillars"]))
    bit = {key: 1 << k for k, key in enumerate(keys)}
    for implementer, pillar in zip(packed["implementers"], packed["pillars"], strict=True):
        if implementer in index:
            own[index[implementer]] |= bit[pillar]

    dependents = [0] * len(names)
    covered = list(own)
    for node in range(len(names)):  # each node's upstream, once: it counts for each of them
        seen = {node}
        stack = [node]
        while stack:
            for basis in bases[stack.pop()]:
                if basis != outside and basis not in seen:
                    seen.add(basis)
                    stack.append(basis)
        seen.discard(node)
        for basis in seen:
            covered[basis] |= own[node]
            if is_document[node]:
                dependents[basis] += 1

    dominated = _dominated(names, bases, outside, {index[g] for g in packed["guiding"] if g}, is_document)
    order = sorted(
        range(len(documents)),
        key=lambda i: (-dependents[i], -dominated[i], -bin(covered[i]).count("1"), documents[i]),
    )
    return Ranked(
        ids=tuple(documents[i] for i in order),
        dependents=tuple(dependents[i] for i in order),
        only_anchor=tuple(dominated[i] for i in order),
        pillars=tuple(tuple(key for key in keys if covered[i] & bit[key]) for i in order),
    )


def _dominated(
    names: list[str], bases: list[list[int]], outside: int, guiding: set[int], is_document: list[bool]
) -> list[int]:
    """For each node, how many documents it dominates (strictly) in the anchoring graph."""
    root = outside + 1
    successors: list[list[int]] = [[] for _ in range(root + 1)]  # basis -> what rests on it
    predecessors: list[list[int]] = [[] for _ in range(root + 1)]
    for node, node_bases in enumerate(bases):
        for basis in node_bases:
            successors[basis].append(node)
            predecessors[node].append(basis)
    for start in [*sorted(guiding), outside]:
        successors[root].append(start)
        predecessors[start].append(root)
    # Reverse postorder from the root (iterative DFS); unreachable nodes are unanchored.
    postorder: list[int] = []
    number = [-1] * (root + 1)
    visited = [False] * (root + 1)
    visited[root] = True
    stack: list[tuple[int, int]] = [(root, 0)]
    while stack:
        node, child = stack[-1]
        if child < len(successors[node]):
            stack[-1] = (node, child + 1)
            nxt = successors[node][child]
            if not visited[nxt]:
                visited[nxt] = True
                stack.append((nxt, 0))
        else:
            stack.pop()
            number[node] = len(postorder)
            postorder.append(node)
    idom = [-1] * (root + 1)
    idom[root] = root
    reverse = postorder[::-1]
    changed = True
    while changed:
        changed = False
        for node in reverse[1:]:
            new = -1
            for pred in predecessors[node]:
                if idom[pred] == -1:
                    continue
                if new == -1:
                    new = pred
                    continue
                a, b = pred, new
                while a != b:
                    while number[a] < number[b]:
                        a = idom[a]
                    while number[b] < number[a]:
                        b = idom[b]
                new = a
            if idom[node] != new:
                idom[node] = new
                changed = True
    below = [0] * (root + 1)  # documents strictly dominated
    for node in postorder:  # children before their dominators
        if node == root:
            continue
        parent = idom[node]
        below[parent] += below[node] + (1 if node < len(names) and is_document[node] else 0)
    return below[: len(names)]


async def ranked(graph: Graph, framework: str) -> Ranked:
    """The framework's ranking, kept until the next write."""
    await audit.resolve_frameworks(graph, framework)  # 404 for one not held

    async def compute() -> Ranked:
        packed = await graph.read_one(FRAMEWORK_GRAPH, timeout_=graph.timeout * 10, framework=framework)
        assert packed is not None
        return await asyncio.to_thread(rank, packed)  # CPU-bound: off the event loop

    return await graph.until_next_write(("critical", framework), compute)


async def critical(graph: Graph, framework: str, offset: int, limit: int) -> Critical:
    """One page of the framework's documents, most critical first."""
    ranking = await ranked(graph, framework)
    page = range(offset, min(offset + limit, len(ranking.ids)))
    described = {row["id"]: row for row in await graph.read(DESCRIBE, ids=[ranking.ids[i] for i in page])}
    items = [
        CriticalDocument(
            id=ranking.ids[i],
            title=described.get(ranking.ids[i], {}).get("title"),
            tier=described.get(ranking.ids[i], {}).get("tier"),
            framework=framework,
            dependents=ranking.dependents[i],
            only_anchor=ranking.only_anchor[i],
            pillars=list(ranking.pillars[i]),
        )
        for i in page
    ]
    return Critical(items=items, total=len(ranking.ids), framework=framework)
