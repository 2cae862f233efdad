"""`policygraph/v1` files, converted to `policygraph/v2` before validation.

v1 kept one `source` (a quote or a URL) per record and none per link. Converted:
- a record's `source` becomes its `sources` (a URL as `where`, text as `quote`), `stated`;
- each link (`based_on`, `implements`, `responsible`) gets the record's sources, marked
  `inferred` with the reason that v1 links carried no evidence of their own;
- a record without `source` stays without sources, so validation refuses it (and each of its
  links) by path, as it refuses any claim with no source.
The conversion works on plain data, so every error still points into the file as written.
"""

from __future__ import annotations

from typing import Any

from policygraph.model.interchange import FORMAT, FORMAT_V1

UNLOCATED = "unknown (converted from policygraph/v1, which kept no location)"
LINK_REASON = (
    "converted from policygraph/v1: v1 links carried no evidence of their own; the record's source "
    "is given, but whether it states this link was not recorded"
)


def _sources(source: Any) -> list[dict[str, Any]] | None:
    if not isinstance(source, str) or not source.strip():
        return None
    if source.startswith(("http://", "https://")):
        return [{"where": source}]
    return [{"quote": source, "where": UNLOCATED}]


def _record(item: Any) -> tuple[Any, list[dict[str, Any]] | None]:
    """The record with `source` turned into evidence, and the sources its links inherit."""
    if not isinstance(item, dict):
        return item, None
    out = {key: value for key, value in item.items() if key != "source"}
    sources = _sources(item.get("source"))
    if sources is not None:
        out["sources"] = sources
        out["certainty"] = "stated"
    return out, sources


def _link(value: Any, key: str, sources: list[dict[str, Any]] | None) -> Any:
    link = dict(value) if isinstance(value, dict) else {key: value}
    if sources is not None:
        link.update(sources=sources, certainty="inferred", reason=LINK_REASON)
    return link


def upgrade(raw: Any) -> Any:
    """A v1 file as v2 data (anything else is returned unchanged)."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_V1:
        return raw
    out = dict(raw, format=FORMAT)
    out["framework"], _ = _record(raw.get("framework"))
    for key in ("pillars", "departments"):
        if isinstance(raw.get(key), list):
            out[key] = [_record(item)[0] for item in raw[key]]
    if isinstance(raw.get("documents"), list):
        documents = []
        for item in raw["documents"]:
            document, sources = _record(item)
            if isinstance(document, dict):
                for field, key in (("based_on", "document"), ("implements", "pillar"), ("responsible", "department")):
                    if isinstance(document.get(field), list):
                        document[field] = [_link(value, key, sources) for value in document[field]]
            documents.append(document)
        out["documents"] = documents
    return out
