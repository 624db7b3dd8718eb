"""Demo data: deterministic, and consistent with the published KlikKS and Münster figures."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from data.db import Database
from data.demo import DemoDataError, holds_demo_data, load_demo_data
from data.demo import published as pub
from data.migrate import upgrade
from data.models import (
    Cohort,
    CohortSession,
    Enrollment,
    Goal,
    Measure,
    Municipality,
    Participant,
    Person,
    Program,
    SmallGroup,
    State,
    Volunteer,
)
from data.queries.overview import program_kpis
from data.queries.program import program_info
from data.queries.sql import active_on


def _active_municipalities(session, state: str, day: date) -> int:
    return session.scalar(
        select(func.count()).where(
            Municipality.state_code == state, active_on(Municipality.joined_on, Municipality.left_on, day)
        )
    )


def _active_volunteers(session, state: str, day: date) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Volunteer)
        .join(Municipality)
        .where(Municipality.state_code == state, active_on(Volunteer.joined_on, Volunteer.left_on, day))
    )


def test_program_totals_at_program_end(demo_db):
    with demo_db.session() as session:
        program = program_info(session)
        kpis = program_kpis(session, program.id, program.starts_on, program.ends_on)
    assert (program.starts_on, program.ends_on) == (date(2022, 3, 1), date(2025, 2, 28))
    assert (kpis.municipalities, kpis.volunteers, kpis.projects) == (201, 477, 888)


def test_eight_participating_states_with_their_partner_agencies(demo_db):
    with demo_db.session() as session:
        states = session.execute(select(State.code).where(State.participating)).scalars().all()
        assert sorted(states) == ["DE-BE", "DE-BW", "DE-MV", "DE-NI", "DE-NW", "DE-RP", "DE-SL", "DE-TH"]
        assert session.scalar(select(func.count()).select_from(State)) == 16


@pytest.mark.parametrize(
    ("state", "day", "municipalities"),
    [
        ("DE-NW", date(2022, 12, 14), 4),  # 14.12.2022: 4 Kommunen
        ("DE-NI", date(2023, 1, 31), 17),  # early 2023: 17
        ("DE-NI", date(2023, 4, 24), 26),  # digital kick-off: 26
        ("DE-SL", date(2023, 4, 17), 18),  # kick-off with 18
        ("DE-SL", date(2023, 9, 28), 21),  # 21 of 52
        ("DE-RP", date(2023, 4, 29), 19),  # interim count 2023
        ("DE-MV", date(2023, 3, 31), 15),  # joining possible until 31.03.2023
        ("DE-SL", pub.PROGRAM_END, 21),
        ("DE-NI", pub.PROGRAM_END, 35),
        ("DE-NW", pub.PROGRAM_END, 24),
        ("DE-BW", pub.PROGRAM_END, 26),  # 25 towns and municipalities + 1 Landkreis
    ],
)
def test_published_municipality_counts(demo_db, state, day, municipalities):
    with demo_db.session() as session:
        assert _active_municipalities(session, state, day) == municipalities


def test_published_volunteer_and_project_figures(demo_db):
    with demo_db.session() as session:
        assert _active_volunteers(session, "DE-NI", pub.PROGRAM_END) == 100
        assert _active_volunteers(session, "DE-SL", pub.PROGRAM_END) == 50
        assert _active_volunteers(session, "DE-SL", date(2023, 9, 28)) >= 58  # "about 60"
        assert _active_volunteers(session, "DE-NW", pub.PROGRAM_END) > 80
        nw_projects = select(func.count(), func.sum(Measure.co2_t_per_year)).where(
            Measure.code.like("KK-NW-%"), Measure.status != "abgebrochen"
        )
        count, co2 = session.execute(nw_projects).one()
        assert count == 59
        assert float(co2) == pytest.approx(410.0)
        sl_projects = session.scalar(
            select(func.count()).where(Measure.code.like("KK-SL-%"), Measure.status != "abgebrochen")
        )
        assert sl_projects > 110
        late_2023 = session.scalar(
            select(func.count()).where(active_on(Municipality.joined_on, Municipality.left_on, date(2023, 12, 31)))
        )
        assert late_2023 > 130  # "more than 130 municipalities nationwide (2023)"


def test_growth_starts_with_the_program(demo_db):
    with demo_db.session() as session:
        first_join = session.scalar(select(func.min(Municipality.joined_on)))
        last_join = session.scalar(select(func.max(Municipality.joined_on)))
    assert first_join >= pub.PROGRAM_START and last_join <= pub.PROGRAM_END


def test_muenster_measures_cover_all_seven_statuses_and_unknown_numbers(demo_db):
    with demo_db.session() as session:
        program_id = session.scalar(select(Program.id).where(Program.code == "ksv-muenster"))
        rows = session.execute(
            select(Measure.status, Measure.co2_t_per_year, Measure.cost_eur).where(Measure.program_id == program_id)
        ).all()
        training = session.execute(
            select(Measure.status).where(Measure.title == "Durchführung von KlimaTrainings")
        ).scalar_one()
    assert {status for status, _co2, _cost in rows} == {
        "geplant",
        "in_umsetzung",
        "verzoegert",
        "umgesetzt",
        "nicht_erreicht",
        "abgebrochen",
        "unbekannt",
    }
    assert any(co2 is None for _s, co2, _c in rows) and any(co2 is not None for _s, co2, _c in rows)
    assert any(cost is None for _s, _co2, cost in rows) and any(cost is not None for _s, _co2, cost in rows)
    assert training == "nicht_erreicht"


def test_muenster_klimatraining_cohorts(demo_db):
    with demo_db.session() as session:
        cohorts = (
            session.execute(select(Cohort).where(Cohort.kind == "klimatraining").order_by(Cohort.starts_on))
            .scalars()
            .all()
        )
        assert [c.title for c in cohorts] == [f"KlimaTraining Münster – Kohorte {n}" for n in range(1, 6)]
        first, _, third, fourth, fifth = cohorts
        assert first.starts_on == date(2021, 11, 25) and len(first.small_groups) == 5
        assert third.starts_on == date(2023, 2, 1) and third.ends_on == date(2023, 5, 10)
        assert sum(1 for s in third.sessions if s.kind == "austausch") == 4
        assert session.scalar(select(func.count()).where(Enrollment.cohort_id == fourth.id)) == 25
        fifth_dates = {s.title: (s.held_on, s.ends_on) for s in fifth.sessions}
        assert fifth_dates["Auftakt"] == (date(2024, 10, 9), None)
        assert fifth_dates["Workshop „Den Auftakt als Gruppe finden“"][0] == date(2024, 10, 30)
        assert fifth_dates["Ausprobierphase"] == (date(2024, 11, 6), date(2025, 1, 15))
        goals = session.scalar(select(func.count()).select_from(Goal))
        assert goals > 100
        groups_without_trainer = session.scalar(select(func.count()).where(SmallGroup.trainer_id.is_(None)))
        assert groups_without_trainer == 0


def test_three_coachings_the_first_on_15_june_2022(demo_db):
    with demo_db.session() as session:
        starts = (
            session.execute(select(Cohort.starts_on).where(Cohort.kind == "coaching").order_by(Cohort.starts_on))
            .scalars()
            .all()
        )
        sessions = session.scalar(select(func.count()).select_from(CohortSession))
    assert len(starts) == 3 and starts[0] == date(2022, 6, 15)
    assert sessions > 0


def test_trainees_are_pseudonymous_and_people_fictitious(demo_db):
    with demo_db.session() as session:
        codes = session.execute(select(Participant.code)).scalars().all()
        emails = session.execute(select(Person.email).where(Person.email.is_not(None))).scalars().all()
    assert codes and all(re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", code) for code in codes)
    assert emails and all(email.endswith("@example.org") for email in emails)


def _fingerprint(db: Database) -> str:
    digest = hashlib.sha256()
    with db.session() as session:
        for columns in (
            (Municipality.ags, Municipality.name, Municipality.joined_on, Municipality.stage),
            (Volunteer.code, Volunteer.joined_on, Volunteer.left_on),
            (Measure.code, Measure.title, Measure.status, Measure.co2_t_per_year, Measure.cost_eur),
            (Enrollment.id, Enrollment.status),
        ):
            for row in session.execute(select(*columns).order_by(*columns[:1])).all():
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _load(databases, empty_template, seed: int) -> tuple[str, str]:
    url = databases.clone(empty_template)
    db = Database.from_url(url)
    with db.session() as session:
        load_demo_data(session, seed=seed)
    fingerprint = _fingerprint(db)
    db.dispose()
    return url, fingerprint


def test_same_seed_gives_identical_data_other_seed_differs(databases, empty_template, demo_db):
    first_url, first = _load(databases, empty_template, 2025)
    other_url, other = _load(databases, empty_template, 7)
    try:
        assert first == _fingerprint(demo_db)
        assert other != first
    finally:
        databases.drop(first_url)
        databases.drop(other_url)


def test_any_seed_keeps_the_published_totals(databases, empty_template):
    url, _ = _load(databases, empty_template, 7)
    db = Database.from_url(url)
    try:
        with db.session() as session:
            program = program_info(session)
            kpis = program_kpis(session, program.id, program.starts_on, program.ends_on)
        assert (kpis.municipalities, kpis.volunteers, kpis.projects) == (201, 477, 888)
    finally:
        db.dispose()
        databases.drop(url)


def test_demo_data_only_goes_into_an_empty_database(demo_db):
    with demo_db.session() as session:
        assert holds_demo_data(session)
        with pytest.raises(DemoDataError, match="bereits Daten"):
            load_demo_data(session)


def test_migrated_empty_database_is_not_marked_as_demo(empty_db):
    upgrade(empty_db.engine)  # idempotent
    with empty_db.session() as session:
        assert not holds_demo_data(session)
