"""The audit's three whole-registry walks, run in the API over the registry's links read once.

`unanchored`, `no-pillar` and `cycle` each follow links across the whole registry. One query
(queries/audit/links.cypher) reads every link they follow as lists of node numbers, with the
guiding documents, the records implementing a pillar, the documents judged and those out of force
on the day asked for; the walks then run here with numpy, off the event loop (each is one pass
over arrays):

- `unanchored`: breadth first from the guiding documents in force, from a basis to what rests on
  it (against BASED_ON, PLACED_UNDER and COVERS), through documents in force, within 50 links;
  the judged documents it does not reach;
- `unserved` (`no-pillar`): the same from the records that implement a pillar (IMPLEMENTS, the
  walk's first link), within 50 more;
- `cycle_candidates`: the BASED_ON links between documents in force, trimmed again and again of
  every node left with no basis or no dependent. A document on a cycle keeps both (its cycle's),
  so it is never trimmed; queries/audit/cycle.cypher then searches only the ones left.

These are the Cypher walks the checks ran before (their paths, bounds and `as_of` rule), as sets:
the same findings, without a pattern search per record (docs/benchmarks.md, "The audit's walks").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Nodes = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

HOPS = 50  # `unanchored`: a guiding document within this many links; `no-pillar`: an implementer
TRIM_ROUNDS = 64  # `cycle`: enough to empty any registry of depth under it; what is left is searched
DENSE_SLACK = 1 << 20  # ids below 4 per packed value and this many: arrays indexed by id directly


def _array(values: list[int]) -> Nodes:
    return np.asarray(values, dtype=np.int64)


@dataclass(frozen=True)
class Links:
    """Links grouped by the node they lead to (dense node numbers)."""

    starts: Nodes  # the sources of the links into node n are sorted_sources[starts[n]:starts[n + 1]]
    sorted_sources: Nodes

    @classmethod
    def of(cls, sources: Nodes, targets: Nodes, size: int) -> Links:
        order = np.argsort(targets)
        starts = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(targets, minlength=size), out=starts[1:])
        return cls(starts, sources[order])

    def into(self, nodes: Nodes) -> Nodes:
        """The sources of every link into `nodes` (with repeats)."""
        first, last = self.starts[nodes], self.starts[nodes + 1]
        counts = last - first
        total = int(counts.sum())
        if total == 0:
            return np.empty(0, dtype=np.int64)
        offsets = np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(total)
        return self.sorted_sources[offsets]


@dataclass(frozen=True)
class Registry:
    """The packed registry (dense node numbers) and what the three walks need of it."""

    size: int
    judged: Nodes  # node numbers, as Neo4j's ids
    ids: Nodes  # dense number -> Neo4j's id
    based_on: tuple[Nodes, Nodes]
    anchoring: Links  # BASED_ON, PLACED_UNDER, COVERS
    guiding: Nodes
    implementers: Nodes
    open: Mask  # not out of force on the day

    @classmethod
    def of(cls, packed: dict[str, Any]) -> Registry:
        """From the lists `audit/links` answers."""
        raw = {key: _array(values) for key, values in packed.items()}
        count = sum(values.size for values in raw.values())
        highest = max((int(values.max()) for values in raw.values() if values.size), default=-1)
        if highest < 4 * count + DENSE_SLACK:  # numbered densely enough: the ids are the numbers
            ids, dense, size = np.arange(highest + 1, dtype=np.int64), raw, highest + 1
        else:  # sparse ids (another store format): numbered 0..n-1 first
            ids = np.unique(np.concatenate(list(raw.values())))
            dense = {key: np.searchsorted(ids, values) for key, values in raw.items()}
            size = len(ids)
        anchor_from = np.concatenate([dense["based_on_from"], dense["placed_from"]])
        anchor_to = np.concatenate([dense["based_on_to"], dense["placed_to"]])
        open_ = np.ones(size, dtype=np.bool_)
        open_[dense["out_of_force"]] = False
        return cls(
            size=size,
            judged=dense["judged"],
            ids=ids,
            based_on=(dense["based_on_from"], dense["based_on_to"]),
            anchoring=Links.of(anchor_from, anchor_to, size),
            guiding=dense["guiding"],
            implementers=dense["implementers"],
            open=open_,
        )

    def _reach(self, starts: Nodes) -> Mask:
        """The starts in force and every node a walk of up to HOPS links reaches from them through
        nodes in force, from a basis to what rests on it."""
        reached = np.zeros(self.size, dtype=np.bool_)
        front = self._each_once(starts[self.open[starts]])
        reached[front] = True
        for _ in range(HOPS):
            step = self.anchoring.into(front)
            step = step[self.open[step] & ~reached[step]]
            if step.size == 0:
                break
            reached[step] = True
            front = self._each_once(step)
        return reached

    def _each_once(self, nodes: Nodes) -> Nodes:
        """`nodes` without repeats (a mark per node: cheaper than sorting them)."""
        marked = np.zeros(self.size, dtype=np.bool_)
        marked[nodes] = True
        return np.flatnonzero(marked)

    def _left_out(self, reached: Mask) -> Nodes:
        judged = self.judged[self.open[self.judged]]
        return self.ids[judged[~reached[judged]]]

    def unanchored(self) -> Nodes:
        """The judged documents in force that no guiding document anchors (their Neo4j ids)."""
        return self._left_out(self._reach(self.guiding))

    def unserved(self) -> Nodes:
        """The judged documents in force that serve no pillar (`no-pillar`; their Neo4j ids)."""
        return self._left_out(self._reach(self.implementers))

    def cycle_candidates(self) -> Nodes:
        """Every document on a BASED_ON cycle through documents in force, and perhaps others (their
        Neo4j ids): what is left of the links between documents in force, trimmed of the nodes with
        no basis or no dependent among them, round after round (at most TRIM_ROUNDS)."""
        sources, targets = self.based_on
        kept = self.open[sources] & self.open[targets]
        sources, targets = sources[kept], targets[kept]
        alive = np.zeros(self.size, dtype=np.bool_)
        for _ in range(TRIM_ROUNDS):
            alive = (np.bincount(sources, minlength=self.size) > 0) & (np.bincount(targets, minlength=self.size) > 0)
            kept = alive[sources] & alive[targets]
            if kept.all():
                break
            sources, targets = sources[kept], targets[kept]
        return self.ids[np.flatnonzero(alive)]
