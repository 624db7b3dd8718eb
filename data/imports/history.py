"""Import runs as history and as the job table the import page polls: who, when, which file, counts,
progress, the row report, and the audited changes a run made.

Progress is written in short transactions of its own while the file is read and checked; while the one
import transaction writes, the run says so (``laeuft``) and shows the final counts once it committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from data.imports.planning import CHANGED, NEW, UNCHANGED, Plan
from data.models import AuditEntry, ImportRun
from data.models.base import utcnow
from data.permissions import Actor

MAX_REPORT_CHARS = 2_000_000  # a report of every row of a 200 000-row file stays well below this


@dataclass(frozen=True)
class RunSummary:
    id: int
    entity: str
    file_name: str
    actor: str
    user_id: int | None
    created_at: datetime
    finished_at: datetime | None
    status: str
    rows_total: int
    rows_done: int
    new_count: int
    changed_count: int
    unchanged_count: int
    error_count: int
    conflict_count: int
    message: str | None
    has_content: bool
    audited: int = 0


_SUMMARY_COLUMNS = [
    ImportRun.id,
    ImportRun.entity,
    ImportRun.file_name,
    ImportRun.actor,
    ImportRun.user_id,
    ImportRun.created_at,
    ImportRun.finished_at,
    ImportRun.status,
    ImportRun.rows_total,
    ImportRun.rows_done,
    ImportRun.new_count,
    ImportRun.changed_count,
    ImportRun.unchanged_count,
    ImportRun.error_count,
    ImportRun.conflict_count,
    ImportRun.message,
    (ImportRun.content.is_not(None)).label("has_content"),
]


def start_run(
    session: Session, actor: Actor, entity: str, file_name: str, content: bytes | None, sheet: str | None = None
) -> int:
    """A new run; a person's earlier previews that were never confirmed are discarded (their files dropped)."""
    if content is not None and actor.user_id is not None:
        session.execute(
            update(ImportRun)
            .where(ImportRun.user_id == actor.user_id, ImportRun.status == "vorschau")
            .values(status="verworfen", content=None, finished_at=utcnow())
        )
    run = ImportRun(
        entity=entity,
        file_name=file_name[:255],
        sheet=(sheet or None) and sheet[:120],
        actor=actor.name.strip()[:120],
        user_id=actor.user_id,
        status="pruefung",
        rows_total=0,
        rows_done=0,
        new_count=0,
        changed_count=0,
        unchanged_count=0,
        error_count=0,
        conflict_count=0,
        content=content,
    )
    session.add(run)
    session.commit()
    return run.id


def set_progress(session: Session, run_id: int, done: int, total: int, status: str | None = None) -> None:
    values: dict[str, object] = {"rows_done": done, "rows_total": total}
    if status:
        values["status"] = status
    session.execute(update(ImportRun).where(ImportRun.id == run_id).values(**values))
    session.commit()


def record_plan(
    session: Session, run_id: int, plan: Plan | None, status: str, message: str | None, *, keep_content: bool = False
) -> None:
    """The run's result: counts and row report from ``plan`` (None for a refused file), its status, a message."""
    values: dict[str, object] = {"status": status, "message": (message or "")[:1000] or None}
    if plan is not None:
        counts = plan.counts
        report = plan.report_csv()
        values.update(
            rows_total=plan.rows_total,
            rows_done=plan.rows_total,
            new_count=counts[NEW],
            changed_count=counts[CHANGED],
            unchanged_count=counts[UNCHANGED],
            error_count=counts["fehlerhaft"],
            conflict_count=counts["Konflikte"],
            report=report if len(report) <= MAX_REPORT_CHARS else report[:MAX_REPORT_CHARS],
        )
    if status != "vorschau":
        values["finished_at"] = utcnow()
    if not keep_content:
        values["content"] = None
    session.execute(update(ImportRun).where(ImportRun.id == run_id).values(**values))
    session.commit()


def run_summary(session: Session, run_id: int) -> RunSummary | None:
    record = session.execute(select(*_SUMMARY_COLUMNS).where(ImportRun.id == run_id)).mappings().one_or_none()
    if record is None:
        return None
    audited = session.scalar(select(func.count()).where(AuditEntry.import_run_id == run_id)) or 0
    return RunSummary(**record, audited=audited)


def run_content(session: Session, run_id: int) -> tuple[bytes | None, str, str, str | None]:
    """(file content, file name, entity, sheet) of a run waiting for confirmation."""
    record = session.execute(
        select(ImportRun.content, ImportRun.file_name, ImportRun.entity, ImportRun.sheet).where(ImportRun.id == run_id)
    ).one()
    return record.content, record.file_name, record.entity, record.sheet


def run_report(session: Session, run_id: int) -> str | None:
    return session.scalar(select(ImportRun.report).where(ImportRun.id == run_id))


SEE_ALL_RUNS = frozenset({"admin", "koordination"})


def may_see(actor: Actor | None, run: RunSummary) -> bool:
    """A run's file name, counts and row report (which quotes the file) are for the person who uploaded it
    and for the roles that see every state's data changes anyway."""
    return actor is not None and (
        actor.role in SEE_ALL_RUNS or (run.user_id is not None and run.user_id == actor.user_id)
    )


def recent_runs(session: Session, actor: Actor | None, limit: int = 50) -> list[RunSummary]:
    """The newest runs the person may see (:func:`may_see`)."""
    statement = select(*_SUMMARY_COLUMNS).order_by(ImportRun.created_at.desc(), ImportRun.id.desc()).limit(limit)
    if actor is None or actor.role not in SEE_ALL_RUNS:
        statement = statement.where(ImportRun.user_id == (actor.user_id if actor else None))
    return [RunSummary(**record) for record in session.execute(statement).mappings()]


def audited_changes(session: Session, run_id: int, limit: int = 500) -> pd.DataFrame:
    """The audit rows an import wrote (newest import's changes in the order written)."""
    statement = (
        select(
            AuditEntry.table_name,
            AuditEntry.row_id,
            AuditEntry.field,
            AuditEntry.old_value,
            AuditEntry.new_value,
            AuditEntry.actor,
            AuditEntry.changed_at,
        )
        .where(AuditEntry.import_run_id == run_id)
        .order_by(AuditEntry.id)
        .limit(limit)
    )
    return pd.DataFrame(session.execute(statement).all(), columns=[c.name for c in statement.selected_columns])


def run_exists(session: Session, key: str) -> bool:
    """For the route ``/import/<id>``: does that import run exist?"""
    return key.isdigit() and int(key) < 2**31 and session.get(ImportRun, int(key)) is not None


STALE_AFTER = timedelta(hours=1)
INTERRUPTED = "Der Import wurde unterbrochen (der Server wurde neu gestartet); nichts wurde gespeichert."


def close_if_stale(session: Session, run: RunSummary) -> bool:
    """A run still "being checked/imported" an hour after its upload lost its worker (a restart): its
    transaction was rolled back, so it is closed as failed. True when it was closed."""
    if run.status not in ("pruefung", "laeuft") or utcnow() - _aware(run.created_at) < STALE_AFTER:
        return False
    record_plan(session, run.id, None, "fehlgeschlagen", INTERRUPTED)
    return True


def close_if_stale_id(session: Session, run_id: int) -> None:
    run = run_summary(session, run_id)
    if run is not None and close_if_stale(session, run):
        session.commit()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
