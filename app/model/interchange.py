"""The interchange format `policygraph/v2` (DESIGN.md §3): seed files, import, export.

Every record and every link is a claim with its evidence (`sources`, `certainty`, `reason`).
Structure (`tier`, `implements`, `placed_under`: where the framework's scheme puts a record) and
basis (`based_on`: what a document itself rests on) are separate claims. `policygraph/v1` files
are converted on import (app/model/v1.py).

Property meanings borrow from three anchors, named where a field takes its meaning:
ELI (the European Legislation Identifier ontology), Chinese legal databases (发文字号, 制定机关,
公布/施行日期, 时效性) and Doorstop (items as files, links by id).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from policygraph.i18n import N_

FORMAT = "policygraph/v2"
FORMAT_V1 = "policygraph/v1"

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$"),
    Field(
        description="Stable identifier: letters, digits and . _ : - (no spaces or slashes), at most 200 characters.",
        examples=["km-base-party-building"],
    ),
]


def _utf8(value: str) -> str:
    """Text must be encodable: a lone surrogate (\\ud800 in JSON) cannot be stored or sent."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        message = N_("contains a lone surrogate (an unpaired \\ud800-\\udfff escape); send valid Unicode")
        raise ValueError(message) from None
    return value


Utf8 = AfterValidator(_utf8)
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000), Utf8]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=40), Utf8]


class Tier(StrEnum):
    """The document's place in the system: the 1, the 7 or the N; unknown when no source places it."""

    guiding = "guiding"
    base = "base"
    supporting = "supporting"
    unknown = "unknown"


class Status(StrEnum):
    """Lifecycle (时效性; ELI `in_force`): unknown when the source does not say."""

    planned = "planned"
    drafting = "drafting"
    issued = "issued"
    amended = "amended"
    repealed = "repealed"
    unknown = "unknown"


class Role(StrEnum):
    """A department's part in a document: lead (牵头) or joint (配合)."""

    lead = "lead"
    joint = "joint"


# Tier -> node labels. The only labels the code ever writes: an allow-list, never user text.
# A document no source places (tier unknown) has no tier label.
TIER_LABELS: dict[Tier, list[str]] = {
    Tier.guiding: ["GuidingDocument"],
    Tier.base: ["BaseDocument"],
    Tier.supporting: ["SupportingDocument"],
    Tier.unknown: [],
}


class Strict(BaseModel):
    """Unknown fields are errors: a typo must not vanish silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


# ---- evidence: every claim carries its sources and its certainty ------------------------------


class Certainty(StrEnum):
    """How a claim is known: a source says it, or it is this project's (or an editor's) reading."""

    stated = "stated"
    inferred = "inferred"


class SourceRef(Strict):
    """One place a claim comes from: the quoted words, where they are, and when they were read."""

    quote: Annotated[str, StringConstraints(min_length=1, max_length=4000), Utf8] | None = Field(
        None, description="The source's own words, verbatim (no ellipsis inside), that make the claim."
    )
    where: Text = Field(
        description="Where the quote is: a file under graph/seed/sources/ (e.g. "
        "graph/seed/sources/kunming-1-7-n-article.txt) or a URL.",
        examples=["graph/seed/sources/kunming-1-7-n-article.txt"],
    )
    read_on: dt.date | None = Field(None, description="When the source was read (null: not recorded).")


Sources = Annotated[
    list[SourceRef],
    Field(
        max_length=50,
        description="Where the claim comes from: at least one source. A claim with none is refused.",
    ),
]
Reason = Annotated[
    Annotated[str, Utf8] | None,
    Field(
        None,
        max_length=4000,
        description="Why the claim is inferred: the reading that leads from the sources to it. "
        "Required when certainty is inferred.",
    ),
]


def _lenient(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and bool(info.context.get("lenient"))


EVIDENCE_FIELDS = ("sources", "certainty", "reason")


class Evidence(Strict):
    """A claim's evidence: `sources`, `certainty` (stated or inferred), and the `reason` of an inference."""

    sources: Sources = Field(default_factory=list, validate_default=True)
    certainty: Certainty = Field(description="stated: a source says it; inferred: a reading, with a reason.")
    reason: Reason = Field(None, validate_default=True)

    # Field validators, so that each claim's own fault is named even when its links have others.
    # Records read back from the graph (context lenient) may predate evidence: shown, not refused.
    @field_validator("sources")
    @classmethod
    def _has_a_source(cls, sources: list[SourceRef], info: ValidationInfo) -> list[SourceRef]:
        if not sources and not _lenient(info):
            raise ValueError(N_("no source: every claim needs at least one (sources: [{quote, where, read_on}])"))
        return sources

    @field_validator("reason")
    @classmethod
    def _inference_has_a_reason(cls, reason: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("certainty") == Certainty.inferred and not reason and not _lenient(info):
            raise ValueError(N_("an inferred claim needs a reason: say how its sources lead to it"))
        return reason

    def evidence(self) -> dict[str, Any]:
        return {"sources": self.sources, "certainty": self.certainty, "reason": self.reason}


# Each link field of a record: the key naming its far end (a bare id in a file becomes
# {key: id}; a stored link is read back the same way).
LINK_KEYS = {
    "implements": "pillar",
    "based_on": "document",
    "placed_under": "document",
    "covers": "topic",
    "responsible": "department",
    "amends": "document",
    "repeals": "document",
    "replaces": "document",
}


def _inherit_evidence(data: Any, fields: tuple[str, ...]) -> Any:
    """A link that gives no evidence of its own (a bare id or key, or a mapping without sources,
    certainty and reason) has its record's: the record's sources state it. A link that gives any
    of them is taken as written."""
    if not isinstance(data, dict):
        return data
    own = {key: data[key] for key in EVIDENCE_FIELDS if key in data}
    out = dict(data)
    for field in fields:
        values = data.get(field)
        if isinstance(values, list):
            out[field] = [_with_evidence(value, LINK_KEYS[field], own) for value in values]
    return out


def _with_evidence(value: Any, key: str, own: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return {key: value, **own}
    if isinstance(value, dict) and not any(field in value for field in EVIDENCE_FIELDS):
        return {**value, **own}
    return value


class Declared(Strict):
    """The framework's own targets, as its defining text states them (null: not stated)."""

    documents: int | None = Field(None, ge=0, le=10**9, description="Documents declared in the system.")
    issued: int | None = Field(None, ge=0, le=10**9, description="Of those, how many are issued.")
    guiding: int | None = Field(None, ge=0, le=10**9, description="Guiding documents declared (the 1).")
    base: int | None = Field(None, ge=0, le=10**9, description="Base documents declared (the 7).")
    supporting: int | None = Field(None, ge=0, le=10**9, description="Supporting documents declared (the N).")


class Framework(Evidence):
    id: Id
    name: Text
    name_en: Text | None = None
    defined_by: Text | None = Field(None, description="Title of the text that defines the system (e.g. its 实施方案).")
    issued_by: Id | None = Field(
        None, description="Department id of the body that issued the defining text (制定机关)."
    )
    declared: Declared = Field(default_factory=Declared)
    notes: Text | None = None


class Pillar(Evidence):
    key: Id
    name: Text
    name_en: Text | None = None
    order: int = Field(ge=1, le=1000, description="Position in the framework's own listing.")


class Department(Evidence):
    id: Id
    name: Text
    name_en: Text | None = None


# ---- links: each one a claim of its own -------------------------------------------------------


class PillarLink(Evidence):
    """IMPLEMENTS: the record serves this pillar (structure: the scheme places it there)."""

    pillar: Id


class BasisLink(Evidence):
    """BASED_ON: the document's own basis (依据/落实): it says it rests on or carries out this one."""

    document: Id


class PlaceLink(Evidence):
    """PLACED_UNDER: structure. The framework's scheme places the record under this document
    (a base document under the guiding plan, a supporting one under a base document). It says
    nothing of what the record itself cites."""

    document: Id


class TopicLink(Evidence):
    """COVERS: the document is one of those a topic named by the scheme stands for."""

    topic: Id


class ChangeLink(Evidence):
    """AMENDS, REPEALS, REPLACES: this document changes that one (修改, 废止, 替代; ELI `amends`,
    `repeals`, and a successor for REPLACES), from the day in `effective_on`."""

    document: Id
    effective_on: dt.date | None = Field(
        None, description="The day the change takes effect (null: the source does not say)."
    )


class Responsible(Evidence):
    """RESPONSIBLE_FOR; ELI `responsibility_of`; 制定机关 with the role it plays."""

    department: Id
    role: Role


class Topic(Evidence):
    """A subject the framework's scheme names for documents to be made (e.g. "…等制度文件"),
    not a document: it may stand for several documents, or for none yet. `name` is the
    source's wording, not an official title."""

    id: Id
    name: Text = Field(description="The source's own wording of the topic.")
    name_en: Text | None = None
    short_name: ShortText | None = Field(None, description="Caption drawn from the name, for graph views.")
    implements: list[PillarLink] = Field(default_factory=list, max_length=100)
    placed_under: list[PlaceLink] = Field(default_factory=list, max_length=100)

    @model_validator(mode="before")
    @classmethod
    def _links_inherit(cls, data: Any) -> Any:
        return _inherit_evidence(data, ("implements", "placed_under"))


class Document(Evidence):
    id: Id
    title: Text = Field(description="Official title (zh), without 《》.")
    title_en: Text | None = Field(None, description="English title; a translation unless its source says otherwise.")
    short_title: ShortText | None = Field(
        None, description="Short name (简称) drawn from the title, for graph captions, e.g. 城市基层党建."
    )
    tier: Tier = Field(
        description="Its place in the framework as the record's sources state it; unknown when no source "
        "places it (its membership in the declared count is then unknown)."
    )
    status: Status = Status.unknown
    doc_number: Text | None = Field(None, description="发文字号, e.g. 昆组通〔2019〕80号.")
    issued_on: dt.date | None = Field(None, description="公布日期 (ELI date_document).")
    effective_from: dt.date | None = Field(None, description="施行日期 (ELI first_date_entry_in_force).")
    effective_until: dt.date | None = Field(None, description="失效日期 (ELI date_no_longer_in_force).")
    implements: list[PillarLink] = Field(default_factory=list, max_length=100, description="Pillars it serves.")
    based_on: list[BasisLink] = Field(
        default_factory=list,
        max_length=1000,
        description="Its own basis: the documents it says it rests on or carries out (依据/落实; ELI `based_on`).",
    )
    placed_under: list[PlaceLink] = Field(
        default_factory=list,
        max_length=100,
        description="Structure: the documents the framework's scheme places it under.",
    )
    covers: list[TopicLink] = Field(default_factory=list, max_length=100, description="Topics it stands for.")
    responsible: list[Responsible] = Field(default_factory=list, max_length=200)
    amends: list[ChangeLink] = Field(default_factory=list, max_length=100, description="Documents it amends (修改).")
    repeals: list[ChangeLink] = Field(
        default_factory=list,
        max_length=100,
        description="Documents it repeals (废止): each is out of force from the link's effective_on.",
    )
    replaces: list[ChangeLink] = Field(
        default_factory=list, max_length=100, description="Documents it replaces: it is their successor."
    )

    @model_validator(mode="before")
    @classmethod
    def _links_inherit(cls, data: Any) -> Any:
        return _inherit_evidence(data, tuple(LINK_KEYS))

    @model_validator(mode="after")
    def _dates_in_order(self) -> Document:
        if self.effective_from and self.effective_until and self.effective_until < self.effective_from:
            raise ValueError(N_("effective_until is before effective_from"))
        return self


class PolicyFile(Strict):
    """One framework with its pillars, departments, topics and documents."""

    format: Literal["policygraph/v2"]
    framework: Framework
    pillars: list[Pillar] = Field(default_factory=list)
    departments: list[Department] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)


def error_path(loc: tuple[Any, ...]) -> str:
    """('documents', 12, 'based_on', 0) -> 'documents[12].based_on[0]'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a policygraph/v2 file, as published in docs/."""
    schema = PolicyFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = FORMAT
    schema["title"] = f"{FORMAT} interchange file"
    return schema
