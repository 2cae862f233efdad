"""Request and response bodies of the write API and the change history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from policygraph.model.interchange import (
    Certainty,
    Department,
    Document,
    Id,
    Pillar,
    Reason,
    ShortText,
    Sources,
    Status,
    Strict,
    Text,
    Tier,
)

ShortTitle = ShortText


class DocumentCreate(Document):
    """An interchange-format document and the framework it joins."""

    framework: Id


# A link in a patch: a bare id (it then has the document's evidence) or the interchange form,
# with its own evidence. Validated with the merged document, so errors point into the patch.
LinkIn = Id | dict[str, Any]


class DocumentPatch(Strict):
    """Only the fields sent change; null clears an optional field. Each link list sent
    (`based_on`, `placed_under`, `implements`, `covers`, `responsible`, `amends`, `repeals`,
    `replaces`) replaces the document's links of that kind."""

    title: Text | None = None
    title_en: Text | None = None
    short_title: ShortTitle | None = None
    tier: Tier | None = None
    status: Status | None = None
    doc_number: Text | None = None
    issued_on: dt.date | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    sources: Sources | None = None
    certainty: Certainty | None = None
    reason: Reason = None
    implements: list[LinkIn] | None = Field(None, max_length=100)
    based_on: list[LinkIn] | None = Field(None, max_length=1000)
    placed_under: list[LinkIn] | None = Field(None, max_length=100)
    covers: list[LinkIn] | None = Field(None, max_length=100)
    responsible: list[dict[str, Any]] | None = Field(None, max_length=200)
    amends: list[LinkIn] | None = Field(None, max_length=100)
    repeals: list[LinkIn] | None = Field(None, max_length=100)
    replaces: list[LinkIn] | None = Field(None, max_length=100)


class PillarCreate(Pillar):
    framework: Id


class PillarPatch(Strict):
    name: Text | None = None
    name_en: Text | None = None
    order: int | None = Field(None, ge=1, le=1000)
    sources: Sources | None = None
    certainty: Certainty | None = None
    reason: Reason = None


class DepartmentCreate(Department):
    framework: Id


class DepartmentPatch(Strict):
    name: Text | None = None
    name_en: Text | None = None
    sources: Sources | None = None
    certainty: Certainty | None = None
    reason: Reason = None


REQUIRED = {
    "title",
    "tier",
    "status",
    "name",
    "order",
    "sources",
    "certainty",
}  # a patch may change these, never clear them


class Change(BaseModel):
    seq: int = Field(description="Position in the change feed (increasing).")
    at: dt.datetime
    actor: str = Field(description="The name of the write key that made the change.")
    action: str = Field(description="create, update, delete, review or import")
    kind: str = Field(description="document, pillar, department or framework")
    subject: str
    framework: str | None = None
    fields: list[str] = Field(default_factory=list, description="The fields that changed.")
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class ChangePage(BaseModel):
    items: list[Change]
    total: int


class ChangeFeed(BaseModel):
    items: list[Change]
    next_since: int = Field(description="Pass as `since` to read on from here.")


class Written(BaseModel):
    """What a delete or review did, and the change that records it."""

    change: int
    subject: str
    detail: str
    related: list[str] = Field(default_factory=list)
