"""Create, edit, retire and restore through the data layer: valid input, German refusals, scope, audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from data.commands.errors import ConflictError, FieldErrors, ValidationError
from data.commands.kohorten_entry import add_goal, add_session, create_cohort, enroll, update_cohort, update_session
from data.commands.massnahmen import create_measure, update_measure
from data.commands.massnahmen_fields import MEASURE_NAME_FIELDS
from data.commands.municipalities import change_stage, create_municipality, parse_ags, update_municipality
from data.commands.records import restore, retire
from data.commands.volunteers import create_volunteer, update_volunteer
from data.models import (
    AuditEntry,
    Cohort,
    CohortSession,
    Enrollment,
    Goal,
    Measure,
    Municipality,
    MunicipalityStageEvent,
    Participant,
    Program,
    Volunteer,
)
from data.permissions import Actor, PermissionDenied
from tests.support.accounts import as_coordinator
from tests.support.massnahmen import add_tiny_measures

COORDINATOR = as_coordinator("Erika Muster")
REGION_NW = Actor(
    name="Rita Region", user_id=None, role="region", state_code="DE-NW", scope_label="Nordrhein-Westfalen"
)
READER = Actor(name="Lena Lesend", role="lesen")


@pytest.fixture
def tiny(empty_db):
    ids = add_tiny_measures(empty_db)
    with empty_db.session() as session:
        programs = {p.code: p.id for p in session.scalars(select(Program))}
        places = {m.name: m.id for m in session.scalars(select(Municipality))}
    return empty_db, {**ids, **programs, **places}


def _count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _audit(db, table, row_id) -> dict[str, AuditEntry]:
    with db.session() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == table, AuditEntry.row_id == row_id)
            .order_by(AuditEntry.id)
        ).all()
    return {row.field: row for row in rows}


def _new_place(db, actor=COORDINATOR, **values):
    fields = {"name": "Neudorf", "kind": "gemeinde", "ags": "05999001", "population": "1.234", **values}
    with db.session() as session:
        return create_municipality(session, actor, "DE-NW", fields, stage="angesprochen", entered_on="01.02.2025")


# --- municipalities and stages ---------------------------------------------------------------------------


def test_create_municipality_with_first_stage_is_audited_with_the_person(tiny):
    db, _ = tiny
    created = _new_place(db)
    with db.session() as session:
        place = session.get(Municipality, created.municipality_id)
        assert (place.name, place.ags, place.population, place.stage) == ("Neudorf", "05999001", 1234, "angesprochen")
        assert place.stage_since == date(2025, 2, 1)
        events = session.scalars(
            select(MunicipalityStageEvent).where(MunicipalityStageEvent.municipality_id == place.id)
        )
        assert [(e.stage, e.entered_on) for e in events] == [("angesprochen", date(2025, 2, 1))]
    audit = _audit(db, "municipalities", created.municipality_id)
    assert audit["name"].new_value == "Neudorf" and audit["name"].actor == "Erika Muster"
    assert audit["name"].source == "ui"


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"ags": "0599900"}, "ags", "genau 8 Ziffern"),
        ({"ags": "17000000"}, "ags", "kein Länderschlüssel"),
        ({"ags": "10041100"}, "ags", "gehört zu Saarland"),
        ({"ags": ""}, "ags", "nur ein Stadtteil"),
        ({"name": "  "}, "name", "„Name“ darf nicht leer sein"),
        ({"kind": "dorf"}, "kind", "kein bekannter Art"),
        ({"population": "1,2,3"}, "population", "keine gültige Zahl"),
    ],
)
def test_invalid_municipality_names_the_field_and_stores_nothing(tiny, values, field, words):
    db, _ = tiny
    before = _count(db, Municipality), _count(db, AuditEntry)
    with pytest.raises(FieldErrors) as refused:
        _new_place(db, **values)
    assert words in refused.value.errors[field]
    assert (_count(db, Municipality), _count(db, AuditEntry)) == before


def test_stadtteil_needs_no_ags_but_a_unique_name_in_its_state(tiny):
    db, _ = tiny
    first = _new_place(db, kind="stadtteil", ags="", name="Altstadt")
    with db.session() as session:
        assert session.get(Municipality, first.municipality_id).ags is None
    with pytest.raises(FieldErrors) as refused:
        _new_place(db, kind="stadtteil", ags=" ", name="altstadt")
    assert "Es gibt schon eine Kommune" in refused.value.errors["name"]


def test_duplicate_ags_is_refused(tiny):
    db, _ = tiny
    _new_place(db)
    with pytest.raises(FieldErrors) as refused:
        _new_place(db, name="Anderswo")
    assert "05999001" in refused.value.errors["ags"]


def test_parse_ags_accepts_spaces_and_checks_the_state():
    assert parse_ags(" 05 515 000 ", "DE-NW") == "05515000"
    with pytest.raises(ValidationError, match="Nordrhein-Westfalen"):
        parse_ags("05515000", "DE-BY")


def test_region_manager_may_add_only_in_own_state_and_readers_nothing(tiny):
    db, _ = tiny
    assert _new_place(db, actor=REGION_NW).municipality_id
    with db.session() as session, pytest.raises(PermissionDenied, match="nur Kommunen in Nordrhein-Westfalen"):
        create_municipality(session, REGION_NW, "DE-SL", {"name": "X", "kind": "gemeinde", "ags": "10000001"})
    with pytest.raises(PermissionDenied, match="nur lesen"):
        _new_place(db, actor=READER, ags="05999002", name="Y")
    kommune = Actor(name="K", role="kommune", municipality_id=1, scope_label="Amhausen")
    with pytest.raises(PermissionDenied):
        _new_place(db, actor=kommune, ags="05999003", name="Z")


def test_stage_changes_are_dated_events_and_move_stage_joined_and_left(tiny):
    db, _ = tiny
    created = _new_place(db)
    with db.session() as session:
        version = change_stage(session, COORDINATOR, created.municipality_id, "interessiert", "01.03.2025", 1)
    with db.session() as session:
        version = change_stage(session, COORDINATOR, created.municipality_id, "Ratsbeschluss", "2025-04-01", version)
    with db.session() as session:
        place = session.get(Municipality, created.municipality_id)
        assert (place.stage, place.stage_since, place.joined_on, place.version) == (
            "ratsbeschluss",
            date(2025, 4, 1),
            date(2025, 4, 1),
            3,
        )
        version = change_stage(session, COORDINATOR, created.municipality_id, "ausgeschieden", "01.05.2025", version)
    with db.session() as session:
        place = session.get(Municipality, created.municipality_id)
        assert (place.stage, place.left_on) == ("ausgeschieden", date(2025, 5, 1))
        events = session.scalar(
            select(func.count()).where(MunicipalityStageEvent.municipality_id == created.municipality_id)
        )
    assert events == 4
    assert _audit(db, "municipalities", created.municipality_id)["stage"].new_value == "ausgeschieden"


def test_stage_cannot_be_dated_before_the_previous_event(tiny):
    db, _ = tiny
    created = _new_place(db)
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        change_stage(session, COORDINATOR, created.municipality_id, "interessiert", "31.01.2025", 1)
    assert "nicht vor der vorigen (01.02.2025)" in refused.value.errors["entered_on"]
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        change_stage(session, COORDINATOR, created.municipality_id, "angesprochen", "02.02.2025", 1)
    assert "bereits in der Stufe" in refused.value.errors["stage"]
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        change_stage(session, COORDINATOR, created.municipality_id, "aktiv", "30.02.2025", 1)
    assert "kein gültiges Datum" in refused.value.errors["entered_on"]
    assert _count(db, MunicipalityStageEvent) == 1


def test_stage_change_with_a_stale_version_is_a_conflict(tiny):
    db, _ = tiny
    created = _new_place(db)
    with db.session() as session:
        change_stage(session, COORDINATOR, created.municipality_id, "interessiert", "01.03.2025", 1)
    with db.session() as session, pytest.raises(ValidationError):
        change_stage(session, COORDINATOR, created.municipality_id, "aktiv", "01.04.2025", "1")
    from data.commands.errors import ConflictError

    with db.session() as session, pytest.raises(ConflictError):
        change_stage(session, COORDINATOR, created.municipality_id, "aktiv", "01.04.2025", 1)
    assert _count(db, MunicipalityStageEvent) == 2


def test_update_municipality_checks_version_and_ags(tiny):
    db, _ = tiny
    created = _new_place(db)
    with db.session() as session:
        version = update_municipality(session, COORDINATOR, created.municipality_id, {"population": "2.000"}, 1)
    assert version == 2
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        update_municipality(session, COORDINATOR, created.municipality_id, {"ags": "09000000"}, 2)
    assert "Bayern" in refused.value.errors["ags"]
    assert _audit(db, "municipalities", created.municipality_id)["population"].old_value == "1234"


# --- volunteers ---------------------------------------------------------------------------------------------


def test_volunteer_is_pseudonymous_and_left_after_joined(tiny):
    db, ids = tiny
    with db.session() as session:
        volunteer_id = create_volunteer(
            session, REGION_NW, ids["Amhausen"], {"code": "kp-nw-900", "joined_on": "01.03.2025"}
        )
    with db.session() as session:
        assert session.get(Volunteer, volunteer_id).code == "KP-NW-900"
        with pytest.raises(FieldErrors) as refused:
            create_volunteer(session, REGION_NW, ids["Amhausen"], {"code": "Max Mustermann", "joined_on": "01.03.2025"})
        assert "kein Pseudonym" in refused.value.errors["code"]
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        update_volunteer(session, REGION_NW, volunteer_id, {"left_on": "01.01.2025"}, 1)
    assert "nicht vor" in refused.value.errors["left_on"]
    with db.session() as session:
        assert update_volunteer(session, REGION_NW, volunteer_id, {"left_on": "01.01.2026"}, 1) == 2
    with db.session() as session, pytest.raises(PermissionDenied):
        create_volunteer(session, REGION_NW, ids["Bedorf"], {"code": "KP-SL-900", "joined_on": "01.03.2025"})
    assert _audit(db, "volunteers", volunteer_id)["left_on"].new_value == "2026-01-01"


# --- measures -----------------------------------------------------------------------------------------------


def test_new_measure_gets_a_generated_code_and_its_municipality_state(tiny):
    db, ids = tiny
    values = {"title": "Solardach Rathaus", "sector": "Energie", "cost_eur": "12.500,50"}
    with db.session() as session:
        first = create_measure(session, REGION_NW, ids["klikks"], values, municipality_id=ids["Amhausen"]).measure_id
    with db.session() as session:
        second = create_measure(session, REGION_NW, ids["klikks"], values, municipality_id=ids["Amhausen"])
        assert second.code == "KLIKKS-0002"
        second = second.measure_id
    with db.session() as session:
        one, two = session.get(Measure, first), session.get(Measure, second)
        assert (one.code, two.code) == ("KLIKKS-0001", "KLIKKS-0002")
        assert (one.state_code, one.status, str(one.cost_eur), one.updated_by) == (
            "DE-NW",
            "geplant",
            "12500.50",
            "Rita Region",
        )
    assert _audit(db, "measures", first)["title"].new_value == "Solardach Rathaus"


def test_a_code_is_unique_within_its_program_and_free_in_another(tiny):
    db, ids = tiny
    with db.session() as session:  # T-1 is a KlikKS code: Münster may use it for one of its own measures
        created = create_measure(
            session,
            COORDINATOR,
            ids["ksv-muenster"],
            {"code": "T-1", "title": "Eigene", "sector": "Energie"},
            state_code="DE-NW",
        )
    with db.session() as session:
        codes = {(m.program_id, m.code) for m in session.scalars(select(Measure).where(Measure.code == "T-1"))}
    assert codes == {(ids["klikks"], "T-1"), (ids["ksv-muenster"], "T-1")} and created.measure_id
    with db.session() as session, pytest.raises(IntegrityError):  # the database holds the rule too
        session.add(Measure(**_copy_of(session.get(Measure, created.measure_id))))
        session.flush()


def _copy_of(measure: Measure) -> dict:
    columns = (c.key for c in Measure.__table__.columns if c.key not in {"id", "retired_at"})
    return {name: getattr(measure, name) for name in columns}


def test_new_measure_refusals(tiny):
    db, ids = tiny
    before = _count(db, Measure)
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        create_measure(session, COORDINATOR, ids["klikks"], {"code": "T-1", "title": "X", "sector": "Energie"})
    assert "T-1 ist in diesem Programm schon vergeben" in refused.value.errors["code"]
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        create_measure(session, COORDINATOR, ids["klikks"], {"title": "", "sector": "", "progress_pct": "120"})
    assert set(refused.value.errors) == {"title", "sector", "progress_pct"}
    with db.session() as session, pytest.raises(PermissionDenied):
        create_measure(session, REGION_NW, ids["klikks"], {"title": "X", "sector": "E"}, municipality_id=ids["Bedorf"])
    assert _count(db, Measure) == before


# --- retire and restore -------------------------------------------------------------------------------------


def test_retire_and_restore_are_audited_and_scoped(tiny):
    db, ids = tiny
    with db.session() as session:
        retire(session, REGION_NW, "measures", ids["T-1"])
    with db.session() as session:
        row = session.get(Measure, ids["T-1"])
        assert row.retired_at is not None and row.version == 2
        with pytest.raises(ValidationError, match="bereits ausgemustert"):
            retire(session, REGION_NW, "measures", ids["T-1"])
    assert _audit(db, "measures", ids["T-1"])["retired_at"].comment == "ausgemustert"
    with db.session() as session, pytest.raises(PermissionDenied):
        retire(session, REGION_NW, "measures", ids["T-3"])
    with db.session() as session:
        restore(session, REGION_NW, "measures", ids["T-1"])
    with db.session() as session:
        assert session.get(Measure, ids["T-1"]).retired_at is None
        with pytest.raises(ValidationError, match="nicht ausgemustert"):
            restore(session, REGION_NW, "measures", ids["T-1"])
        with pytest.raises(ValidationError):
            retire(session, REGION_NW, "users", 1)
    audit = _audit(db, "measures", ids["T-1"])
    assert audit["retired_at"].comment == "wiederhergestellt" and audit["retired_at"].new_value is None
    assert _count(db, Measure) == 6


def test_retired_municipality_takes_no_stage_changes_until_restored(tiny):
    db, _ = tiny
    created = _new_place(db)
    with db.session() as session:
        retire(session, COORDINATOR, "municipalities", created.municipality_id)
    with db.session() as session, pytest.raises(ValidationError, match="ausgemustert"):
        change_stage(session, COORDINATOR, created.municipality_id, "interessiert", "01.03.2025", 2)
    with db.session() as session:
        restore(session, COORDINATOR, "municipalities", created.municipality_id)
    with db.session() as session:
        assert change_stage(session, COORDINATOR, created.municipality_id, "interessiert", "01.03.2025", 3) == 4


# --- cohorts -----------------------------------------------------------------------------------------------


def test_cohort_with_session_enrollment_and_goal(tiny):
    db, ids = tiny
    with db.session() as session:
        cohort_id = create_cohort(
            session,
            REGION_NW,
            ids["klikks"],
            {"title": "Schulung Herbst", "kind": "schulung", "status": "Geplant", "starts_on": "01.09.2025"},
            state_code="DE-NW",
        )
    with db.session() as session:
        first = add_session(
            session, REGION_NW, cohort_id, {"kind": "auftakt", "title": "Auftakt", "held_on": "01.09.2025"}
        )
        second = add_session(
            session, REGION_NW, cohort_id, {"kind": "abschluss", "title": "Ende", "held_on": "01.10.2025"}
        )
    with db.session() as session:
        enrollment_id = enroll(
            session,
            REGION_NW,
            cohort_id,
            {"participant_code": "tn-900", "small_group": "A", "registered_on": "20.08.2025"},
        )
    with db.session() as session:
        goal_id = add_goal(
            session,
            REGION_NW,
            enrollment_id,
            {"topic": "mobilitaet", "text": "Rad statt Auto", "status": "geplant", "co2_t_per_year": "0,5"},
        )
    with db.session() as session:
        assert [s.position for s in session.get(Cohort, cohort_id).sessions] == [1, 2]
        assert session.get(CohortSession, second).position == 2 and first
        enrollment = session.get(Enrollment, enrollment_id)
        assert (enrollment.participant.code, enrollment.small_group.name) == ("TN-900", "A")
        assert str(session.get(Goal, goal_id).co2_t_per_year) == "0.50"
    for table, row_id in (("cohorts", cohort_id), ("cohort_sessions", first), ("enrollments", enrollment_id)):
        assert _audit(db, table, row_id)["id"].actor == "Rita Region"


def test_cohort_refusals(tiny):
    db, ids = tiny
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        create_cohort(
            session,
            COORDINATOR,
            ids["klikks"],
            {"title": "X", "kind": "schulung", "status": "geplant", "starts_on": "01.09.2025", "ends_on": "01.08.2025"},
        )
    assert "vor dem Beginn" in refused.value.errors["ends_on"]
    with db.session() as session, pytest.raises(PermissionDenied):
        create_cohort(
            session,
            REGION_NW,
            ids["klikks"],
            {"title": "X", "kind": "schulung", "status": "geplant", "starts_on": "01.09.2025"},
            state_code="DE-SL",
        )
    with db.session() as session:
        cohort_id = create_cohort(
            session,
            COORDINATOR,
            ids["klikks"],
            {"title": "X", "kind": "schulung", "status": "geplant", "starts_on": "01.09.2025"},
            state_code="DE-NW",
        )
    with db.session() as session:
        enroll(session, COORDINATOR, cohort_id, {"participant_code": "TN-1", "registered_on": "01.08.2025"})
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        enroll(session, COORDINATOR, cohort_id, {"participant_code": "tn-1", "registered_on": "01.08.2025"})
    assert "schon angemeldet" in refused.value.errors["participant_code"]
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        enroll(session, COORDINATOR, cohort_id, {"participant_code": "Erika Muster", "registered_on": "01.08.2025"})
    assert "kein Pseudonym" in refused.value.errors["participant_code"]
    assert _count(db, Participant) == 1


# --- editing cohorts, sessions and a measure's name ------------------------------------------------------------


def _cohort_with_session(db, ids) -> tuple[int, int]:
    with db.session() as session:
        cohort_id = create_cohort(
            session,
            COORDINATOR,
            ids["klikks"],
            {"title": "Schulung", "kind": "schulung", "status": "geplant", "starts_on": "01.09.2025"},
            state_code="DE-NW",
        )
    with db.session() as session:
        step = add_session(
            session, COORDINATOR, cohort_id, {"kind": "auftakt", "title": "Start", "held_on": "01.09.2025"}
        )
    return cohort_id, step


def test_editing_a_cohort_checks_fields_version_and_scope_and_audits_the_changes(tiny):
    db, ids = tiny
    cohort_id, _ = _cohort_with_session(db, ids)
    values = {"title": "Schulung Herbst", "status": "Laufend", "capacity": "1.200", "ends_on": "30.11.2025"}
    with db.session() as session:
        assert update_cohort(session, REGION_NW, cohort_id, values, 1) == 2
    with db.session() as session:
        cohort = session.get(Cohort, cohort_id)
        assert (cohort.title, cohort.status, cohort.capacity, cohort.ends_on) == (
            "Schulung Herbst",
            "laufend",
            1200,
            date(2025, 11, 30),
        )
    audit = _audit(db, "cohorts", cohort_id)
    assert (audit["title"].old_value, audit["title"].new_value, audit["title"].source) == (
        "Schulung",
        "Schulung Herbst",
        "ui",
    )
    assert audit["capacity"].new_value == "1200" and audit["capacity"].actor == "Rita Region"
    with db.session() as session, pytest.raises(ConflictError):
        update_cohort(session, REGION_NW, cohort_id, {"title": "Alt"}, 1)
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        update_cohort(session, REGION_NW, cohort_id, {"ends_on": "01.08.2025"}, 2)
    assert "vor dem Beginn" in refused.value.errors["ends_on"]
    with db.session() as session, pytest.raises(ValidationError, match="darf nicht leer"):
        update_cohort(session, REGION_NW, cohort_id, {"title": " "}, 2)
    with db.session() as session, pytest.raises(PermissionDenied):
        update_cohort(session, READER, cohort_id, {"title": "Y"}, 2)
    with db.session() as session:
        assert update_cohort(session, REGION_NW, cohort_id, {"title": "Schulung Herbst"}, 2) == 2  # nothing changed
        assert session.get(Cohort, cohort_id).version == 2


def test_editing_a_session_refuses_when_it_changed_since_it_was_shown(tiny):
    db, ids = tiny
    cohort_id, step = _cohort_with_session(db, ids)
    shown = {"kind": "auftakt", "title": "Start", "held_on": "01.09.2025", "ends_on": ""}
    changes = {**shown, "title": "Auftakt", "held_on": "02.09.2025"}
    with db.session() as session:
        assert update_session(session, REGION_NW, step, changes, shown) is True
    with db.session() as session:
        row = session.get(CohortSession, step)
        assert (row.title, row.held_on) == ("Auftakt", date(2025, 9, 2))
    audit = _audit(db, "cohort_sessions", step)
    assert (audit["held_on"].old_value, audit["held_on"].new_value) == ("2025-09-01", "2025-09-02")
    with db.session() as session, pytest.raises(ConflictError):
        update_session(session, REGION_NW, step, {**changes, "title": "Noch einmal"}, shown)  # stale
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        update_session(session, REGION_NW, step, {**changes, "ends_on": "01.09.2025"}, changes)
    assert "Bis" in refused.value.errors["ends_on"]
    with db.session() as session:
        retire(session, COORDINATOR, "cohort_sessions", step)
    with db.session() as session, pytest.raises(FieldErrors):
        update_session(session, REGION_NW, step, changes, changes)
    assert _count(db, CohortSession) == 1 and cohort_id


def test_renaming_a_measure_keeps_its_code_unique_and_audits(tiny):
    db, ids = tiny
    with db.session() as session:
        done = update_measure(
            session, REGION_NW, ids["T-1"], {"code": "NW-01", "title": "Neu"}, 1, fields=MEASURE_NAME_FIELDS
        )
    assert done.version == 2 and set(done.changed) == {"code", "title"}
    assert _audit(db, "measures", ids["T-1"])["code"].new_value == "NW-01"
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        update_measure(session, COORDINATOR, ids["T-2"], {"code": "NW-01"}, 1, fields=MEASURE_NAME_FIELDS)
    assert "NW-01 ist in diesem Programm schon vergeben" in refused.value.errors["code"]
    with db.session() as session, pytest.raises(ValidationError, match="darf nicht leer"):
        update_measure(session, COORDINATOR, ids["T-2"], {"code": ""}, 1, fields=MEASURE_NAME_FIELDS)
    with db.session() as session, pytest.raises(ValidationError, match="kann hier nicht bearbeitet"):
        update_measure(session, COORDINATOR, ids["T-2"], {"code": "X-9"}, 1)  # the grid does not rename
    with db.session() as session:
        assert session.get(Measure, ids["T-2"]).code == "T-2"
