"""The interchange format `policygraph/v1` (DESIGN.md §3): seed files, import, export.

Property meanings borrow from three anchors, named where a field takes its meaning:
ELI (the European Legislation Identifier ontology), Chinese legal databases (发文字号, 制定机关,
公布/施行日期, 时效性) and Doorstop (items as files, links by id).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

FORMAT = "policygraph/v1"

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$"),
    Field(
        description="Stable identifier: letters, digits and . _ : - (no spaces or slashes), at most 200 characters.",
        examples=["km-base-party-building"],
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Source = Annotated[
    str | None,
    Field(
        max_length=4000,
        description="Where the fact comes from: a quoted sentence or a URL (provenance).",
    ),
]


class Tier(StrEnum):
    """The document's place in the system: the 1, the 7 or the N."""

    guiding = "guiding"
    base = "base"
    supporting = "supporting"


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


# Tier -> node label. The only labels the code ever writes: an allow-list, never user text.
TIER_LABELS: dict[Tier, str] = {
    Tier.guiding: "GuidingDocument",
    Tier.base: "BaseDocument",
    Tier.supporting: "SupportingDocument",
}


class Strict(BaseModel):
    """Unknown fields are errors: a typo must not vanish silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Declared(Strict):
    """The framework's own targets, as its defining text states them."""

    documents: int | None = Field(None, ge=0, description="Documents declared in the system.")
    issued: int | None = Field(None, ge=0, description="Of those, how many are issued.")
    supporting: int | None = Field(None, ge=0, description="Supporting documents declared.")


class Framework(Strict):
    id: Id
    name: Text
    name_en: Text | None = None
    defined_by: Text | None = Field(None, description="Title of the text that defines the system (e.g. its 实施方案).")
    issued_by: Id | None = Field(
        None, description="Department id of the body that issued the defining text (制定机关)."
    )
    declared: Declared = Field(default_factory=Declared)
    notes: Text | None = None
    source: Source = None


class Pillar(Strict):
    key: Id
    name: Text
    name_en: Text | None = None
    order: int = Field(ge=1, le=1000, description="Position in the framework's own listing.")
    source: Source = None


class Department(Strict):
    id: Id
    name: Text
    name_en: Text | None = None
    source: Source = None


class Responsible(Strict):
    """ELI `responsibility_of`; 制定机关 with the role it plays."""

    department: Id
    role: Role


class Document(Strict):
    id: Id
    title: Text = Field(description="Official title (zh), without 《》.")
    title_en: Text | None = Field(None, description="English title; a translation unless its source says otherwise.")
    short_title: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = Field(
        None, description="Short name (简称) drawn from the title, for graph captions, e.g. 城市基层党建."
    )
    tier: Tier
    status: Status = Status.unknown
    doc_number: Text | None = Field(None, description="发文字号, e.g. 昆组通〔2019〕80号.")
    issued_on: dt.date | None = Field(None, description="公布日期 (ELI date_document).")
    effective_from: dt.date | None = Field(None, description="施行日期 (ELI first_date_entry_in_force).")
    effective_until: dt.date | None = Field(None, description="失效日期 (ELI date_no_longer_in_force).")
    implements: list[Id] = Field(default_factory=list, max_length=100, description="Pillar keys this document serves.")
    based_on: list[Id] = Field(
        default_factory=list,
        max_length=1000,
        description="Ids of the documents this one rests on (依据/落实; ELI `based_on`).",
    )
    responsible: list[Responsible] = Field(default_factory=list, max_length=200)
    source: Source = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Document:
        if self.effective_from and self.effective_until and self.effective_until < self.effective_from:
            raise ValueError("effective_until is before effective_from")
        return self


class PolicyFile(Strict):
    """One framework with its pillars, departments and documents."""

    format: Literal["policygraph/v1"]
    framework: Framework
    pillars: list[Pillar] = Field(default_factory=list)
    departments: list[Department] = Field(default_factory=list)
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
    """The JSON Schema of a policygraph/v1 file, as published in docs/."""
    schema = PolicyFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "policygraph/v1"
    schema["title"] = "policygraph/v1 interchange file"
    return schema
