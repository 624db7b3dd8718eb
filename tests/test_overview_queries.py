"""Übersicht queries against hand-computed values on a tiny fixture."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from data.models import AuditEntry, Cohort, Enrollment, Measure, Municipality, Participant, Program, State, Volunteer
from data.queries.changes import latest_changes
from data.queries.overview import monthly_progress, program_kpis


@pytest.fixture
def tiny(empty_db):
    """Two municipalities (one leaves), three volunteers (one leaves), four projects, two cohorts."""
    with empty_db.session() as s:
        s.add(State(code="DE-SL", name="Saarland", participating=True))
        program = Program(
            code="klikks", name="KlikKS", short_name="KlikKS", starts_on=date(2024, 1, 1), ends_on=date(2024, 6, 30)
        )
        other = Program(code="andere", name="Anderes Programm", short_name="Andere")
        s.add_all([program, other])
        a = Municipality(name="A-Dorf", kind="gemeinde", state_code="DE-SL", stage="aktiv", joined_on=date(2024, 1, 10))
        b = Municipality(
            name="B-Dorf",
            kind="gemeinde",
            state_code="DE-SL",
            stage="ausgeschieden",
            joined_on=date(2024, 2, 5),
            left_on=date(2024, 4, 20),
        )
        never = Municipality(name="C-Dorf", kind="gemeinde", state_code="DE-SL", stage="angesprochen")
        s.add_all([a, b, never])
        s.add_all(
            [
                Volunteer(code="V1", municipality=a, joined_on=date(2024, 1, 15)),
                Volunteer(code="V2", municipality=a, joined_on=date(2024, 3, 1), left_on=date(2024, 5, 31)),
                Volunteer(code="V3", municipality=b, joined_on=date(2024, 3, 10)),
            ]
        )

        def measure(code, program, started, status, co2):
            return Measure(
                code=code,
                program=program,
                title=code,
                sector="Energie",
                status=status,
                started_on=started,
                co2_t_per_year=co2,
                updated_at=datetime(2024, 6, 1, tzinfo=UTC),
            )

        s.add_all(
            [
                measure("P1", program, date(2024, 1, 20), "umgesetzt", 2.5),
                measure("P2", program, date(2024, 3, 3), "in_umsetzung", None),
                measure("P3", program, date(2024, 3, 4), "abgebrochen", 9.0),  # cancelled: never counted
                measure("P4", program, date(2024, 5, 1), "geplant", 1.5),
                measure("X1", other, date(2024, 3, 1), "umgesetzt", 100.0),  # other program
            ]
        )
        c1 = Cohort(program=program, kind="schulung", title="S1", starts_on=date(2024, 2, 1), status="abgeschlossen")
        c2 = Cohort(program=program, kind="workshop", title="W1", starts_on=date(2024, 5, 1), status="abgesagt")
        p1, p2 = Participant(code="T1"), Participant(code="T2")
        s.add_all(
            [
                c1,
                c2,
                p1,
                p2,
                Enrollment(cohort=c1, participant=p1, registered_on=date(2024, 1, 20)),
                Enrollment(cohort=c1, participant=p2, registered_on=date(2024, 1, 20)),
                Enrollment(cohort=c2, participant=p1, registered_on=date(2024, 4, 20)),
            ]
        )
        s.commit()
        yield empty_db, program.id


def test_kpis_for_the_whole_period(tiny):
    db, program_id = tiny
    with db.session() as s:
        kpis = program_kpis(s, program_id, date(2024, 1, 1), date(2024, 6, 30))
    assert kpis.municipalities == 1  # B left on 20.04.
    assert kpis.municipalities_new == 2
    assert kpis.volunteers == 2  # V2 left on 31.05.
    assert kpis.volunteers_new == 3
    assert kpis.projects == 3  # P1, P2, P4 (P3 cancelled, X1 other program)
    assert kpis.co2_t_per_year == pytest.approx(4.0)
    assert kpis.co2_unknown == 1
    assert (kpis.cohorts, kpis.participants) == (1, 2)  # the cancelled workshop does not count


def test_kpis_for_a_sub_period_and_a_day_before_anything(tiny):
    db, program_id = tiny
    with db.session() as s:
        march = program_kpis(s, program_id, date(2024, 3, 1), date(2024, 3, 31))
        before = program_kpis(s, program_id, date(2024, 1, 1), date(2024, 1, 9))
    assert (march.municipalities, march.municipalities_new) == (2, 0)
    assert (march.volunteers, march.volunteers_new) == (3, 2)
    assert march.projects == 1 and march.co2_unknown == 1 and march.co2_t_per_year == 0
    assert (before.municipalities, before.volunteers, before.projects, before.cohorts) == (0, 0, 0, 0)


def test_leaving_on_the_day_itself_ends_membership(tiny):
    db, program_id = tiny
    with db.session() as s:
        assert program_kpis(s, program_id, date(2024, 1, 1), date(2024, 4, 19)).municipalities == 2
        assert program_kpis(s, program_id, date(2024, 1, 1), date(2024, 4, 20)).municipalities == 1


def test_monthly_progress_is_cumulative_at_month_ends(tiny):
    db, program_id = tiny
    with db.session() as s:
        frame = monthly_progress(s, program_id, date(2024, 1, 1), date(2024, 1, 1), date(2024, 6, 30))
    assert list(frame["month"]) == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    assert list(frame["kommunen"]) == [1, 2, 2, 1, 1, 1]
    assert list(frame["paten"]) == [1, 1, 3, 3, 2, 2]
    assert list(frame["projekte"]) == [1, 1, 2, 2, 3, 3]
    assert frame["month_end"].iloc[-1] == date(2024, 6, 30)


def test_monthly_progress_of_a_sub_period_keeps_earlier_totals(tiny):
    db, program_id = tiny
    with db.session() as s:
        frame = monthly_progress(s, program_id, date(2024, 1, 1), date(2024, 3, 1), date(2024, 4, 15))
    assert list(frame["month"]) == ["2024-03", "2024-04"]
    assert list(frame["kommunen"]) == [2, 2]  # B leaves only on 20.04.
    assert frame["month_end"].iloc[-1] == date(2024, 4, 15)


def _audit(table, row_id, field, old, new, when):
    return AuditEntry(
        table_name=table,
        row_id=row_id,
        field=field,
        old_value=old,
        new_value=new,
        actor="Test",
        changed_at=when,
        source="ui",
    )


def test_latest_changes_of_the_program_and_period_with_names(tiny):
    db, program_id = tiny
    with db.session() as s:
        p2 = s.query(Measure.id).filter(Measure.code == "P2").scalar()
        x1 = s.query(Measure.id).filter(Measure.code == "X1").scalar()
        enrollment = s.query(Enrollment).join(Participant).filter(Participant.code == "T2").one()
        s.add_all(
            [
                _audit("measures", p2, "status", "geplant", "in_umsetzung", datetime(2024, 5, 1, 10, tzinfo=UTC)),
                _audit(
                    "enrollments",
                    enrollment.id,
                    "status",
                    "angemeldet",
                    "abgeschlossen",
                    datetime(2024, 5, 2, 9, tzinfo=UTC),
                ),
                _audit(
                    "measures", x1, "status", "geplant", "umgesetzt", datetime(2024, 5, 3, tzinfo=UTC)
                ),  # other program
                _audit(
                    "measures", p2, "progress_pct", "10", "20", datetime(2024, 7, 2, tzinfo=UTC)
                ),  # after the period
            ]
        )
        s.commit()
        frame = latest_changes(s, program_id, date(2024, 1, 1), date(2024, 6, 30), limit=5)
        may = latest_changes(s, program_id, date(2024, 5, 2), date(2024, 5, 31), limit=5)
    assert list(frame["table_name"]) == ["enrollments", "measures"]
    assert list(frame["subject"]) == ["S1", "P2"]
    assert frame["participant"].iloc[0] == "T2" and frame["measure_id"].iloc[1] == p2
    assert list(may["table_name"]) == ["enrollments"]
