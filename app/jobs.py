"""Jobs: an import too large for one request's deadline runs in the background.

`POST /api/v1/import` answers `202 Accepted` with `Location: /api/v1/jobs/{id}` for a body larger
than `POLICYGRAPH_IMPORT_JOB_BYTES`, or when the client sends `Prefer: respond-async`. The job
parses, checks and writes the file exactly as a request would (all or nothing, under the change
log's lock), with its own deadline (`POLICYGRAPH_JOB_DEADLINE`).

The truth of a job lives in the database, so any API instance can answer for it:

- its progress (phase, records done / total) is written every second or so (`beat`);
- its success is written inside the import's own transaction (`settle`), so a job says
  `succeeded` exactly when its data committed; a refusal (422, 409) is written after the
  rollback, with the body the request would have answered;
- a job whose instance stopped answering beats for `STALE` seconds is reported `abandoned`: its
  transaction ended with its connection, and since success is written with the data, nothing
  of it was written.

Jobs run one at a time in each instance (writes take the change log's lock one at a time anyway);
at most `POLICYGRAPH_JOB_QUEUE` wait or run, and past that an import is 503 with Retry-After.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from neo4j import AsyncManagedTransaction
from pydantic import BaseModel, Field

from policygraph import idempotency
from policygraph.admission import Busy
from policygraph.db import Graph, OutcomeUnknown
from policygraph.errors import Conflict
from policygraph.i18n import N_, _, gettext, render
from policygraph.queries import named
from policygraph.settings import Settings

CREATE = named("jobs/create")
BEAT = named("jobs/beat")
SETTLE = named("jobs/settle")
FIND = named("jobs/find")

BEAT_SECONDS = 1.0
STALE = 30  # seconds without a beat after which a queued or running job is abandoned
log = logging.getLogger("policygraph")

State = Literal["queued", "running", "succeeded", "failed", "abandoned"]


class JobView(BaseModel):
    """A job as `GET /api/v1/jobs/{id}` answers it."""

    id: str
    kind: Literal["import"]
    state: State = Field(description="queued, running, succeeded, failed (nothing written) or abandoned")
    phase: str = Field(description="queued, parsing, checking, writing or finished")
    done: int = Field(description="Records written so far (the writing phase)")
    total: int | None = Field(description="Records to write, once the file is checked")
    created_at: str
    started_at: str | None
    finished_at: str | None
    status: int | None = Field(description="The status the import answers: 200, or 422/409 with the body below")
    result: dict[str, Any] | None = Field(description="The import's answer: its counts, or its errors")
    change: int | None = Field(description="The change number the import committed as")
    detail: str


DETAILS: dict[str, str] = {
    "queued": N_("Waiting for the job before it in this instance; nothing written yet."),
    "running": N_("Running; nothing is written until it succeeds (all or nothing)."),
    "succeeded": N_("Committed: every record of the file is written."),
    "failed": N_("Refused; nothing was written. `result` says why."),
    "abandoned": N_("The instance running it stopped before it finished; nothing was written. Send the file again."),
}


def view(row: dict[str, Any]) -> JobView:
    state = row["state"]
    if state in ("queued", "running") and (row["silent_for"] or 0) > STALE:
        state = "abandoned"
    return JobView(
        id=row["id"],
        kind=row["kind"],
        state=state,
        phase=row["phase"],
        done=row["done"] or 0,
        total=row["total"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        status=row["status"],
        result=json.loads(row["body"]) if row["body"] else None,
        change=row["change"],
        detail=gettext(DETAILS[state]),
    )


async def find(graph: Graph, job_id: str) -> JobView | None:
    row = await graph.read_one(FIND, id=job_id)
    return view(row) if row else None


# ---- inside the import's transaction --------------------------------------------------------

current: contextvars.ContextVar[str | None] = contextvars.ContextVar("job", default=None)


async def settle(graph: Graph, tx: AsyncManagedTransaction, seq: int, body: str, written: int) -> None:
    """Write the running job's success (if this write is a job) in the write's own transaction:
    `written` records done of as many, whether or not a beat reported the writing phase."""
    job_id = current.get()
    if job_id is not None:
        await graph.run_in(tx, SETTLE, id=job_id, state="succeeded", status=200, body=body, seq=seq, written=written)


# ---- running jobs -----------------------------------------------------------------------------


@dataclass
class Progress:
    phase: str = "queued"
    done: int = 0
    total: int | None = None

    def writing(self, done: int, total: int) -> None:
        self.phase, self.done, self.total = "writing", done, total


Outcome = tuple[int, dict[str, Any]]  # the status and body a refusal answers
Work = Callable[[Graph, Progress], Awaitable[None]]
Accepted = TypeVar("Accepted", bound=BaseModel)
T = TypeVar("T")


@dataclass
class Jobs:
    """The jobs this instance runs: one at a time, at most `queue` waiting or running."""

    graph: Graph
    settings: Settings
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._turn = asyncio.Lock()
        # The job's own deadline, for its transaction and each call in it.
        self.long_graph = self.graph.with_deadline(self.settings.job_deadline)

    async def submit(self, actor: str, work: Work, answer: Callable[[str], Accepted]) -> Accepted:
        """Record a job and start it; `answer(id)` is what the request answers (202). `work(graph,
        progress)` runs it; a refusal it raises (`Refusal`) becomes the job's outcome. With an
        Idempotency-Key, the key is recorded with the job and that answer in one transaction: a
        retry finds this job and starts no other."""
        accepted = answer(job_id := str(uuid.uuid4()))
        if len(self.tasks) >= self.settings.job_queue:
            raise Busy(_("{count} import job(s) are waiting or running", count=self.settings.job_queue))

        async def create(tx: AsyncManagedTransaction) -> None:
            await self.graph.run_in(
                tx, CREATE, id=job_id, kind="import", actor=actor, hours=self.settings.idempotency_hours
            )
            await idempotency.claim_job(self.graph, tx, job_id, accepted.model_dump_json(), location(job_id))

        await self.graph.in_write_transaction(create)
        idempotency.pending.set(None)  # the key is the job's answer; the import itself claims none
        task = asyncio.create_task(self._run(job_id, work), name=f"job {job_id}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return accepted

    async def _run(self, job_id: str, work: Work) -> None:
        current.set(job_id)
        progress = Progress()
        beating = asyncio.create_task(self._beat(job_id, progress))
        try:
            async with self._turn:
                progress.phase = "parsing"
                outcome = await self._attempt(job_id, work, progress)
        finally:
            beating.cancel()
        if outcome is not None:
            await self._settle_refusal(job_id, *outcome)

    async def _attempt(self, job_id: str, work: Work, progress: Progress) -> Outcome | None:
        try:
            await work(self.long_graph, progress)
        except Refusal as exc:
            return exc.status, exc.body
        except Conflict as exc:
            return 409, exc.body()
        except OutcomeUnknown:
            log.warning("job %s: its commit was not confirmed; finding out whether it committed", job_id)
            return await self._resolve(job_id, progress)
        except asyncio.CancelledError:
            log.warning("job %s stopped with the service; its transaction rolled back", job_id)
            raise
        except Exception as exc:
            log.exception("job %s failed", job_id)
            reason = f"{type(exc).__name__}: {exc}"
            failed = _("The job failed before it committed ({reason}); nothing was written.", reason=reason)
            return 503, {"detail": render(failed)}
        return None

    async def _resolve(self, job_id: str, progress: Progress) -> Outcome | None:
        """After a commit that was not confirmed: wait until the database answers a beat. A beat
        locks the job's node, which the import's transaction held since it wrote its success there,
        so it runs only once that transaction has ended. Still running then means it rolled back."""
        if not await self._until_answered(job_id, "find out whether it committed", self._beat_once(job_id, progress)):
            return None  # it committed: the job says so already
        detail = _("The database did not confirm the commit, and it did not commit: nothing was written.")
        return 503, {"detail": render(detail)}

    async def _settle_refusal(self, job_id: str, status: int, body: dict[str, Any]) -> None:
        def write() -> Awaitable[list[dict[str, Any]]]:
            return self.graph.write(
                SETTLE, id=job_id, state="failed", status=status, body=json.dumps(body), seq=None, written=None
            )

        await self._until_answered(job_id, "record its refusal", write)

    async def _until_answered(self, job_id: str, doing: str, call: Callable[[], Awaitable[T]]) -> T:
        """`call()` again every 2 s until the database answers it (within the job's deadline)."""
        async with asyncio.timeout(self.settings.job_deadline):
            while True:
                try:
                    return await call()
                except Exception as exc:
                    log.warning("job %s: could not %s yet: %s", job_id, doing, exc)
                    await asyncio.sleep(2)

    def _beat_once(self, job_id: str, progress: Progress) -> Callable[[], Awaitable[list[dict[str, Any]]]]:
        """A beat: the job's state as running with its progress; no row once the job has finished."""
        return lambda: self.graph.write(BEAT, id=job_id, phase=progress.phase, done=progress.done, total=progress.total)

    async def _beat(self, job_id: str, progress: Progress) -> None:
        beat = self._beat_once(job_id, progress)
        while True:
            try:
                await beat()
            except Exception as exc:  # a lost beat costs nothing; the next one says the same
                log.debug("job %s: beat not written: %s", job_id, exc)
            await asyncio.sleep(BEAT_SECONDS)

    async def close(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


class Refusal(Exception):
    """A job's import refused: the status and body a request would have answered."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"refused ({status})")
        self.status, self.body = status, body


def location(job_id: str) -> str:
    return f"/api/v1/jobs/{job_id}"
