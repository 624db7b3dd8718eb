"""Browser tests of the entry forms, checked in the database afterwards: a regional manager adds a municipality
and moves it through two stages (the pipeline changes), adds a Pat:in; a coordinator adds a measure, finds it in
the grid, retires it (it leaves the grid, "Ausgemusterte zeigen" brings it back) and restores it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from data.models import (
    AuditEntry,
    Cohort,
    CohortSession,
    Enrollment,
    Measure,
    Municipality,
    MunicipalityStageEvent,
    Volunteer,
)

pytestmark = pytest.mark.browser

STAGES = "#land-stages"


def _stage_count(page, label: str) -> int:
    """The number next to a stage's badge in the pipeline summary."""
    text = page.locator(STAGES).inner_text()
    found = re.search(rf"{label}\s+([\d.]+)", text)
    assert found, text
    return int(found.group(1).replace(".", ""))


def _fill(page, form: str, values: dict[str, str]) -> None:
    for name, value in values.items():
        element = page.locator(f"#entry-{form}-field-{name.replace('_', '-')}")
        if element.evaluate("e => e.tagName") == "SELECT":
            element.select_option(label=value)
        else:
            element.fill(value)


def _wait_listed(page, name: str, listed: bool) -> None:
    """Wait until the state page's municipality grid (all its pages) does or does not hold a row ``name``."""
    page.wait_for_function(
        """([name, listed]) => {
            const api = window.dash_ag_grid && dash_ag_grid.getApi('land-municipality-grid');
            if (!api) { return false; }
            const names = [];
            api.forEachNode(node => names.push(node.data.name));
            return names.length > 0 && names.includes(name) === listed;
        }""",
        arg=[name, listed],
    )


def _open_form(page, form: str, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(f"#entry-{form}-modal")).to_be_visible()


def test_region_manager_adds_a_municipality_moves_it_two_stages_and_adds_a_pat(
    live_server, logged_in_page, console_errors, demo_db
):
    page = logged_in_page("region-nw")
    page.goto(live_server.url + "/laender/DE-NW")
    expect(page.locator(STAGES)).to_contain_text("Angesprochen")
    contacted, interested = _stage_count(page, "Angesprochen"), _stage_count(page, "Interessiert")

    _open_form(page, "kommune", "Kommune hinzufügen")
    _fill(
        page,
        "kommune",
        {"name": "Testhausen", "kind": "Gemeinde", "ags": "10999123", "population": "1.234", "stage": "Angesprochen"},
    )
    _fill(page, "kommune", {"entered_on": "10.01.2025"})
    page.locator("#entry-kommune-save").click()
    # refused next to the field, nothing stored
    expect(page.locator("#entry-kommune-feedback-ags")).to_contain_text("gehört zu Saarland")
    expect(page.locator("#entry-kommune-field-ags")).to_have_class(re.compile("is-invalid"))
    _fill(page, "kommune", {"ags": "05999123"})
    page.locator("#entry-kommune-save").click()
    expect(page.locator("#entry-kommune-done")).to_contain_text("Gespeichert: Kommune „Testhausen“ angelegt")
    expect(page.locator("#entry-kommune-modal")).to_be_hidden()
    expect(page.locator(STAGES)).to_contain_text(f"Angesprochen {contacted + 1}")
    _wait_listed(page, "Testhausen", listed=True)

    _open_form(page, "stufe", "Stufe ändern")
    _fill(page, "stufe", {"municipality_id": "Testhausen", "stage": "Interessiert", "entered_on": "01.01.2025"})
    page.locator("#entry-stufe-save").click()
    expect(page.locator("#entry-stufe-feedback-entered-on")).to_contain_text("nicht vor der vorigen (10.01.2025)")
    _fill(page, "stufe", {"entered_on": "01.02.2025"})
    page.locator("#entry-stufe-save").click()
    expect(page.locator("#entry-stufe-done")).to_contain_text("Gespeichert")
    expect(page.locator(STAGES)).to_contain_text(f"Angesprochen {contacted}")
    expect(page.locator(STAGES)).to_contain_text(f"Interessiert {interested + 1}")

    _open_form(page, "stufe", "Stufe ändern")
    _fill(page, "stufe", {"municipality_id": "Testhausen", "stage": "Ratsbeschluss", "entered_on": "15.02.2025"})
    page.locator("#entry-stufe-save").click()
    expect(page.locator(STAGES)).to_contain_text(f"Interessiert {interested}")

    _open_form(page, "pat", "Pat:in hinzufügen")
    _fill(page, "pat", {"municipality_id": "Testhausen", "code": "kp-nw-999", "joined_on": "20.02.2025"})
    page.locator("#entry-pat-save").click()
    expect(page.locator("#entry-pat-done")).to_contain_text("Gespeichert: Pat:in KP-NW-999 hinzugefügt")

    # retire: it leaves the list (unless "Ausgemusterte zeigen") and the pipeline; restore brings it back
    _open_form(page, "kommune-aus", "Kommune ausmustern")
    _fill(page, "kommune-aus", {"municipality_id": "Testhausen"})
    page.locator("#entry-kommune-aus-save").click()
    expect(page.locator("#entry-kommune-aus-done")).to_contain_text("Gespeichert: Die Kommune wurde ausgemustert")
    _wait_listed(page, "Testhausen", listed=False)
    page.get_by_label("Ausgemusterte zeigen").check()
    _wait_listed(page, "Testhausen (ausgemustert)", listed=True)
    _open_form(page, "kommune-zurueck", "Ausgemusterte wiederherstellen")
    _fill(page, "kommune-zurueck", {"municipality_id": "Testhausen"})
    page.locator("#entry-kommune-zurueck-save").click()
    expect(page.locator("#entry-kommune-zurueck-done")).to_contain_text("wiederhergestellt")
    _wait_listed(page, "Testhausen", listed=True)

    with demo_db.session() as session:
        place = session.scalars(select(Municipality).where(Municipality.ags == "05999123")).one()
        assert (place.name, place.population, place.stage, str(place.joined_on)) == (
            "Testhausen",
            1234,
            "ratsbeschluss",
            "2025-02-15",
        )
        events = session.scalars(
            select(MunicipalityStageEvent.stage)
            .where(MunicipalityStageEvent.municipality_id == place.id)
            .order_by(MunicipalityStageEvent.entered_on)
        ).all()
        assert events == ["angesprochen", "interessiert", "ratsbeschluss"]
        volunteer = session.scalars(select(Volunteer).where(Volunteer.code == "KP-NW-999")).one()
        assert volunteer.municipality_id == place.id
        actors = set(
            session.scalars(
                select(AuditEntry.actor).where(AuditEntry.table_name == "municipalities", AuditEntry.row_id == place.id)
            )
        )
        assert actors == {"Rita Region NRW (Demo)"}
        assert session.scalar(select(func.count()).where(Municipality.ags == "10999123")) == 0
        assert place.retired_at is None
        retired_audit = session.scalars(
            select(AuditEntry.comment).where(
                AuditEntry.table_name == "municipalities",
                AuditEntry.row_id == place.id,
                AuditEntry.field == "retired_at",
            )
        ).all()
        assert retired_audit == ["ausgemustert", "wiederhergestellt"]
    assert console_errors == []


def test_coordinator_adds_a_measure_finds_it_retires_and_restores_it(
    live_server, logged_in_page, console_errors, demo_db
):
    page = logged_in_page("koordination")
    page.goto(live_server.url + "/massnahmen")
    _open_form(page, "massnahme", "Neue Maßnahme")
    _fill(page, "massnahme", {"program_id": "KlikKS", "title": "Balkonkraftwerke Testhausen"})
    page.locator("#entry-massnahme-save").click()
    expect(page.locator("#entry-massnahme-feedback-sector")).to_contain_text("„Handlungsfeld“ darf nicht leer sein")
    _fill(page, "massnahme", {"sector": "Energie", "co2_t_per_year": "2,5"})
    page.locator("#entry-massnahme-save").click()
    expect(page.locator("#entry-massnahme-done")).to_contain_text("Gespeichert: Maßnahme KLIKKS-0001")
    expect(page.get_by_role("dialog", name="Neue Maßnahme")).to_be_hidden()  # a saved form closes

    with demo_db.session() as session:
        measure = session.scalars(select(Measure).where(Measure.code == "KLIKKS-0001")).one()
        assert (measure.title, float(measure.co2_t_per_year), measure.status) == (
            "Balkonkraftwerke Testhausen",
            2.5,
            "geplant",
        )
        measure_id = measure.id

    search = page.locator("#massnahmen-suche")
    search.fill("Balkonkraftwerke Testhausen")
    search.press("Enter")
    grid = page.locator("#massnahmen-grid")
    link = grid.get_by_role("link", name="Balkonkraftwerke Testhausen")
    expect(link).to_be_visible()
    link.click()

    expect(page.locator("#measure-retire")).to_have_text("Ausmustern")
    page.locator("#measure-retire").click()
    expect(page.locator("#measure-retire-feedback")).to_contain_text("Gespeichert: Die Maßnahme wurde ausgemustert")
    expect(page.locator("#measure-retired-note")).to_contain_text("Ausgemustert am")
    with demo_db.session() as session:
        assert session.get(Measure, measure_id).retired_at is not None

    page.goto(live_server.url + "/massnahmen?suche=Balkonkraftwerke+Testhausen")
    expect(grid).to_contain_text("Keine Maßnahmen für diese Filter")
    page.get_by_label("Ausgemusterte zeigen").check()
    expect(grid).to_contain_text("ausgemustert")
    grid.get_by_role("link", name="Balkonkraftwerke Testhausen").click()
    expect(page.locator("#measure-retire")).to_have_text("Wiederherstellen")
    page.locator("#measure-retire").click()
    expect(page.locator("#measure-retire-feedback")).to_contain_text("wiederhergestellt")
    expect(page.locator("#measure-retire")).to_have_text("Ausmustern")

    with demo_db.session() as session:
        assert session.get(Measure, measure_id).retired_at is None
        comments = session.scalars(
            select(AuditEntry.comment)
            .where(
                AuditEntry.table_name == "measures", AuditEntry.row_id == measure_id, AuditEntry.field == "retired_at"
            )
            .order_by(AuditEntry.id)
        ).all()
        assert comments == ["ausgemustert", "wiederhergestellt"]
    assert console_errors == []


def test_coordinator_edits_a_session_and_retires_an_enrollment_on_the_cohort_page(
    live_server, logged_in_page, console_errors, demo_db
):
    with demo_db.session() as session:
        cohort = session.scalars(
            select(Cohort)
            .where(Cohort.state_code == "DE-NW", Cohort.status != "abgesagt", Cohort.sessions.any())
            .order_by(Cohort.id)
            .limit(1)
        ).one()
        step = session.scalars(
            select(CohortSession).where(CohortSession.cohort_id == cohort.id).order_by(CohortSession.position).limit(1)
        ).one()
        enrollment = session.scalars(
            select(Enrollment).where(Enrollment.cohort_id == cohort.id).order_by(Enrollment.id).limit(1)
        ).one()
        session_label = f"{step.position}. {step.title} ({step.held_on:%d.%m.%Y})"
        code = enrollment.participant.code
    page = logged_in_page("koordination")
    page.goto(f"{live_server.url}/kohorten/{cohort.id}")

    _open_form(page, "termin-edit", "Termin bearbeiten")
    _fill(page, "termin-edit", {"session_id": session_label})
    expect(page.locator("#entry-termin-edit-field-title")).to_have_value(step.title)  # the stored values
    _fill(page, "termin-edit", {"title": "Auftakt im Rathaus", "held_on": "30.02.2025"})
    page.locator("#entry-termin-edit-save").click()
    expect(page.locator("#entry-termin-edit-feedback-held-on")).to_contain_text("30.02.2025")
    _fill(page, "termin-edit", {"held_on": step.held_on.strftime("%d.%m.%Y")})
    page.locator("#entry-termin-edit-save").click()
    expect(page.locator("#entry-termin-edit-done")).to_contain_text("Gespeichert: Termin „Auftakt im Rathaus“")
    expect(page.locator("#kohorte-session-rows")).to_contain_text("Auftakt im Rathaus")

    _open_form(page, "teilnahme-aus", "Teilnahme ausmustern")
    _fill(page, "teilnahme-aus", {"enrollment_id": code})
    page.locator("#entry-teilnahme-aus-save").click()
    expect(page.locator("#entry-teilnahme-aus-done")).to_contain_text("Die Teilnahme wurde ausgemustert")
    expect(page.locator("#kohorte-attendance")).not_to_contain_text(code)
    page.get_by_label("Ausgemusterte zeigen").check()
    expect(page.locator("#kohorte-retired-rows")).to_contain_text(code)

    with demo_db.session() as session:
        assert session.get(CohortSession, step.id).title == "Auftakt im Rathaus"
        assert session.get(Enrollment, enrollment.id).retired_at is not None
        sources = session.scalars(
            select(AuditEntry.source).where(
                AuditEntry.table_name.in_(("cohort_sessions", "enrollments")),
                AuditEntry.row_id.in_((step.id, enrollment.id)),
                AuditEntry.field.in_(("title", "retired_at")),
            )
        ).all()
        assert sorted(sources) == ["ui", "ui"]
    assert console_errors == []
