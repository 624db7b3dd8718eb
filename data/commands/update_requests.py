""" "Frage nach!": record that someone asked for a status update of a measure (audited)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from data.commands.errors import NotFoundError
from data.commands.fields import FieldSpec, Kind
from data.commands.unit_of_work import Actor, UnitOfWork
from data.models import Measure, UpdateRequest

MAX_MESSAGE_LENGTH = 1000
MESSAGE_FIELD = FieldSpec("message", "Nachricht", Kind.TEXT, max_length=MAX_MESSAGE_LENGTH, multiline=True)


def request_update(
    session: Session, actor: Actor | None, measure_id: int, message: object, *, source: str = "ui"
) -> int:
    """Store one update request and its audit row in one transaction; returns the request id."""
    with UnitOfWork(session, actor, source) as work:
        text = MESSAGE_FIELD.parse(message) or None
        measure = session.get(Measure, measure_id)
        if measure is None:
            raise NotFoundError(f"Die Maßnahme {measure_id} gibt es nicht (mehr).")
        work.authorise_signed_in()
        request = UpdateRequest(
            measure_id=measure_id,
            requested_by=work.actor_name,
            requested_by_user_id=actor.user_id,
            requested_at=work.now,
            message=text,
        )
        session.add(request)
        session.flush()
        work.audit(
            "update_requests", request.id, "message", None, text, comment=f"Frage nach! zu Maßnahme {measure_id}"
        )
    return request.id
