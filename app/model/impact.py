"""What a change would touch: a dry run's answer, a document's impact, the critical documents."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from policygraph.model.api import Finding, Page
from policygraph.model.interchange import Role

Action = Literal["repeal", "amend"]


class AffectedDepartment(BaseModel):
    id: str
    name: str | None = None
    role: Role | None = None


class AffectedDocument(BaseModel):
    """A document the change reaches: the changed record itself (distance 0), or one resting on it."""

    id: str
    title: str | None = None
    tier: str | None = None
    status: str | None = None
    framework: str | None = None
    distance: int = Field(description="Links from the changed record (0: the record itself)")
    path: list[str] = Field(description="One shortest path, from this document to the changed record")
    departments: list[AffectedDepartment] = Field(description="Its responsible departments, lead first")
    pillars: list[str] = Field(description="Pillars it implements, itself or through its basis")
    suspect: bool = Field(False, description="Its links to a changed basis would become suspect")
    unanchored: bool = Field(False, description="The audit would newly report it unanchored (an orphan)")
    only_anchor: bool = Field(
        False,
        description="Every path from it to a guiding document passes through the changed document: "
        "it would lose its anchor were that document repealed or deleted",
    )
    deleted: bool = Field(False, description="The change deletes it")


class DepartmentWorklist(BaseModel):
    """A department to tell, with the affected documents it leads or shares."""

    id: str
    name: str | None = None
    lead: list[str]
    joint: list[str]


class PillarDocuments(BaseModel):
    key: str
    name: str | None = None
    documents: list[str]


class SuspectLink(BaseModel):
    document: str = Field(description="The dependent document")
    basis: str = Field(description="The changed document it is based on")
    reason: str | None = None


class AuditDelta(BaseModel):
    """The audit after the change against the audit before, over the frameworks it touches."""

    frameworks: list[str]
    checked: bool = Field(
        description="false when the registry is larger than POLICYGRAPH_DRY_RUN_AUDIT_DOCUMENTS: the delta was "
        "not computed (run the audit after the write); `detail` says so"
    )
    detail: str | None = None
    appear: list[Finding] = Field(description="Findings the change would add")
    disappear: list[Finding] = Field(description="Findings the change would clear")
    by_check: dict[str, int] = Field(description="Each check's total after minus before (non-zero only)")
    complete: bool = Field(
        description="false when a check has more findings than are compared one by one "
        "(MAX_COMPARED per check); its total in by_check stays exact"
    )


class Impact(BaseModel):
    """What a write would do, found by making it in a transaction that is then rolled back."""

    dry_run: bool = Field(True, description="Always true: nothing was written")
    change: int | None = Field(description="The change number the write would take; null: it would change nothing")
    writes: bool = Field(description="Whether the write would change anything")
    subject: str | None = Field(None, description="The record the write is about")
    total: int = Field(
        description="Documents affected (the changed ones and those resting on them); when `truncated`, at least "
        "this many (the larger of the counts before and after the write)"
    )
    distances: dict[int, int] = Field(description="How many affected documents at each distance (as `total`)")
    documents: list[AffectedDocument] = Field(description="The affected documents, nearest first (at most `limit`)")
    truncated: bool = Field(description="true when more documents are affected than listed")
    by_department: list[DepartmentWorklist] = Field(
        description="Departments to tell, most affected first (of the listed documents)"
    )
    by_pillar: list[PillarDocuments] = Field(
        description="Pillars whose documents are affected (of the listed documents)"
    )
    suspect: list[SuspectLink] = Field(description="Links that would become suspect")
    unanchored: list[str] = Field(description="Documents the audit would newly report unanchored")
    only_anchor: list[str] = Field(
        description="Documents anchored only through a changed document: every path from them to a guiding "
        "document passes through it"
    )
    audit: AuditDelta
    detail: str


class CriticalDocument(BaseModel):
    """A document ranked by what its loss would cost."""

    id: str
    title: str | None = None
    tier: str | None = None
    framework: str
    dependents: int = Field(description="Documents resting on it, transitively (basis or place)")
    only_anchor: int = Field(
        description="Documents for which it is on every path to a guiding document (it dominates their anchoring)"
    )
    pillars: list[str] = Field(description="Pillars implemented by it or by a document resting on it")


class Critical(Page[CriticalDocument]):
    """A page of a framework's documents, most critical first; `total`: every document ranked."""

    framework: str
