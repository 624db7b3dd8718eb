"""The one write path for measures: validate, check the version, write, audit — in one transaction.

The grid (and later the detail page and imports) call :func:`update_measure`. Optimistic locking:
the UPDATE only matches the row while it still has the version the editor loaded, so of two
concurrent saves exactly one wins; the other gets a :class:`ConflictError` and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data import vocab
from data.commands.errors import ConflictError, NotFoundError, ValidationError
from data.commands.massnahmen_fields import as_text, parse_changes, same
from data.models import AuditEntry, Measure
from data.models.base import utcnow

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
    actor: str,
    measure_id: int,
    changes: dict[str, object],
    expected_version: int,
    source: str = "ui",
) -> MeasureUpdate:
    """Apply ``changes`` to one measure if it still has ``expected_version``; commit or change nothing."""
    if not actor or not actor.strip():
        raise ValidationError("Ohne Angabe, wer ändert, wird nichts gespeichert.")
    if source not in vocab.AUDIT_SOURCES:
        raise ValidationError(f"Unbekannte Quelle „{source}“.")
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise ValidationError("Die Version der Zeile fehlt; bitte die Seite neu laden.")
    parsed = parse_changes(changes)
    try:
        current = session.execute(
            select(Measure.version, Measure.updated_by, *[getattr(Measure, name) for name in parsed]).where(
                Measure.id == measure_id
            )
        ).one_or_none()
        if current is None:
            raise NotFoundError(f"Die Maßnahme Nr. {measure_id} gibt es nicht (mehr).")
        if current.version != expected_version:
            raise ConflictError(CONFLICT_MESSAGE.format(who=current.updated_by or "unbekannt"))
        changed = {name: value for name, value in parsed.items() if not same(getattr(current, name), value)}
        if not changed:
            session.rollback()
            return MeasureUpdate(measure_id, expected_version, {})
        now = utcnow()
        result = session.execute(
            update(Measure)
            .where(Measure.id == measure_id, Measure.version == expected_version)
            .values(**changed, version=Measure.version + 1, updated_at=now, updated_by=actor)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            latest = session.execute(select(Measure.updated_by).where(Measure.id == measure_id)).scalar_one_or_none()
            raise ConflictError(CONFLICT_MESSAGE.format(who=latest or "unbekannt"))
        audit = {name: (as_text(getattr(current, name)), as_text(value)) for name, value in changed.items()}
        session.add_all(
            AuditEntry(
                table_name="measures",
                row_id=measure_id,
                field=name,
                old_value=old,
                new_value=new,
                actor=actor,
                changed_at=now,
                source=source,
            )
            for name, (old, new) in audit.items()
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return MeasureUpdate(measure_id, expected_version + 1, audit)
