"""Every role × every write path × in / out of scope, as real HTTP callback requests with that person's session.

Allowed exactly where the role table says; refused otherwise with the database unchanged (a dump of
every written table before and after). Also without a session and with a forged session cookie.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from data.models import Attendance, Cohort, CohortSession, Enrollment, Goal, Measure, Municipality
from tests.support.accounts import DEMO_PASSWORD
from tests.support.http import ORIGIN, DashClient, text_of

WRITTEN_TABLES = (
    *("measures", "attendance", "enrollments", "goals", "update_requests", "audit_log", "users"),
    *("municipalities", "municipality_stage_events", "volunteers", "measure_contacts", "outgoing_mails"),
    *("cohorts", "cohort_sessions"),
)
STATES = {"nrw": "DE-NW", "bw": "DE-BW"}  # pages on which a municipality is added
NEW_AGS = {"nrw": "05999001", "bw": "08999001"}
MUENSTER_AGS = "05515000"
MEASURE_VALUES = {
    "status": None,  # a status other than the current one
    "progress_pct": 37,
    "responsible": "Matrix-Team",
    "involved": "Matrix-Beteiligte",
    "planned_completion_on": "2031-05-17",
    "co2_t_per_year": "12,5",
    "cost_eur": "1234,5",
    "steps": "Matrix-Schritt",
}
# Who may write rows of which place: "alle", the state DE-NW, or the municipality Münster.
WRITES = {
    "admin": {"muenster", "nrw", "bw", "bund"},
    "koordination": {"muenster", "nrw", "bw", "bund"},
    "region-nw": {"muenster", "nrw"},
    "kommune-muenster": {"muenster"},
    "lesen": set(),
    None: set(),  # no session
    "gefaelscht": set(),  # a forged session cookie
}
DISPLAY_NAMES = {
    "admin": "Alex Admin (Demo)",
    "koordination": "Kim Koordination (Demo)",
    "region-nw": "Rita Region NRW (Demo)",
    "kommune-muenster": "Max Münster (Demo)",
    "lesen": "Lea Lesen (Demo)",
}


@dataclass
class Places:
    """Rows to write, by place: a measure and a cohort (with an enrollment, a session and a goal) each."""

    measures: dict[str, int]
    cohorts: dict[str, int]
    municipalities: dict[str, int]


def dump(db) -> dict[str, list[tuple]]:
    with db.engine.connect() as connection:
        return {
            table: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table}")).all()), key=repr)
            for table in WRITTEN_TABLES
        }


@pytest.fixture
def places(demo_db) -> Places:
    with demo_db.session() as session:
        muenster = session.scalar(select(Municipality.id).where(Municipality.ags == MUENSTER_AGS))
        measures = {
            "muenster": session.scalar(select(Measure.id).where(Measure.municipality_id == muenster).limit(1)),
            "nrw": session.scalar(
                select(Measure.id).where(Measure.state_code == "DE-NW", Measure.municipality_id != muenster).limit(1)
            ),
            "bw": session.scalar(select(Measure.id).where(Measure.state_code == "DE-BW").limit(1)),
        }
        cohort_ids = {
            "muenster": session.scalar(select(Cohort.id).where(Cohort.municipality_id == muenster).limit(1)),
            "nrw": session.scalar(
                select(Cohort.id).where(Cohort.state_code == "DE-NW", Cohort.municipality_id.is_(None)).limit(1)
            ),
            "bw": session.scalar(select(Cohort.id).where(Cohort.state_code == "DE-BW").limit(1)),
            "bund": session.scalar(select(Cohort.id).where(Cohort.state_code.is_(None)).limit(1)),
        }
        for place, cohort_id in cohort_ids.items():  # every cohort gets a goal to edit
            enrollment = session.scalar(select(Enrollment).where(Enrollment.cohort_id == cohort_id).limit(1))
            if not session.scalar(select(Goal.id).where(Goal.enrollment_id == enrollment.id).limit(1)):
                session.add(
                    Goal(enrollment_id=enrollment.id, topic="mobilitaet", text=f"Ziel {place}", status="geplant")
                )
        session.commit()
        municipalities = {
            "muenster": muenster,
            "nrw": session.scalar(
                select(Municipality.id).where(Municipality.state_code == "DE-NW", Municipality.id != muenster).limit(1)
            ),
            "bw": session.scalar(select(Municipality.id).where(Municipality.state_code == "DE-BW").limit(1)),
        }
    return Places(measures, cohort_ids, municipalities)


def client_for(app, who: str | None) -> DashClient:
    client = DashClient(app)
    if who == "gefaelscht":
        # A cookie that claims user 1 but is signed with another key.
        client.http.set_cookie(
            "klikks_session",
            "eyJfdXNlcl9pZCI6IjEiLCJfZnJlc2giOnRydWV9.ZZZZZZ.forgedsignatureforgedsignat",
            domain="localhost",
        )
    elif who is not None:
        assert client.sign_in(who, DEMO_PASSWORD).status_code == 302
    return client


def measure_edit(client: DashClient, db, measure_id: int, field: str):
    with db.session() as session:
        measure = session.get(Measure, measure_id)
        value = MEASURE_VALUES[field] or ("abgebrochen" if measure.status != "abgebrochen" else "geplant")
        row = {"id": measure.id, "version": measure.version, "title": measure.title}
    event = [{"colId": field, "value": value, "data": {**row, field: value}}]
    return client.fire("massnahmen-save-message.children", [event], [0], headers={"Origin": ORIGIN})


def attendance_edit(client: DashClient, db, cohort_id: int, column: str):
    with db.session() as session:
        enrollment = session.scalar(select(Enrollment).where(Enrollment.cohort_id == cohort_id).limit(1))
        first = session.scalar(select(CohortSession).where(CohortSession.cohort_id == cohort_id).limit(1))
        row = {"id": str(enrollment.id), "version": enrollment.version, "code": "X"}
        if column == "status":
            value = "Abgebrochen" if enrollment.status != "abgebrochen" else "Angemeldet"
            change = {"rowId": row["id"], "colId": "status", "value": value, "data": row}
        else:
            present = session.scalar(
                select(Attendance.present).where(
                    Attendance.enrollment_id == enrollment.id, Attendance.session_id == first.id
                )
            )
            value = not present
            change = {"rowId": row["id"], "colId": f"s{first.id}", "value": value, "data": row}
    return client.fire("kohorte-attendance-message.children", [[change]], [cohort_id, 0], headers={"Origin": ORIGIN})


def goal_edit(client: DashClient, db, cohort_id: int):
    with db.session() as session:
        goal = session.scalar(
            select(Goal).join(Enrollment).where(Enrollment.cohort_id == cohort_id).order_by(Goal.id).limit(1)
        )
        value = "Erreicht" if goal.status != "erreicht" else "Begonnen"
        row = {"id": str(goal.id), "version": goal.version, "code": "X", "text": goal.text}
    change = {"rowId": row["id"], "colId": "status", "value": value, "data": row}
    return client.fire("kohorte-goals-message.children", [[change]], [cohort_id, 0], headers={"Origin": ORIGIN})


def _day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def cohort_edit(client: DashClient, db, cohort_id: int):
    """The cohort page's "Kohorte bearbeiten" form: a new title, with the version it was opened with."""
    with db.session() as session:
        cohort = session.get(Cohort, cohort_id)
        fields = [f"{cohort.title} (Matrix)", cohort.kind, cohort.status, _day(cohort.starts_on), _day(cohort.ends_on)]
        fields += ["" if cohort.capacity is None else str(cohort.capacity), cohort.note or ""]
        context = {"versions": {str(cohort_id): cohort.version}}
    return client.fire(
        "entry-kohorte-edit-done.children", [1], [*fields, context, cohort_id, 0], headers={"Origin": ORIGIN}
    )


def session_edit(client: DashClient, db, cohort_id: int):
    """The cohort page's "Termin bearbeiten" form: the first session renamed, with the values it showed."""
    with db.session() as session:
        step = session.scalar(
            select(CohortSession).where(CohortSession.cohort_id == cohort_id).order_by(CohortSession.id).limit(1)
        )
        shown = {"kind": step.kind, "title": step.title, "held_on": _day(step.held_on), "ends_on": _day(step.ends_on)}
        changed = {**shown, "title": f"{step.title} (Matrix)"}
    fields = [str(step.id), *changed.values()]
    return client.fire(
        "entry-termin-edit-done.children", [1], [*fields, {"shown": shown}, cohort_id, 0], headers={"Origin": ORIGIN}
    )


def goal_retire(client: DashClient, db, cohort_id: int):
    """The cohort page's "Ziel ausmustern" form."""
    with db.session() as session:
        goal_id = session.scalar(
            select(Goal.id)
            .join(Enrollment)
            .where(Enrollment.cohort_id == cohort_id, Goal.retired_at.is_(None))
            .order_by(Goal.id)
            .limit(1)
        )
    return client.fire(
        "entry-ziel-aus-done.children", [1], [str(goal_id), {}, cohort_id, 0], headers={"Origin": ORIGIN}
    )


def measure_rename(client: DashClient, db, measure_id: int):
    """The measure page's "Code und Titel ändern" form."""
    with db.session() as session:
        measure = session.get(Measure, measure_id)
        fields, context = [measure.code, f"{measure.title} (Matrix)"], {"versions": {str(measure_id): measure.version}}
    return client.fire(
        "entry-massnahme-edit-done.children", [1], [*fields, context, measure_id], headers={"Origin": ORIGIN}
    )


def retire_toggle(client: DashClient, db, measure_id: int):
    """The measure page's "Ausmustern" / "Wiederherstellen" button."""
    with db.session() as session:
        retired = session.get(Measure, measure_id).retired_at is not None
    return client.fire("measure-retire-feedback.children", [1], [measure_id, retired], headers={"Origin": ORIGIN})


def add_municipality(client: DashClient, place: str):
    """The state page's "Kommune hinzufügen" form."""
    fields = ["Matrixdorf", "gemeinde", NEW_AGS[place], "1.000", "angesprochen", "01.03.2025"]
    return client.fire("entry-kommune-done.children", [1], [*fields, {}, STATES[place], 0], headers={"Origin": ORIGIN})


def change_stage(client: DashClient, db, municipality_id: int):
    """The state page's "Stufe ändern" form, with the version the form was opened with."""
    with db.session() as session:
        place = session.get(Municipality, municipality_id)
        stage, version, state_code = (
            ("aktiv" if place.stage == "pausiert" else "pausiert"),
            place.version,
            place.state_code,
        )
    context = {"versions": {str(municipality_id): version}}
    fields = [str(municipality_id), stage, "01.01.2030"]
    return client.fire("entry-stufe-done.children", [1], [*fields, context, state_code, 0], headers={"Origin": ORIGIN})


def ask(client: DashClient, measure_id: int):
    return client.fire(
        "measure-request-feedback.children", [1], [measure_id, "Wie ist der Stand?"], headers={"Origin": ORIGIN}
    )


def edit_contacts(client: DashClient, measure_id: int):
    return client.fire(
        "measure-contacts-feedback.children", [1], [measure_id, "lesen\nmatrix@example.org"], headers={"Origin": ORIGIN}
    )


def manage_users(client: DashClient, trigger: int):
    """One of the four buttons of /verwaltung/nutzer, on the account ``neu-matrix`` (created by the first)."""
    inputs = [None, None, None, None]
    inputs[trigger] = 1
    state = ["neu-matrix", "Neu Matrix", None, "region", "DE-NW", "passwort-mit-laenge", "neu-matrix", "lesen", None]
    state.append("anderes-langes-passwort")
    if trigger > 0:  # the account to change must exist for an allowed change; refusals must not depend on it
        state[6] = "kommune-muenster" if trigger != 3 else "lesen"
    return client.fire("users-feedback.children", inputs, state, headers={"Origin": ORIGIN}, trigger=trigger)


def _check(db, response, before, allowed: bool, who, what: str) -> None:
    assert response.status_code == 200, (who, what, response.status_code, response.data[:300])
    after = dump(db)
    if allowed:
        assert after != before, f"{who} should be allowed: {what}"
        name = DISPLAY_NAMES[who]
        new_audit = [row for row in after["audit_log"] if row not in before["audit_log"]]
        assert new_audit and all(name in row for row in new_audit), (who, what, new_audit)
    else:
        assert after == before, f"{who} must not change anything: {what}"
        body = text_of(response)
        refusals = ("Sie dürfen nur", "melden Sie sich an", "nur lesen", "Nur die Administration")
        assert any(text in body for text in refusals), (who, what, body)


@pytest.mark.parametrize("who", list(WRITES))
def test_permission_matrix(dash_app, demo_db, places, who):
    client = client_for(dash_app, who)
    allowed = WRITES[who]
    for place, measure_id in places.measures.items():
        for field in MEASURE_VALUES:
            before = dump(demo_db)
            response = measure_edit(client, demo_db, measure_id, field)
            _check(demo_db, response, before, place in allowed, who, f"Maßnahme {place} {field}")
        for action in ("ausmustern", "wiederherstellen"):
            before = dump(demo_db)
            response = retire_toggle(client, demo_db, measure_id)
            _check(demo_db, response, before, place in allowed, who, f"Maßnahme {place} {action}")
        before = dump(demo_db)
        response = measure_rename(client, demo_db, measure_id)
        _check(demo_db, response, before, place in allowed, who, f"Maßnahme {place} Code und Titel")
    for place, municipality_id in places.municipalities.items():
        before = dump(demo_db)
        response = change_stage(client, demo_db, municipality_id)
        _check(demo_db, response, before, place in allowed, who, f"Stufe {place}")
        if place in STATES:
            before = dump(demo_db)
            response = add_municipality(client, place)
            _check(demo_db, response, before, place in allowed, who, f"Kommune hinzufügen {place}")
    for place, cohort_id in places.cohorts.items():
        for column in ("attendance", "status"):
            before = dump(demo_db)
            response = attendance_edit(client, demo_db, cohort_id, column)
            _check(demo_db, response, before, place in allowed, who, f"Kohorte {place} {column}")
        before = dump(demo_db)
        response = goal_edit(client, demo_db, cohort_id)
        _check(demo_db, response, before, place in allowed, who, f"Ziel {place}")
        for what, write in (("bearbeiten", cohort_edit), ("Termin", session_edit), ("Ziel ausmustern", goal_retire)):
            before = dump(demo_db)
            response = write(client, demo_db, cohort_id)
            _check(demo_db, response, before, place in allowed, who, f"Kohorte {place} {what}")
    # Contact persons: whoever may edit the measure.
    for place, measure_id in places.measures.items():
        before = dump(demo_db)
        response = edit_contacts(client, measure_id)
        _check(demo_db, response, before, place in allowed, who, f"Ansprechpersonen {place}")
    # User management: admins only (add, change role, reset password, deactivate).
    for trigger, what in enumerate(("anlegen", "Rolle", "Passwort", "deaktivieren")):
        before = dump(demo_db)
        response = manage_users(client, trigger)
        _check(demo_db, response, before, who == "admin", who, f"Nutzerverwaltung {what}")
    # "Frage nach!": every signed-in person, whatever the place; nobody without a session.
    for place, measure_id in places.measures.items():
        before = dump(demo_db)
        response = ask(client, measure_id)
        signed_in = who in DISPLAY_NAMES
        after = dump(demo_db)
        assert (after != before) == signed_in, (who, place)
        if not signed_in:
            assert "melden Sie sich an" in text_of(response)
