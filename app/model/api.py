"""Response models of the HTTP API."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from policygraph.errors import Problem
from policygraph.model.interchange import Certainty, Declared, Framework, Role, SourceRef, Status, Tier

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Items matching, before limit and offset.")


class FrameworkItem(Framework):
    model_config = ConfigDict(extra="ignore")


class Recorded(BaseModel):
    documents: int = Field(description="Documents recorded, whatever their tier.")
    issued: int = Field(description="Documents with status issued or amended (已出台).")
    supporting: int
    by_tier: dict[str, int]
    by_status: dict[str, int]
    topics: int = Field(0, description="Topics the scheme names (not documents: counted apart).")
    in_force_unknown: int | None = Field(
        None,
        description="With as_of: of the documents counted, those whose force that day a missing date leaves unknown.",
    )


class TierCount(BaseModel):
    """One declared count beside what is recorded. `unknown_membership`: recorded documents no
    source places (tier unknown) that could belong here, so the gap is a range: at least
    `missing_at_least`, at most `missing_at_most`."""

    measure: str = Field(examples=["supporting"])
    declared: int | None
    recorded: int
    unknown_membership: int
    missing_at_least: int | None
    missing_at_most: int | None


class ClaimCounts(BaseModel):
    stated: int
    inferred: int


class Certainties(BaseModel):
    """How many claims sources state and how many are inferred, for records and for links."""

    records: ClaimCounts
    links: ClaimCounts


class FrameworkStats(BaseModel):
    framework: FrameworkItem
    declared: Declared
    recorded: Recorded
    tiers: list[TierCount] = Field(description="Each declared count (documents, issued, guiding, base, supporting).")
    certainty: Certainties


class ImportRejected(BaseModel):
    detail: str
    errors: list[Problem] = Field(description="The first errors found (at most 100).")
    total: int | None = Field(None, description="How many errors there are in all.")


class JobAccepted(BaseModel):
    job: str = Field(description="The job's id")
    location: str = Field(description="Where to follow it: GET this path")
    detail: str


# ---- traversal and documents ------------------------------------------------------------


class Evidence(BaseModel):
    """A claim's evidence as stored: its sources, certainty and the reason of an inference."""

    certainty: Certainty | None = Field(None, description="stated (a source says it) or inferred (a reading).")
    reason: str | None = Field(None, description="Why it is inferred.")
    sources: list[SourceRef] = Field(default_factory=list)


class InForce(StrEnum):
    """Whether a document was in force on a day (ELI `in_force`): unknown when a date it needs is not recorded."""

    yes = "yes"
    no = "no"
    unknown = "unknown"


class DocumentItem(BaseModel):
    id: str = Field(examples=["km-base-party-building"])
    kind: Literal["document", "topic"] = Field(
        "document", description="document, or topic: a subject the scheme names for documents (no official title)."
    )
    title: str | None = Field(
        None, description="Official title (documents).", examples=["关于全面加强城市基层党建工作的意见"]
    )
    name: str | None = Field(None, description="The source's wording of a topic (topics).")
    title_en: str | None = None
    tier: Tier | None = Field(
        None, description="Documents: guiding, base, supporting, or unknown (no source places it)."
    )
    status: Status | None = Field(
        None, description="Repealed once a repeal has taken effect (by `as_of`, or today); else as recorded."
    )
    certainty: Certainty | None = Field(None, description="The record's own certainty.")
    in_force: InForce | None = Field(
        None, description="With as_of: whether it was in force that day (unknown when a date it needs is missing)."
    )


class TraversalItem(DocumentItem):
    distance: int = Field(
        ge=1, description="Shortest number of hops over BASED_ON, PLACED_UNDER and COVERS.", examples=[1]
    )
    certainty: Certainty | None = Field(
        None,
        description="stated when some chain reaches it whose links and records are all stated; inferred otherwise.",
    )
    relation: Literal["basis", "structure"] = Field(
        description="basis: a chain of BASED_ON links alone reaches it (what the documents themselves cite); "
        "structure: only through the framework's placements (PLACED_UNDER, COVERS)."
    )
    path: list[str] | None = Field(
        None,
        description="With paths=true: one shortest chain of ids, from the dependent document to the one it depends on.",
        examples=[["km-topic-whistle-and-report", "km-base-party-building"]],
    )


class SearchItem(DocumentItem):
    score: float | None = Field(None, description="Full-text relevance (only with q).")


class SearchPage(Page[SearchItem]):
    """Documents listed or found. With `q`, matches are ranked by relevance, then tier (guiding,
    base, supporting, unknown), then id, and counted only as far as the first 1,000
    (POLICYGRAPH_SEARCH_COUNTED) or as far as the page asked for reaches: `total` is exact when
    `total_exact` is true; otherwise more than `total` documents match, and narrower words or a
    filter find the rest. Past the count, equal scores keep the index's order."""

    total_exact: bool = Field(
        True, description="False: more than `total` documents match (a search counts at most 1,000, or to its page)."
    )


class PillarRef(BaseModel):
    key: str = Field(examples=["party-leadership"])
    name: str = Field(examples=["党委领导"])
    name_en: str | None = None
    order: int


class LinkedPillar(PillarRef, Evidence):
    """A pillar a document implements, with the link's evidence."""


class LinkedDocument(DocumentItem, Evidence):
    """A document at the far end of a link, with the link's evidence (`certainty` is the link's)."""


class ChangeItem(LinkedDocument):
    """A change one document makes to another (AMENDS, REPEALS, REPLACES), with its day and evidence."""

    change: Literal["AMENDS", "REPEALS", "REPLACES"]
    effective_on: dt.date | None = Field(None, description="The day it takes effect (null: not recorded).")


class DocNumberParts(BaseModel):
    """A 发文字号 read in the form GB/T 9704-2012 fixes."""

    normalized: str = Field(examples=["昆组通〔2019〕80号"])
    issuer: str = Field(description="机关代字", examples=["昆组通"])
    year: int = Field(examples=[2019])
    seq: int = Field(description="发文顺序号", examples=[80])


class Period(BaseModel):
    """The span of years a title names, e.g. （2018—2035年）."""

    start: int
    end: int


class LinkedTopic(Evidence):
    id: str
    name: str


class ResponsibleDepartment(Evidence):
    id: str
    name: str
    name_en: str | None = None
    role: Role


class PillarItem(PillarRef):
    framework: str | None = None
    base_document: DocumentItem | None = Field(
        description="The :BaseDocument implementing the pillar, or null when none is recorded."
    )
    base_documents: list[DocumentItem] = Field(
        description="All base documents (more than one is a defect the audit reports)."
    )


class PillarDependents(BaseModel):
    pillar: PillarRef
    base_document: DocumentItem | None
    items: list[TraversalItem]
    total: int


class DocumentDetail(DocumentItem, Evidence):
    short_title: str | None = None
    doc_number: str | None = None
    issued_on: dt.date | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    framework: str | None = None
    pillars: list[LinkedPillar] = Field(description="The pillars it serves (IMPLEMENTS), each link with its evidence.")
    based_on: list[LinkedDocument] = Field(description="Its own basis: direct BASED_ON links, with their evidence.")
    placed_under: list[LinkedDocument] = Field(
        description="Structure: where the framework's scheme places it (PLACED_UNDER), with the evidence."
    )
    covers: list[LinkedTopic] = Field(description="Topics it stands for (COVERS), with the evidence.")
    dependents_count: int = Field(description="Records depending on this one, transitively (basis and structure).")
    responsible: list[ResponsibleDepartment]
    amends: list[ChangeItem] = Field(default_factory=list, description="Documents it amends (AMENDS).")
    repeals: list[ChangeItem] = Field(default_factory=list, description="Documents it repeals (REPEALS).")
    replaces: list[ChangeItem] = Field(default_factory=list, description="Documents it replaces (REPLACES).")
    changed_by: list[ChangeItem] = Field(
        default_factory=list, description="The changes other documents make to it, by the day they take effect."
    )
    recorded_status: Status | None = Field(
        None, description="The status as recorded; `status` is repealed once a repeal has taken effect."
    )
    in_force: InForce | None = Field(None, description="Whether it is in force today.")
    doc_number_parts: DocNumberParts | None = Field(
        None, description="The 发文字号 parsed; null when there is none or it does not fit the form (the audit says)."
    )
    period: Period | None = Field(None, description="The span of years its title names.")
    provisional: bool = Field(False, description="Its title marks it provisional (试行, 暂行).")


class Lineage(BaseModel):
    document: DocumentItem
    ancestors: list[TraversalItem]
    pillars: list[PillarRef] = Field(description="Pillars implemented by the document or any ancestor reached.")
    guiding: list[TraversalItem] = Field(description="Guiding documents among the ancestors.")


class Dependents(BaseModel):
    document: DocumentItem
    items: list[TraversalItem]
    total: int


class DepartmentItem(BaseModel):
    id: str
    name: str
    name_en: str | None = None
    framework: str | None = None
    documents: int = Field(description="Documents it is responsible for.")
    lead: int = Field(description="Of those, where it leads.")


class DepartmentDocument(DocumentItem):
    role: Role


class DepartmentRef(BaseModel):
    id: str
    name: str
    name_en: str | None = None
    framework: str | None = None


class DepartmentDocuments(BaseModel):
    department: DepartmentRef
    items: list[DepartmentDocument]
    total: int


class GraphNode(BaseModel):
    id: str
    kind: str = Field(description="document, topic, pillar or department")
    label: str
    tier: Tier | None = None
    certainty: Certainty | None = None
    status: Status | None = None
    in_force: InForce | None = Field(None, description="With as_of: whether the document was in force that day.")
    distance: int


class GraphEdge(BaseModel):
    source: str
    target: str
    type: str = Field(
        description="BASED_ON, PLACED_UNDER, COVERS, IMPLEMENTS, RESPONSIBLE_FOR, AMENDS, REPEALS or REPLACES"
    )
    role: Role | None = None
    certainty: Certainty | None = None
    effective_on: dt.date | None = Field(None, description="AMENDS, REPEALS, REPLACES: the day it takes effect.")


class GraphView(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = Field(description="True when more nodes lay within the depth than `limit`.")


# ---- audit ------------------------------------------------------------------------------


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        """error 2, warning 1, info 0: a finding counts against a threshold when rank >= its rank."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class Finding(BaseModel):
    check: str = Field(examples=["unanchored"])
    severity: Severity
    subject: str = Field(
        description="The document id (a cycle: its first member); for pillar, department and framework "
        "checks, the pillar key, department id or framework id.",
        examples=["km-base-party-building"],
    )
    subject_type: str = Field(description="document, topic, pillar, department or framework")
    framework: str | None = None
    title: str | None = Field(None, description="The subject's title (or name).")
    message: str = Field(description="What is wrong and what to do about it, in the answer's language.")
    message_code: str | None = Field(
        None,
        description="Which message this is (one per check, or a few variants): stable across languages.",
        examples=["unanchored-untied"],
    )
    related: list[str] = Field(
        default_factory=list, description="Ids the finding involves: bases, cycle members, departments."
    )


class CheckSummary(BaseModel):
    code: str
    severity: Severity
    description: str = Field(description="What the check looks for, in the answer's language.")
    findings: int = Field(description="Findings of this check (all of them, before `limit`).")
    shown: int = Field(description="Findings listed in this answer (at most `limit`).")


class AuditSummary(BaseModel):
    frameworks: list[str]
    generated_at: dt.datetime
    total: int = Field(description="All findings, before `limit`.")
    by_severity: dict[Severity, int]
    by_check: dict[str, int]
    checks: list[CheckSummary]
    truncated: bool = Field(description="True when some check had more findings than `limit`.")


class Audit(BaseModel):
    summary: AuditSummary
    findings: list[Finding]


class OrphanItem(DocumentItem):
    framework: str | None = None
    based_on: list[str] = Field(description="Its direct bases, none of which leads to a guiding document.")
    placed_under: list[str] = Field(
        default_factory=list, description="Where the scheme places it; none of these leads to a guiding document."
    )


# ---- error bodies (documented so clients and the fuzzer know every answer) -------------------


class Message(BaseModel):
    detail: str


class ConflictBody(BaseModel):
    detail: str
    cycle: list[str] | None = Field(None, description="The cycle the edit would close, as a path of ids.")
    dependents: list[str] | None = Field(None, description="The documents resting on what would be deleted.")
    records: list[str] | None = Field(None, description="A replace: the records it would drop that others rest on.")


class ParameterErrors(BaseModel):
    """FastAPI's answer to a malformed parameter or body: one entry per problem."""

    detail: list[dict[str, Any]]


Unprocessable = ImportRejected | ParameterErrors


# ---- time: timelines and diffs ------------------------------------------------------------


class TimelineEvent(BaseModel):
    on: dt.date | None = Field(description="The day (null: the record does not say; listed last).")
    event: Literal[
        "issued",
        "in_force",
        "amends",
        "repeals",
        "replaces",
        "amended",
        "repealed",
        "replaced",
        "ends",
        "edited",
    ] = Field(
        description="issued (issued_on), in_force (effective_from), ends (the last day in force: effective_until); "
        "amends/repeals/replaces: what this document does to another; amended/repealed/replaced: what another "
        "does to it; edited: a recorded edit through the API (the change log)."
    )
    document: str | None = Field(None, description="The other document of a change.")
    title: str | None = None
    change: int | None = Field(None, description="edited: the change number.")
    action: str | None = Field(None, description="edited: create, update, delete or review.")
    fields: list[str] = Field(default_factory=list, description="edited: the fields that changed.")
    actor: str | None = None


class Timeline(BaseModel):
    document: DocumentItem
    events: list[TimelineEvent] = Field(description="In date order; events without a day last.")
    edits_total: int = Field(description="Recorded edits in all (at most 500 are listed).")


class DiffDocument(BaseModel):
    id: str
    title: str | None = None
    framework: str | None = None
    status_from: Status | None = Field(None, description="Dates: the status on `from`.")
    status_to: Status | None = Field(None, description="Dates: the status on `to`.")
    amended_by: list[str] = Field(default_factory=list, description="Dates: amended in between, by these.")
    fields: list[str] = Field(default_factory=list, description="Change numbers: the fields that changed.")
    changes: list[int] = Field(default_factory=list, description="Change numbers: the changes that touched it.")


class DiffLink(BaseModel):
    source: str
    target: str
    type: str = Field(
        description="BASED_ON, PLACED_UNDER, COVERS, IMPLEMENTS, RESPONSIBLE_FOR, AMENDS, REPEALS, REPLACES"
    )
    framework: str | None = None


class DiffDocuments(BaseModel):
    added: list[DiffDocument]
    removed: list[DiffDocument]
    changed: list[DiffDocument]
    added_total: int
    removed_total: int
    changed_total: int


class DiffLinks(BaseModel):
    added: list[DiffLink]
    removed: list[DiffLink]
    added_total: int
    removed_total: int


class Diff(BaseModel):
    by: Literal["date", "change"] = Field(
        description="date: the register as it stood on each day (as_of); change: the recorded changes between "
        "two change numbers."
    )
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    framework: str | None = None
    documents: DiffDocuments
    links: DiffLinks
    imports: list[int] = Field(
        default_factory=list,
        description="Change numbers: imports in the interval. An import is recorded whole (one change per file), "
        "so the documents it changed are not listed one by one; compare exports, or diff by dates.",
    )


class CleanupItem(BaseModel):
    """One line of the clean-up worklist (清理): a document, a department responsible for it, and
    what to do with it."""

    department: str
    department_name: str | None = None
    role: Role | None = None
    framework: str | None = None
    id: str
    title: str | None = None
    doc_number: str | None = None
    status: Status | None = None
    issued_on: dt.date | None = None
    effective_until: dt.date | None = None
    action: Literal["keep", "amend", "repeal"] = Field(
        description="repeal: its term is over; amend: its basis changed or its end is near; keep: neither."
    )
    reasons: list[str] = Field(
        description="expired, provisional-overdue, period-ended (repeal); basis-repealed, basis-amended, "
        "expiring, suspect (amend)."
    )
    why: str = Field(description="The reasons in words (zh-CN).")
