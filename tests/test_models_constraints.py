"""The database itself refuses invalid rows: check constraints, foreign keys, unique keys."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from data.models import Measure, Municipality, Program, State, Volunteer


@pytest.fixture
def base_rows(empty_db):
    with empty_db.session() as session:
        session.add(State(code="DE-SL", name="Saarland", participating=True))
        session.add(Program(code="p", name="Programm", short_name="P"))
        session.commit()
    return empty_db


def _commit(db, *rows):
    with db.session() as session:
        session.add_all(rows)
        session.commit()


def _program_id(db) -> int:
    with db.session() as session:
        return session.query(Program.id).scalar()


def test_valid_rows_are_stored(base_rows):
    _commit(
        base_rows, Municipality(ags="10041100", name="Heusweiler", kind="gemeinde", state_code="DE-SL", stage="aktiv")
    )


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(dict(kind="dorf"), id="unknown-kind"),
        pytest.param(dict(stage="begeistert"), id="unknown-stage"),
        pytest.param(dict(ags="123"), id="short-ags"),
        pytest.param(dict(joined_on=date(2024, 1, 2), left_on=date(2024, 1, 1)), id="left-before-join"),
        pytest.param(dict(state_code="DE-XX"), id="unknown-state"),
    ],
)
def test_invalid_municipality_is_rejected(base_rows, row):
    values = dict(ags="10041100", name="Heusweiler", kind="gemeinde", state_code="DE-SL", stage="aktiv") | row
    with pytest.raises(IntegrityError):
        _commit(base_rows, Municipality(**values))


def test_ags_is_unique(base_rows):
    _commit(base_rows, Municipality(ags="10041100", name="A", kind="gemeinde", state_code="DE-SL"))
    with pytest.raises(IntegrityError):
        _commit(base_rows, Municipality(ags="10041100", name="B", kind="gemeinde", state_code="DE-SL"))


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(dict(status="fertig"), id="unknown-status"),
        pytest.param(dict(progress_pct=101), id="progress-over-100"),
        pytest.param(dict(progress_pct=-1), id="progress-negative"),
        pytest.param(dict(co2_t_per_year=-0.5), id="negative-co2"),
        pytest.param(dict(cost_eur=-1), id="negative-cost"),
    ],
)
def test_invalid_measure_is_rejected(base_rows, row):
    values = dict(code="M-1", program_id=_program_id(base_rows), title="Test", sector="Energie", status="geplant") | row
    with pytest.raises(IntegrityError):
        _commit(base_rows, Measure(**values))


def test_volunteer_needs_an_existing_municipality(base_rows):
    with pytest.raises(IntegrityError):
        _commit(base_rows, Volunteer(code="KP-1", municipality_id=999, joined_on=date(2023, 1, 1)))
