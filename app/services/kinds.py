"""The registry of record kinds: each kind's label, key field, interchange model, section of the
file and the queries that read, write and delete it. Code passes a `Kind`, never its name as a
string; the name appears only where people read it (paths, messages, the change log)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from policygraph.i18n import N_
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
    rests_on_it: str = ""  # a message: how a refused delete names its dependents
    props: Callable[[Any, str], dict[str, Any]] | None = None  # record, framework -> node properties


def _editable(
    name: str,
    label: str,
    key: str,
    model: type[R],
    rests_on_it: str,
    props: Callable[[Any, str], dict[str, Any]] | None = None,
    state: str | None = None,
) -> Editable[R]:
    """An editable kind whose queries follow the layout: `import/<section>`, `kinds/<name>/*`."""
    section = f"{name}s"
    return Editable(
        name,
        label,
        key,
        section,
        model,
        named(f"import/{section}"),
        state=state or named(f"kinds/{name}/state"),
        delete=named(f"kinds/{name}/delete"),
        referrers=named(f"kinds/{name}/referrers"),
        rests_on_it=rests_on_it,
        props=props,
    )


# A document's state is read with its links (it is compared and versioned whole).
DOCUMENT = _editable(
    "document",
    "Document",
    "id",
    Document,
    N_(
        "{kind} {key!r} is the basis of, or is changed by, {count} document(s): {ids}. "
        "Change them first, or delete with force=true."
    ),
    state=named("write/document_state"),
)
PILLAR = _editable(
    "pillar",
    "Pillar",
    "key",
    Pillar,
    N_("{kind} {key!r} is implemented by {count} document(s): {ids}. Change them first, or delete with force=true."),
    records.pillar_props,
)
DEPARTMENT = _editable(
    "department",
    "Department",
    "id",
    Department,
    N_("{kind} {key!r} is responsible for {count} document(s): {ids}. Change them first, or delete with force=true."),
    records.department_props,
)
TOPIC: Kind[Topic] = Kind("topic", "Topic", "id", "topics", Topic, named("import/topics"))

# In the order a file's records are checked (what links point at comes first).
RECORDS: tuple[Kind[Any], ...] = (PILLAR, DEPARTMENT, TOPIC, DOCUMENT)
BY_SECTION = {kind.section: kind for kind in RECORDS}
BY_NAME = {kind.name: kind for kind in RECORDS}
EDITABLE: tuple[Editable[Any], ...] = (DOCUMENT, PILLAR, DEPARTMENT)  # the order of changelog.Touched's fields
