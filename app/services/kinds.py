"""The registry of record kinds: each kind's label, key field, interchange model, section of the
file and the queries that read, write and delete it. Code passes a `Kind`, never its name as a
string; the name appears only where people read it (paths, messages, the change log)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from policygraph.model.interchange import Department, Document, Pillar, Topic
from policygraph.queries import named
from policygraph.services import records

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class Kind(Generic[R]):
    """A kind of record in a framework file (and a node label in the graph)."""

    name: str  # "pillar": in error paths, messages and the change log
    label: str  # the node label
    key: str  # the field that identifies one ("key" for pillars, "id" otherwise)
    section: str  # the file's list of them ("pillars")
    model: type[R]
    write: str  # query: create or replace rows of full property maps (import/*)


@dataclass(frozen=True)
class Editable(Kind[R]):
    """A kind the API edits one record at a time."""

    state: str = ""  # query: one record as stored
    delete: str = ""  # query: delete one, with its links
    referrers: str = ""  # query: the ids of the records that rest on one
    rests_on_it: str = ""  # "is implemented by": how a refused delete names its dependents
    props: Callable[[Any, str], dict[str, Any]] | None = None  # record, framework -> node properties


DOCUMENT: Editable[Document] = Editable(
    "document",
    "Document",
    "id",
    "documents",
    Document,
    named("import/documents"),
    state=named("write/document_state"),
    delete=named("kinds/document/delete"),
    referrers=named("kinds/document/referrers"),
    rests_on_it="is the basis of",
)
PILLAR: Editable[Pillar] = Editable(
    "pillar",
    "Pillar",
    "key",
    "pillars",
    Pillar,
    named("import/pillars"),
    state=named("kinds/pillar/state"),
    delete=named("kinds/pillar/delete"),
    referrers=named("kinds/pillar/referrers"),
    rests_on_it="is implemented by",
    props=records.pillar_props,
)
DEPARTMENT: Editable[Department] = Editable(
    "department",
    "Department",
    "id",
    "departments",
    Department,
    named("import/departments"),
    state=named("kinds/department/state"),
    delete=named("kinds/department/delete"),
    referrers=named("kinds/department/referrers"),
    rests_on_it="is responsible for",
    props=records.department_props,
)
TOPIC: Kind[Topic] = Kind("topic", "Topic", "id", "topics", Topic, named("import/topics"))

# In the order a file's records are checked (what links point at comes first).
RECORDS: tuple[Kind[Any], ...] = (PILLAR, DEPARTMENT, TOPIC, DOCUMENT)
BY_SECTION = {kind.section: kind for kind in RECORDS}
BY_NAME = {kind.name: kind for kind in RECORDS}
