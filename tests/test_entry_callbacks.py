"""The entry forms' callbacks as plain functions: open with choices in scope, save, errors next to the field."""

from __future__ import annotations

from datetime import date

import pytest
from dash import no_update
from sqlalchemy import func, select

from callbacks.entry import chosen_session, open_form, save_form, stored_values
from callbacks.kohorten_detail import cohort_boxes, cohort_grids, retired_list
from callbacks.measure_detail import measure_header
from callbacks.retire import PAGES, toggle_retired
from data.models import Cohort, CohortSession, Enrollment, Measure, Municipality
from data.permissions import Actor
from layouts import ids
from layouts.entry_forms import FORMS

REGION_NW = Actor(name="Rita Region", role="region", state_code="DE-NW", scope_label="Nordrhein-Westfalen")
READER = Actor(name="Lena Lesend", role="lesen")
KOMMUNE = FORMS["kommune"]


def _values(form, **values) -> tuple:
    return tuple(values.get(name, "") for name in form.names)


def _count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _text(component) -> str:
    return str(component.children) if component not in ("", no_update, None) else ""


def test_opening_the_stage_form_lists_only_the_own_states_municipalities_with_versions(demo_db):
    opened = open_form(demo_db, REGION_NW, FORMS["stufe"], ids.Entry.open("stufe"), "DE-NW", date(2025, 2, 1))
    is_open, options, *rest = opened
    values, context, message = rest[:3], rest[3], rest[4]
    assert is_open is True and message == ""
    with demo_db.session() as session:
        in_nw = session.scalar(
            select(func.count()).where(Municipality.state_code == "DE-NW", Municipality.retired_at.is_(None))
        )
    assert len(options) == in_nw + 1 and options[0]["value"] == ""
    assert values == ["", "", "01.02.2025"]  # date fields that start with today
    assert set(context["versions"]) == {option["value"] for option in options[1:]}


def test_cancel_closes_without_touching_the_fields(demo_db):
    opened = open_form(demo_db, REGION_NW, FORMS["stufe"], ids.Entry.cancel("stufe"), "DE-NW", date(2025, 2, 1))
    assert opened[0] is False and opened[1] is no_update


def test_saving_a_new_municipality_reports_and_stores_it(demo_db):
    raw = _values(KOMMUNE, name="Neuheim", kind="gemeinde", ags="05999321", stage="angesprochen", entered_on="1.2.2025")
    is_open, errors, message, done, saved = save_form(demo_db, REGION_NW, KOMMUNE, raw, {}, "DE-NW")
    assert (is_open, saved, message) == (False, True, "")
    assert not any(errors[: len(KOMMUNE.names)])
    assert "Gespeichert: Kommune „Neuheim“ angelegt" in _text(done)
    with demo_db.session() as session:
        assert session.scalar(select(Municipality.stage).where(Municipality.ags == "05999321")) == "angesprochen"


def test_invalid_fields_are_marked_next_to_themselves_and_nothing_is_stored(demo_db):
    before = _count(demo_db, Municipality)
    raw = _values(KOMMUNE, name="", kind="gemeinde", ags="0599", stage="angesprochen", entered_on="30.02.2025")
    is_open, errors, message, done, saved = save_form(demo_db, REGION_NW, KOMMUNE, raw, {}, "DE-NW")
    assert (is_open, saved, done) == (True, False, no_update)
    invalid = dict(zip(KOMMUNE.names, errors[: len(KOMMUNE.names)], strict=True))
    feedback = dict(zip(KOMMUNE.names, errors[len(KOMMUNE.names) :], strict=True))
    assert {name for name, flag in invalid.items() if flag} == {"name", "ags", "entered_on"}
    assert "genau 8 Ziffern" in feedback["ags"] and "kein gültiges Datum" in feedback["entered_on"]
    assert "Bitte die markierten Felder prüfen" in _text(message)
    assert _count(demo_db, Municipality) == before


@pytest.mark.parametrize(
    ("actor", "page", "words"),
    [
        (READER, "DE-NW", "nur lesen"),
        (REGION_NW, "DE-SL", "nur Kommunen in Nordrhein-Westfalen"),
        (None, "DE-NW", "melden Sie sich an"),
    ],
)
def test_refused_writes_say_why_and_store_nothing(demo_db, actor, page, words):
    before = _count(demo_db, Municipality)
    raw = _values(KOMMUNE, name="X", kind="gemeinde", ags="10999001", stage="angesprochen", entered_on="01.02.2025")
    is_open, _errors, message, _done, saved = save_form(demo_db, actor, KOMMUNE, raw, {}, page)
    assert is_open is True and saved is False and words in _text(message)
    assert _count(demo_db, Municipality) == before


@pytest.mark.parametrize("junk", [None, 7, [], {"a": 1}, "\x00", "9" * 40])
def test_forged_values_and_contexts_never_raise(demo_db, junk):
    for form in FORMS.values():
        raw = tuple(junk for _ in form.names)
        is_open, *_rest, saved = save_form(demo_db, REGION_NW, form, raw, junk, junk)
        assert is_open is True and saved is False


def test_stage_form_without_a_municipality_marks_the_choice(demo_db):
    form = FORMS["stufe"]
    is_open, errors, *_ = save_form(demo_db, REGION_NW, form, _values(form, stage="aktiv"), {}, "DE-NW")
    assert is_open is True and errors[len(form.names)] == "„Kommune“ darf nicht leer sein."


def test_enrolling_in_a_cohort_rebuilds_its_grids(demo_db):
    with demo_db.session() as session:
        cohort_id = session.scalar(select(Cohort.id).where(Cohort.status != "abgesagt").order_by(Cohort.id).limit(1))
    coordinator = Actor(name="Erika Muster", role="koordination")
    form = FORMS["teilnahme"]
    raw = _values(form, participant_code="tn-test-1", small_group="Neu", registered_on="01.02.2025")
    _open, _errors, _message, done, saved = save_form(demo_db, coordinator, form, raw, {}, cohort_id)
    assert saved and "TN-TEST-1 angemeldet" in _text(done)
    with demo_db.session() as session:
        assert session.scalar(select(func.count()).where(Enrollment.cohort_id == cohort_id)) >= 1
    attendance, _goals = cohort_grids(demo_db, cohort_id)
    assert any(row["code"] == "TN-TEST-1" for row in attendance.rowData)
    assert cohort_grids(demo_db, "abc") is None


def test_retire_toggle_on_the_measure_page(demo_db):
    with demo_db.session() as session:
        measure_id = session.scalar(select(Measure.id).where(Measure.state_code == "DE-NW").limit(1))
    measures, cohorts = PAGES
    message, label, retired, note = toggle_retired(demo_db, REGION_NW, measures, measure_id, False)
    assert "ausgemustert" in _text(message) and label == "Wiederherstellen" and retired is True
    assert "Ausgemustert am" in _text(note)
    message, label, retired, note = toggle_retired(demo_db, REGION_NW, measures, measure_id, True)
    assert "wiederhergestellt" in _text(message) and label == "Ausmustern" and retired is False and note is None
    refused = toggle_retired(demo_db, READER, measures, measure_id, False)
    assert "nur lesen" in _text(refused[0]) and refused[1] is no_update
    assert toggle_retired(demo_db, REGION_NW, measures, "x", False) == (no_update,) * 4
    with demo_db.session() as session:
        cohort_id = session.scalar(select(Cohort.id).where(Cohort.state_code == "DE-NW").limit(1))
    message, label, retired, note = toggle_retired(demo_db, REGION_NW, cohorts, cohort_id, False)
    assert "Die Kohorte wurde ausgemustert" in _text(message) and "Diese Kohorte" in _text(note)


def test_editing_a_municipality_shows_its_stored_values_and_saves_changes(demo_db):
    with demo_db.session() as session:
        place = session.scalars(
            select(Municipality).where(Municipality.state_code == "DE-NW", Municipality.population > 1000).limit(1)
        ).one()
        other_state = session.scalar(select(Municipality.id).where(Municipality.state_code == "DE-BW").limit(1))
    name, kind, ags, population = stored_values(demo_db, REGION_NW, str(place.id))
    assert (name, kind, ags) == (place.name, place.kind, place.ags or "")
    assert population == f"{place.population:,}".replace(",", ".")
    assert stored_values(demo_db, REGION_NW, str(other_state)) == ("",) * 4  # out of scope: nothing shown
    assert stored_values(demo_db, REGION_NW, "abc") == ("",) * 4
    form = FORMS["kommune-edit"]
    raw = _values(form, municipality_id=str(place.id), name=name, kind=kind, ags=ags, population="12.345")
    context = {"versions": {str(place.id): place.version}}
    is_open, _errors, _message, done, saved = save_form(demo_db, REGION_NW, form, raw, context, "DE-NW")
    assert (is_open, saved) == (False, True) and "Gespeichert" in _text(done)
    with demo_db.session() as session:
        changed = session.get(Municipality, place.id)
        assert (changed.population, changed.version) == (12345, place.version + 1)
    # the same form again, with the version it was opened with: someone else's change in between
    is_open, _errors, message, _done, saved = save_form(demo_db, REGION_NW, form, raw, context, "DE-NW")
    assert is_open is True and saved is False and "inzwischen" in _text(message)


def form_text_day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _cohort_in_nw(db) -> Cohort:
    with db.session() as session:
        return session.scalars(
            select(Cohort)
            .where(Cohort.state_code == "DE-NW", Cohort.status != "abgesagt", Cohort.sessions.any())
            .order_by(Cohort.id)
            .limit(1)
        ).one()


def test_editing_the_cohort_opens_with_its_stored_values_and_rebuilds_the_page(demo_db):
    cohort = _cohort_in_nw(demo_db)
    form = FORMS["kohorte-edit"]
    is_open, *values, context, message = open_form(
        demo_db, REGION_NW, form, ids.Entry.open(form.key), cohort.id, date(2025, 2, 1)
    )
    shown = dict(zip(form.names, values, strict=True))
    assert is_open and message == "" and context["versions"] == {str(cohort.id): cohort.version}
    assert shown["title"] == cohort.title and shown["starts_on"] == cohort.starts_on.strftime("%d.%m.%Y")
    raw = tuple({**shown, "title": "Umbenannte Kohorte"}.values())
    is_open, _errors, _message, done, saved = save_form(demo_db, REGION_NW, form, raw, context, cohort.id)
    assert (is_open, saved) == (False, True) and "Angaben der Kohorte" in _text(done)
    header, _summary, _attendance, _goals = cohort_boxes(demo_db, cohort.id)
    assert "Umbenannte Kohorte" in str(header) and cohort_boxes(demo_db, "x") is None
    is_open, _errors, message, _done, saved = save_form(demo_db, REGION_NW, form, raw, context, cohort.id)
    assert (is_open, saved) == (True, False) and "inzwischen" in _text(message)  # opened before the save


def test_editing_a_session_shows_the_chosen_one_and_refuses_a_stale_form(demo_db):
    cohort = _cohort_in_nw(demo_db)
    with demo_db.session() as session:
        step = session.scalars(select(CohortSession).where(CohortSession.cohort_id == cohort.id).limit(1)).one()
    form = FORMS["termin-edit"]
    *values, context = chosen_session(demo_db, str(step.id), {"page": cohort.id, "versions": {}})
    assert values == [step.kind, step.title, step.held_on.strftime("%d.%m.%Y"), form_text_day(step.ends_on)]
    assert context["shown"]["title"] == step.title and context["page"] == cohort.id
    assert chosen_session(demo_db, "abc", None)[-1] == {"shown": None}
    raw = (str(step.id), step.kind, "Neuer Titel", values[2], values[3])
    is_open, _errors, _message, done, saved = save_form(demo_db, REGION_NW, form, raw, context, cohort.id)
    assert saved and "Neuer Titel" in _text(done)
    is_open, _errors, message, _done, saved = save_form(demo_db, REGION_NW, form, raw, context, cohort.id)
    assert (is_open, saved) == (True, False) and "inzwischen" in _text(message)


def test_retiring_and_restoring_an_enrollment_from_the_cohort_page(demo_db):
    cohort = _cohort_in_nw(demo_db)
    with demo_db.session() as session:
        enrollment_id = session.scalar(
            select(Enrollment.id).where(Enrollment.cohort_id == cohort.id).order_by(Enrollment.id).limit(1)
        )
    retire_form, restore_form = FORMS["teilnahme-aus"], FORMS["kohorte-zurueck"]
    assert retired_list(demo_db, cohort.id, ["ausgemusterte"]).children == "In dieser Kohorte ist nichts ausgemustert."
    *_rest, done, saved = save_form(demo_db, REGION_NW, retire_form, (str(enrollment_id),), {}, cohort.id)
    assert saved and "ausgemustert" in _text(done)
    attendance, _goals = cohort_grids(demo_db, cohort.id)
    assert enrollment_id not in {row["id"] for row in attendance.rowData}
    assert "Teilnahme" in str(retired_list(demo_db, cohort.id, ["ausgemusterte"]))
    assert retired_list(demo_db, cohort.id, []) is None
    opened = open_form(demo_db, REGION_NW, restore_form, ids.Entry.open(restore_form.key), cohort.id, date.today())
    assert f"enrollments:{enrollment_id}" in [option["value"] for option in opened[1]]
    _is_open, errors, _message, _done, saved = save_form(demo_db, REGION_NW, restore_form, ("users:1",), {}, cohort.id)
    assert saved is False and "ausgemusterten Eintrag" in errors[-1]
    *_rest, done, saved = save_form(demo_db, REGION_NW, restore_form, (f"enrollments:{enrollment_id}",), {}, cohort.id)
    assert saved and "wiederhergestellt" in _text(done)
    with demo_db.session() as session:
        assert session.get(Enrollment, enrollment_id).retired_at is None


def test_renaming_a_measure_on_its_page(demo_db):
    with demo_db.session() as session:
        measure = session.scalars(select(Measure).where(Measure.state_code == "DE-NW").limit(1)).one()
    form = FORMS["massnahme-edit"]
    _is_open, code, title, context, _message = open_form(
        demo_db, REGION_NW, form, ids.Entry.open(form.key), measure.id, date.today()
    )
    assert (code, title) == (measure.code, measure.title)
    *_rest, done, saved = save_form(demo_db, REGION_NW, form, (code, "Neuer Titel"), context, measure.id)
    assert saved and "Code und Titel" in _text(done)
    assert "Neuer Titel" in str(measure_header(demo_db, measure.id)) and measure_header(demo_db, "x") is None
    *_rest, message, _done, saved = save_form(demo_db, READER, form, (code, "X"), context, measure.id)
    assert saved is False and "nur lesen" in _text(message)
