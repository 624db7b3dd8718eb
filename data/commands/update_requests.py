""" "Frage nach!": record that someone asked for a status update of a measure (audited)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from data.commands.errors import NotFoundError, ValidationError
from data.models import AuditEntry, Measure, UpdateRequest
from data.models.base import utcnow

MAX_MESSAGE_LENGTH = 1000
MAX_ACTOR_LENGTH = 120


def request_update(
    session: Session,
    actor: str,
    measure_id: int,
    message: str | None,
    *,
    now: datetime | None = None,
    source: str = "ui",
) -> int:
    """Store one update request and its audit row in one transaction; returns the request id."""
    actor = (actor or "").strip()
    text = (message or "").strip() or None
    if not actor or len(actor) > MAX_ACTOR_LENGTH:
        raise ValidationError(f"Bitte einen Namen mit 1 bis {MAX_ACTOR_LENGTH} Zeichen angeben.")
    if text is not None and len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(f"Die Nachricht ist zu lang ({len(text)} Zeichen, höchstens {MAX_MESSAGE_LENGTH}).")
    try:
        if session.get(Measure, measure_id) is None:
            raise NotFoundError(f"Die Maßnahme {measure_id} gibt es nicht (mehr).")
        moment = now or utcnow()
        request = UpdateRequest(measure_id=measure_id, requested_by=actor, requested_at=moment, message=text)
        session.add(request)
        session.flush()
        session.add(
            AuditEntry(
                table_name="update_requests",
                row_id=request.id,
                field="message",
                old_value=None,
                new_value=text,
                actor=actor,
                changed_at=moment,
                source=source,
                comment=f"Frage nach! zu Maßnahme {measure_id}",
            )
        )
        session.commit()
        return request.id
    except Exception:
        session.rollback()
        raise
