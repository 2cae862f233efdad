"""Networks for analysts: a framework, or the subgraph of a traversal, as GraphML (yEd, Gephi,
networkx) or GEXF 1.2 (Gephi). Every node carries its kind, tier, status, certainty, pillars and
dates; every edge its type, certainty, role and day; both carry the Neo4j Browser's colours
(graph/browser/style.grass) and node sizes. GEXF writes them as the viz module's `color` and `size`,
in the GEXF namespace where the published 1.2 XSD declares them (Gephi reads them by name, in any
namespace). GraphML writes `color` (#RRGGBB) with `r`, `g`, `b` and `size`, which Gephi reads as
the colour and size and yEd's Properties Mapper can map. Both also hold `color` as an attribute.

Node ids are `kind:id` (`document:km-guiding-plan`, `pillar:party-leadership`), since a pillar's key
and a document's id may be the same text; `key` holds the id alone."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from policygraph.db import Graph
from policygraph.model import api
from policygraph.queries import named
from policygraph.resources import BROWSER_STYLE
from policygraph.services.records import native_all

# Node attributes, in the files' order: (name, GraphML/GEXF type).
NODE_ATTRIBUTES = (
    ("key", "string"),
    ("kind", "string"),
    ("label", "string"),
    ("title", "string"),
    ("tier", "string"),
    ("status", "string"),
    ("certainty", "string"),
    ("doc_number", "string"),
    ("issued_on", "string"),
    ("effective_from", "string"),
    ("effective_until", "string"),
    ("pillars", "string"),
    ("framework", "string"),
    ("color", "string"),
)
EDGE_ATTRIBUTES = (
    ("type", "string"),
    ("certainty", "string"),
    ("reason", "string"),
    ("role", "string"),
    ("effective_on", "string"),
    ("color", "string"),
)
# The file's link lists -> (edge type, far end's kind); RESPONSIBLE_FOR runs from the department.
LINKS = {
    "implements": ("IMPLEMENTS", "pillar"),
    "based_on": ("BASED_ON", "document"),
    "placed_under": ("PLACED_UNDER", "document"),
    "covers": ("COVERS", "topic"),
    "responsible": ("RESPONSIBLE_FOR", "department"),
    "amends": ("AMENDS", "document"),
    "repeals": ("REPEALS", "document"),
    "replaces": ("REPLACES", "document"),
}
TIER_STYLE = {"guiding": "GuidingDocument", "base": "BaseDocument", "supporting": "SupportingDocument"}
KIND_STYLE = {"document": "Document", "topic": "Topic", "pillar": "Pillar", "department": "Department"}


@dataclass
class Network:
    name: str
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # node id -> attributes
    edges: list[dict[str, Any]] = field(default_factory=list)  # source, target and attributes

    def node(self, kind: str, key: str, **attributes: Any) -> str:
        ident = f"{kind}:{key}"
        values = {"key": key, "kind": kind, **{k: v for k, v in attributes.items() if v is not None}}
        values.setdefault("label", key)
        style = TIER_STYLE.get(str(values.get("tier")), KIND_STYLE[kind]) if kind == "document" else KIND_STYLE[kind]
        values["color"], values["size"] = node_style(style)
        self.nodes.setdefault(ident, {}).update(values)
        return ident

    def edge(self, source: str, target: str, kind: str, **attributes: Any) -> None:
        values = {k: v for k, v in attributes.items() if v is not None}
        values["type"], values["color"] = kind, edge_color(kind)
        self.edges.append({"source": source, "target": target, **values})

    def keep_edges_within(self) -> None:
        """Drop edges whose far end is not in the network (a subgraph's edge out of it)."""
        self.edges = [e for e in self.edges if e["source"] in self.nodes and e["target"] in self.nodes]


@cache
def _style() -> dict[str, dict[str, str]]:
    """The Browser's style sheet: selector -> its properties."""
    text = BROWSER_STYLE.read_text(encoding="utf-8")
    return {
        selector.strip(): dict(re.findall(r"([\w-]+):\s*([^;]+);", body))
        for selector, body in re.findall(r"([\w.]+)\s*\{([^}]*)\}", text)
    }


def node_style(style: str) -> tuple[str, float]:
    props = _style().get(f"node.{style}") or _style().get("node", {})
    size = float(props.get("diameter", "50px").removesuffix("px"))
    return props.get("color", "#A5ABB6").upper(), size


def edge_color(kind: str) -> str:
    props = _style().get(f"relationship.{kind}") or _style().get("relationship", {})
    return props.get("color", "#A5ABB6").upper()


# ---- building -------------------------------------------------------------------------------


def _evidence(claim: dict[str, Any]) -> dict[str, Any]:
    return {"certainty": claim.get("certainty"), "reason": claim.get("reason")}


def of_file(data: dict[str, Any]) -> Network:
    """A framework's network from its interchange file: every record a node, every link an edge."""
    framework = (data.get("framework") or {}).get("id")
    network = Network(str(framework))
    for section, kind, key in (("pillars", "pillar", "key"), ("departments", "department", "id")):
        for record in data.get(section) or []:
            name = record.get("name")
            network.node(kind, record[key], label=name, title=name, framework=framework, **_evidence(record))
    for topic in data.get("topics") or []:
        network.node(
            "topic",
            topic["id"],
            label=topic.get("short_name") or topic.get("name"),
            title=topic.get("name"),
            pillars=",".join(link["pillar"] for link in topic.get("implements") or []),
            framework=framework,
            **_evidence(topic),
        )
    for document in data.get("documents") or []:
        network.node(
            "document",
            document["id"],
            label=document.get("short_title") or document.get("title"),
            title=document.get("title"),
            tier=document.get("tier"),
            status=document.get("status"),
            doc_number=document.get("doc_number"),
            issued_on=document.get("issued_on"),
            effective_from=document.get("effective_from"),
            effective_until=document.get("effective_until"),
            pillars=",".join(link["pillar"] for link in document.get("implements") or []),
            framework=framework,
            **_evidence(document),
        )
    for section, kind in (("topics", "topic"), ("documents", "document")):
        for record in data.get(section) or []:
            for list_name, (edge_type, far) in LINKS.items():
                for link in record.get(list_name) or []:
                    here, there = f"{kind}:{record['id']}", f"{far}:{link[far]}"
                    source, target = (there, here) if edge_type == "RESPONSIBLE_FOR" else (here, there)
                    network.edge(
                        source,
                        target,
                        edge_type,
                        role=link.get("role"),
                        effective_on=link.get("effective_on"),
                        **_evidence(link),
                    )
    network.keep_edges_within()
    return network


def of_subgraph(name: str, row: dict[str, Any]) -> Network:
    """A traversal's network from `queries/network/subgraph` (its nodes, and every link among them)."""
    network = Network(name)
    for node in row["nodes"]:
        attributes = {k: v for k, v in node.items() if k not in ("kind", "key")}
        if isinstance(attributes.get("pillars"), list):
            attributes["pillars"] = ",".join(attributes["pillars"])
        network.node(node["kind"], node["key"], **attributes)
    for edge in row["edges"]:
        network.edge(
            f"{edge['source_kind']}:{edge['source']}",
            f"{edge['target_kind']}:{edge['target']}",
            edge["type"],
            certainty=edge.get("certainty"),
            reason=edge.get("reason"),
            role=edge.get("role"),
            effective_on=edge.get("effective_on"),
        )
    network.keep_edges_within()
    return network


# ---- writing --------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    """A value as XML text: characters XML 1.0 cannot hold become U+FFFD."""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return _NOT_XML.sub("\ufffd", text)


def _attr(value: Any) -> str:
    return quoteattr(_text(value))


def _rgb(color: str) -> tuple[int, int, int]:
    hex_ = color.lstrip("#")
    return int(hex_[0:2], 16), int(hex_[2:4], 16), int(hex_[4:6], 16)


def graphml(network: Network) -> Iterator[str]:
    """GraphML 1.0 (graphdrawing.org), valid against its published schema."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for name, kind in NODE_ATTRIBUTES:
        yield f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>\n'
    for name in ("r", "g", "b"):
        yield f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="int"/>\n'
    yield '  <key id="n_size" for="node" attr.name="size" attr.type="double"/>\n'
    for name, kind in EDGE_ATTRIBUTES:
        yield f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n'
    yield f'  <graph id={_attr(network.name)} edgedefault="directed">\n'
    for ident, values in network.nodes.items():
        yield f"    <node id={_attr(ident)}>\n"
        for name, _kind in NODE_ATTRIBUTES:
            if values.get(name) not in (None, ""):
                yield f'      <data key="n_{name}">{escape(_text(values[name]))}</data>\n'
        for name, part in zip(("r", "g", "b"), _rgb(values["color"]), strict=True):
            yield f'      <data key="n_{name}">{part}</data>\n'
        yield f'      <data key="n_size">{values["size"]}</data>\n'
        yield "    </node>\n"
    for number, edge in enumerate(network.edges):
        yield f'    <edge id="e{number}" source={_attr(edge["source"])} target={_attr(edge["target"])}>\n'
        for name, _kind in EDGE_ATTRIBUTES:
            if edge.get(name) not in (None, ""):
                yield f'      <data key="e_{name}">{escape(_text(edge[name]))}</data>\n'
        yield "    </edge>\n"
    yield "  </graph>\n</graphml>\n"


def gexf(network: Network) -> Iterator[str]:
    """GEXF 1.2 (gexf.net/1.2draft) with colours and sizes, valid against the published schemas."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<gexf xmlns="http://www.gexf.net/1.2draft" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
    )
    description = escape(_text(network.name))
    yield f"  <meta>\n    <creator>policygraph</creator>\n    <description>{description}</description>\n  </meta>\n"
    yield '  <graph defaultedgetype="directed" mode="static">\n'
    node_attributes = [a for a in NODE_ATTRIBUTES if a[0] != "label"]
    yield '    <attributes class="node">\n'
    for number, (name, kind) in enumerate(node_attributes):
        yield f'      <attribute id="{number}" title="{name}" type="{kind}"/>\n'
    yield '    </attributes>\n    <attributes class="edge">\n'
    for number, (name, kind) in enumerate(EDGE_ATTRIBUTES):
        yield f'      <attribute id="{number}" title="{name}" type="{kind}"/>\n'
    yield "    </attributes>\n    <nodes>\n"
    for ident, values in network.nodes.items():
        yield f"      <node id={_attr(ident)} label={_attr(values.get('label') or values['key'])}>\n"
        yield from _attvalues(node_attributes, values, "        ")
        r, g, b = _rgb(values["color"])
        yield f'        <color r="{r}" g="{g}" b="{b}"/>\n        <size value="{values["size"]}"/>\n'
        yield "      </node>\n"
    yield "    </nodes>\n    <edges>\n"
    for number, edge in enumerate(network.edges):
        yield (
            f'      <edge id="e{number}" source={_attr(edge["source"])} target={_attr(edge["target"])} '
            f"label={_attr(edge['type'])}>\n"
        )
        yield from _attvalues(EDGE_ATTRIBUTES, edge, "        ")
        r, g, b = _rgb(edge["color"])
        yield f'        <color r="{r}" g="{g}" b="{b}"/>\n'
        yield "      </edge>\n"
    yield "    </edges>\n  </graph>\n</gexf>\n"


def _attvalues(attributes: Iterable[tuple[str, str]], values: dict[str, Any], indent: str) -> Iterator[str]:
    present = [(number, name) for number, (name, _kind) in enumerate(attributes) if values.get(name) not in (None, "")]
    if not present:
        return
    yield f"{indent}<attvalues>\n"
    for number, name in present:
        yield f'{indent}  <attvalue for="{number}" value={_attr(values[name])}/>\n'
    yield f"{indent}</attvalues>\n"


SUBGRAPH = named("network/subgraph")


async def of_traversal(graph: Graph, name: str, nodes: Iterable[tuple[str, str]]) -> Network:
    """A traversal's answer as a network: its nodes ((kind, id or key) pairs) with their attributes,
    and every link among them, read again in one query."""
    ids: dict[str, list[str]] = {"document": [], "topic": [], "pillar": [], "department": []}
    for kind, key in nodes:
        ids[kind].append(key)
    row = await graph.read_one(
        SUBGRAPH, documents=ids["document"], topics=ids["topic"], pillars=ids["pillar"], departments=ids["department"]
    )
    return of_subgraph(name, native_all(row or {"nodes": [], "edges": []}))


def nodes_of(answer: api.GraphView | api.Lineage | api.Dependents | api.PillarDependents) -> list[tuple[str, str]]:
    """The (kind, id or key) of every node a traversal's answer names."""
    if isinstance(answer, api.GraphView):
        return [(node.kind, node.id) for node in answer.nodes]
    if isinstance(answer, api.PillarDependents):
        head = [("pillar", answer.pillar.key)] + (
            [("document", answer.base_document.id)] if answer.base_document else []
        )
        return head + [(item.kind, item.id) for item in answer.items]
    items = answer.ancestors if isinstance(answer, api.Lineage) else answer.items
    found = [(answer.document.kind, answer.document.id)] + [(item.kind, item.id) for item in items]
    if isinstance(answer, api.Lineage):
        found += [("pillar", pillar.key) for pillar in answer.pillars]
    return found
