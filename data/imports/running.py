"""Running an import: read → plan → (unless refused or a dry run) write everything in one transaction.

The caller owns the transaction through one :class:`UnitOfWork` (source "Import"): every row's write and
its audit rows — naming the person, the file and the import run — are committed together, or, if anything
fails, nothing is. The import first re-plans against the current data, so a record changed between
preview and confirmation is a conflict, not overwritten.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from data.commands.errors import ValidationError
from data.commands.unit_of_work import UnitOfWork
from data.imports.attendance import AttendanceImport
from data.imports.measures import MeasuresImport
from data.imports.municipalities import MunicipalitiesImport
from data.imports.planning import Entity, Plan, Progress, build_plan
from data.imports.reading import Limits, read_table
from data.imports.volunteers import VolunteersImport
from data.models import AuditEntry
from data.permissions import Actor, check_signed_in

ENTITIES: dict[str, Entity] = {
    entity.key: entity for entity in (MeasuresImport(), MunicipalitiesImport(), VolunteersImport(), AttendanceImport())
}
AUDIT_BATCH = 5000
# After this many written rows PostgreSQL's statistics of the table are renewed in the same transaction:
# a large import multiplies the table, and until autovacuum catches up the planner would plan the next
# lookups (a re-import, the overview) for the old, small table — scans instead of index probes.
ANALYZE_AFTER_ROWS = 10_000


def entity_for(key: object) -> Entity:
    if not isinstance(key, str) or key not in ENTITIES:
        raise ValidationError(
            "Bitte wählen, was importiert wird: Maßnahmen, Kommunen, Klimaschutzpat:innen oder Anwesenheit."
        )
    return ENTITIES[key]


def plan_file(
    session: Session,
    actor: Actor | None,
    content: bytes,
    file_name: str,
    entity_key: str,
    *,
    sheet: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> Plan:
    """The preview: what importing the file would do (nothing is written). Raises FileRefused for unusable files."""
    entity = entity_for(entity_key)
    table = read_table(content, file_name, limits or Limits.from_env(), sheet)
    return build_plan(session, actor, table, entity, progress)


def import_file(
    session: Session,
    actor: Actor | None,
    content: bytes,
    file_name: str,
    entity_key: str,
    *,
    dry_run: bool = False,
    sheet: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
    run_id: int | None = None,
    before_write: Callable[[Plan], None] | None = None,
) -> Plan:
    """Plan the file and, if the plan is clean and this is no dry run, write it all in one transaction."""
    check_signed_in(actor)
    plan = plan_file(session, actor, content, file_name, entity_key, sheet=sheet, limits=limits, progress=progress)
    if dry_run or not plan.ok or not plan.writes:
        session.rollback()
        return plan
    if before_write:
        before_write(plan)
    write_plan(session, actor, plan, file_name, run_id)
    return plan


def write_plan(session: Session, actor: Actor | None, plan: Plan, file_name: str, run_id: int | None) -> None:
    entity = ENTITIES[plan.entity]
    pending: list[dict] = []
    comment = f"Import: {file_name}"[:500]
    with UnitOfWork(session, actor, "import") as work:
        for scope in {scope for action in plan.writes for scope in action.scopes}:
            work.authorise(scope, entity.label)

        def audit(table: str, row_id: int, field: str, old: str | None, new: str | None) -> None:
            pending.append(
                {
                    "table_name": table,
                    "row_id": row_id,
                    "field": field,
                    "old_value": old,
                    "new_value": new,
                    "actor": work.actor_name,
                    "user_id": work.actor.user_id,
                    "changed_at": work.now,
                    "source": work.source,
                    "comment": comment,
                    "import_run_id": run_id,
                }
            )
            if len(pending) >= AUDIT_BATCH:
                _flush(session, pending)

        entity.apply(work, plan.writes, audit)
        _flush(session, pending)
        if len(plan.writes) >= ANALYZE_AFTER_ROWS and session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"ANALYZE {entity.table}, audit_log"))


def _flush(session: Session, pending: list[dict]) -> None:
    if pending:
        session.execute(insert(AuditEntry), pending)
        pending.clear()
