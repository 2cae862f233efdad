"""Linked data: a stable URI for every record, and JSON-LD in the ELI ontology's terms where it has
them (`eli:LegalResource`, `based_on`, `amends`, `repeals`, `responsibility_of`, `date_document`,
`in_force`, …) and this project's vocabulary (`pg:`) where it has none (tier, pillar, placement).

URIs (docs/interchange-format.md, "Linked data"): `{base}{framework}` for the framework,
`{base}{framework}/document/{key}` for a document, where `key` is its 发文字号 when it has one that
no other document of the framework shares, else its id; `…/pillar/{key}`, `…/department/{id}` and
`…/topic/{id}` for the others. `base` is the `ld_base` setting.

Every claim keeps its evidence: a record's `certainty`, `reason` and `source`s sit on its node; a
link's on an `rdf:Statement` that names its subject, predicate and object (RDF reification)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from policygraph.db import Graph
from policygraph.queries import named
from policygraph.services import kinds, records

ELI = "http://data.europa.eu/eli/ontology#"
VOCAB = "urn:policygraph:vocab:"
MEDIA_TYPE = "application/ld+json"
IN_FORCE = f"{ELI}InForce-inForce"
NOT_IN_FORCE = f"{ELI}InForce-notInForce"

CONTEXT: dict[str, Any] = {
    "@version": 1.1,
    "eli": ELI,
    "pg": VOCAB,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "id": "@id",
    "type": "@type",
    "LegalResource": "eli:LegalResource",
    "Framework": "pg:Framework",
    "Pillar": "pg:Pillar",
    "Department": "pg:Department",
    "Topic": "pg:Topic",
    "Statement": "rdf:Statement",
    "identifier": "dcterms:identifier",
    "title": {"@id": "eli:title", "@language": "zh"},
    "title_en": {"@id": "eli:title", "@language": "en"},
    "short_title": {"@id": "eli:title_short", "@language": "zh"},
    "name": {"@id": "skos:prefLabel", "@language": "zh"},
    "name_en": {"@id": "skos:prefLabel", "@language": "en"},
    "doc_number": "eli:id_local",
    "issued_on": {"@id": "eli:date_document", "@type": "xsd:date"},
    "effective_from": {"@id": "eli:first_date_entry_in_force", "@type": "xsd:date"},
    "effective_until": {"@id": "eli:date_no_longer_in_force", "@type": "xsd:date"},
    "in_force": {"@id": "eli:in_force", "@type": "@id"},
    "based_on": {"@id": "eli:based_on", "@type": "@id"},
    "amends": {"@id": "eli:amends", "@type": "@id"},
    "repeals": {"@id": "eli:repeals", "@type": "@id"},
    "replaces": {"@id": "dcterms:replaces", "@type": "@id"},
    "responsibility_of": {"@id": "eli:responsibility_of", "@type": "@id"},
    "lead": {"@id": "pg:lead", "@type": "@id"},
    "joint": {"@id": "pg:joint", "@type": "@id"},
    "framework": {"@id": "pg:framework", "@type": "@id"},
    "pillar": {"@id": "pg:pillar", "@type": "@id"},
    "placed_under": {"@id": "pg:placedUnder", "@type": "@id"},
    "covers": {"@id": "pg:covers", "@type": "@id"},
    "tier": "pg:tier",
    "status": "pg:status",
    "order": {"@id": "pg:order", "@type": "xsd:integer"},
    "certainty": "pg:certainty",
    "reason": "pg:reason",
    "effective_on": {"@id": "pg:effectiveOn", "@type": "xsd:date"},
    "source": {"@id": "dcterms:source"},
    "quote": "pg:quote",
    "where": "pg:where",
    "read_on": {"@id": "pg:readOn", "@type": "xsd:date"},
    "subject": {"@id": "rdf:subject", "@type": "@id"},
    "predicate": {"@id": "rdf:predicate", "@type": "@id"},
    "object": {"@id": "rdf:object", "@type": "@id"},
}
# The file's link lists -> (context term, far end's kind: also the link's field naming it).
# Responsibility is stated on the document.
LINKS = {
    "based_on": ("based_on", "document"),
    "placed_under": ("placed_under", "document"),
    "implements": ("pillar", "pillar"),
    "covers": ("covers", "topic"),
    "amends": ("amends", "document"),
    "repeals": ("repeals", "document"),
    "replaces": ("replaces", "document"),
}
# The records that are nodes with a name: (file section, kind, key field, fields stated on the node).
NAMED_RECORDS = (
    ("pillars", "pillar", "key", ("name", "name_en", "order")),
    ("departments", "department", "id", ("name", "name_en")),
)
_UNSAFE = set(' "<>{}|\\^`/?#%[]')


def segment(text: str) -> str:
    """Text as one IRI path segment: Chinese stays readable, ASCII that would end it is %-escaped."""
    return "".join(f"%{ord(c):02X}" if c in _UNSAFE or ord(c) < 0x21 else c for c in text)


class Minter:
    """URIs for one framework's records. `documents` maps a document id to its framework (when
    another) and its 发文字号 where that number is its framework's only one of its kind (a shared
    number cannot name one document)."""

    def __init__(self, base: str, framework: str, documents: dict[str, tuple[str | None, str | None]]) -> None:
        self.base, self.framework, self.documents = base, framework, documents

    @classmethod
    def of_documents(cls, base: str, framework: str, documents: Iterable[dict[str, Any]]) -> Minter:
        listed = [(d["id"], d.get("doc_number")) for d in documents]
        counts = Counter(number for _id, number in listed if number)
        return cls(base, framework, {ident: (None, n) for ident, n in listed if n and counts[n] == 1})

    def framework_uri(self, framework: str | None = None) -> str:
        return f"{self.base}{segment(framework or self.framework)}"

    def uri(self, kind: str, key: str) -> str:
        framework = None
        if kind == "document":
            framework, number = self.documents.get(key, (None, None))
            key = number or key
        return f"{self.framework_uri(framework)}/{kind}/{segment(key)}"


def _evidence(claim: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"certainty": claim.get("certainty")}
    if claim.get("reason"):
        out["reason"] = claim["reason"]
    sources = [{k: v for k, v in s.items() if v is not None} for s in claim.get("sources") or []]
    if sources:
        out["source"] = sources
    return out


def in_force(document: dict[str, Any], today: dt.date) -> str | None:
    """ELI's in_force on `today`, read as the `as_of` answers read it (services/records.py): in force
    from its 施行日期 (else its 公布日期) through its 失效日期; repealed, expired or not yet begun: not
    in force; planned or drafting: not in force; no known first day: unknown (no triple)."""
    day = today.isoformat()
    if document.get("status") in ("planned", "drafting", "repealed"):
        return NOT_IN_FORCE
    until, since = document.get("effective_until"), document.get("effective_from") or document.get("issued_on")
    if until and str(until) < day:
        return NOT_IN_FORCE
    if since is None:
        return None
    return IN_FORCE if str(since) <= day else NOT_IN_FORCE


def _named(record: dict[str, Any], *fields: str) -> dict[str, Any]:
    return {f: record[f] for f in fields if record.get(f) is not None}


def document_nodes(minter: Minter, document: dict[str, Any], today: dt.date) -> list[dict[str, Any]]:
    """A document's node (its properties, links and evidence) and one statement per link."""
    me = minter.uri("document", document["id"])
    node: dict[str, Any] = {
        "id": me,
        "type": "LegalResource",
        "identifier": document["id"],
        "framework": minter.framework_uri(),
        **_named(
            document,
            "title",
            "title_en",
            "short_title",
            "doc_number",
            "issued_on",
            "effective_from",
            "effective_until",
            "tier",
            "status",
        ),
        **_evidence(document),
    }
    force = in_force(document, today)
    if force:
        node["in_force"] = force
    statements: list[dict[str, Any]] = []
    for list_name, (term, far) in LINKS.items():
        for link in document.get(list_name) or []:
            target = minter.uri(far, link[far])
            node.setdefault(term, []).append(target)
            statement = {"type": "Statement", "subject": me, "predicate": CONTEXT[term]["@id"], "object": target}
            if link.get("effective_on"):
                statement["effective_on"] = link["effective_on"]
            statements.append({**statement, **_evidence(link)})
    for link in document.get("responsible") or []:
        target = minter.uri("department", link["department"])
        node.setdefault("responsibility_of", []).append(target)
        node.setdefault(link["role"], []).append(target)
        statements.append(
            {
                "type": "Statement",
                "subject": me,
                "predicate": "eli:responsibility_of",
                "object": target,
                **_evidence(link),
            }
        )
    return [node, *statements]


def of_file(
    data: dict[str, Any],
    base: str,
    today: dt.date | None = None,
    elsewhere: dict[str, tuple[str | None, str | None]] | None = None,
) -> dict[str, Any]:
    """A framework's interchange file as one JSON-LD document (its context inline, so it parses
    offline). `elsewhere`: the documents of other frameworks it links to (`linked_elsewhere`)."""
    today = today or dt.date.today()
    framework = data.get("framework") or {}
    documents = data.get("documents") or []
    minter = Minter.of_documents(base, framework["id"], documents)
    minter.documents = {**(elsewhere or {}), **minter.documents}
    nodes: list[dict[str, Any]] = [
        {
            "id": minter.framework_uri(),
            "type": "Framework",
            "identifier": framework["id"],
            **_named(framework, "name", "name_en"),
            **_evidence(framework),
        }
    ]
    for section, kind, key, fields in NAMED_RECORDS:
        for record in data.get(section) or []:
            nodes.append(
                {
                    "id": minter.uri(kind, record[key]),
                    "type": kind.capitalize(),
                    "identifier": record[key],
                    "framework": minter.framework_uri(),
                    **_named(record, *fields),
                    **_evidence(record),
                }
            )
    for topic in data.get("topics") or []:
        me = minter.uri("topic", topic["id"])
        node = {
            "id": me,
            "type": "Topic",
            "identifier": topic["id"],
            "framework": minter.framework_uri(),
            **_named(topic, "name", "name_en"),
            **_evidence(topic),
        }
        nodes.append(node)
        for list_name in ("implements", "placed_under"):
            term, far = LINKS[list_name]
            for link in topic.get(list_name) or []:
                target = minter.uri(far, link[far])
                node.setdefault(term, []).append(target)
                nodes.append(
                    {
                        "type": "Statement",
                        "subject": me,
                        "predicate": CONTEXT[term]["@id"],
                        "object": target,
                        **_evidence(link),
                    }
                )
    for document in documents:
        nodes.extend(document_nodes(minter, document, today))
    return {"@context": CONTEXT, "@graph": nodes}


URI_KEYS = named("network/uri_keys")
DOCUMENT_LINKS = ("based_on", "placed_under", "amends", "repeals", "replaces")


async def linked_elsewhere(graph: Graph, data: dict[str, Any]) -> dict[str, tuple[str | None, str | None]]:
    """The documents of other frameworks a file's documents link to, with what their URIs are built from."""
    held = {d["id"] for d in data.get("documents") or []}
    ids = {
        link["document"]
        for d in data.get("documents") or []
        for name in DOCUMENT_LINKS
        for link in d.get(name) or []
        if link["document"] not in held
    }
    if not ids:
        return {}
    return {r["id"]: (r["framework"], r["doc_number"]) for r in await graph.read(URI_KEYS, ids=sorted(ids))}


async def of_document(graph: Graph, doc_id: str, base: str, today: dt.date | None = None) -> dict[str, Any] | None:
    """One document as JSON-LD: its node, its links and their statements (None when unknown)."""
    row = await graph.read_one(kinds.DOCUMENT.state, id=doc_id)
    if row is None:
        return None
    document = records.document_record(row).model_dump(mode="json", exclude_none=True)
    ids = [doc_id, *(link["document"] for name in DOCUMENT_LINKS for link in document.get(name) or [])]
    found = {r["id"]: (r["framework"], r["doc_number"]) for r in await graph.read(URI_KEYS, ids=ids)}
    minter = Minter(base, str(found[doc_id][0]), found)
    return {"@context": CONTEXT, "@graph": document_nodes(minter, document, today or dt.date.today())}
