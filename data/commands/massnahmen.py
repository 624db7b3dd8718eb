"""The one write path for measures: validate, check the version, write, audit — in one transaction.

The grid (and later the detail page and imports) call :func:`update_measure`. Optimistic locking:
the UPDATE only matches the row while it still has the version the editor loaded, so of two
concurrent saves exactly one wins; the other gets a :class:`ConflictError` and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.commands.errors import ConflictError, NotFoundError
from data.commands.massnahmen_fields import as_text, parse_measure_changes, same
from data.commands.unit_of_work import Actor, Scope, UnitOfWork, require_version
from data.models import Measure

CONFLICT_MESSAGE = (
    "Diese Maßnahme wurde inzwischen geändert (von {who}). Ihre Änderung wurde nicht gespeichert; "
    "die Zeile zeigt jetzt den aktuellen Stand."
)


@dataclass(frozen=True)
class MeasureUpdate:
    """What a successful save did: the new version and each changed field as (old, new) text."""

    measure_id: int
    version: int
    changed: dict[str, tuple[str | None, str | None]]


def update_measure(
    session: Session,
    actor: Actor | None,
    measure_id: int,
    changes: dict[str, object],
    expected_version: int,
    source: str = "ui",
) -> MeasureUpdate:
    """Apply ``changes`` to one measure if it still has ``expected_version``; commit or change nothing."""
    with UnitOfWork(session, actor, source) as work:
        expected_version = require_version(expected_version)
        parsed = parse_measure_changes(changes)
        current = session.execute(
            select(
                Measure.version,
                Measure.updated_by,
                Measure.state_code,
                Measure.municipality_id,
                *[getattr(Measure, name) for name in parsed],
            ).where(Measure.id == measure_id)
        ).one_or_none()
        if current is None:
            raise NotFoundError(f"Die Maßnahme Nr. {measure_id} gibt es nicht (mehr).")
        work.authorise(Scope(current.state_code, current.municipality_id), "Maßnahmen")
        if current.version != expected_version:
            raise ConflictError(CONFLICT_MESSAGE.format(who=current.updated_by or "unbekannt"))
        changed = {name: value for name, value in parsed.items() if not same(getattr(current, name), value)}
        if not changed:
            return MeasureUpdate(measure_id, current.version, {})
        version = work.bump_version(
            Measure,
            measure_id,
            expected_version,
            CONFLICT_MESSAGE.format(who="jemand anderem"),
            **changed,
            updated_at=work.now,
            updated_by=work.actor_name,
        )
        audit = {name: (as_text(getattr(current, name)), as_text(value)) for name, value in changed.items()}
        for name, (old, new) in audit.items():
            work.audit("measures", measure_id, name, old, new)
    return MeasureUpdate(measure_id, version, audit)
