"""Does the row a page path names exist? Cheap checks that decide a page's HTTP status."""

from __future__ import annotations

from sqlalchemy import literal, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from data.ids import parse_row_id, parse_state_code
from data.models import Cohort, Measure, State


def _exists(session: Session, key_column: InstrumentedAttribute, key: object | None) -> bool:
    if key is None:
        return False
    return session.execute(select(literal(1)).where(key_column == key).limit(1)).first() is not None


def measure_exists(session: Session, raw_id: object) -> bool:
    return _exists(session, Measure.id, parse_row_id(raw_id))


def cohort_exists(session: Session, raw_id: object) -> bool:
    return _exists(session, Cohort.id, parse_row_id(raw_id))


def state_exists(session: Session, raw_code: object) -> bool:
    return _exists(session, State.code, parse_state_code(raw_code))
