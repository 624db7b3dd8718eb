"""In the browser: ask on a measure page, find the request under "Meine Nachfragen" as its contact
person, answer it with a status update, and see it closed on the measure page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from data.commands.contacts import set_measure_contacts
from data.models import Measure, OutgoingMail, Program, UpdateRequest, User
from data.permissions import Actor
from data.queries.nachfragen import open_count
from tests.test_accessibility_browser import _open_ready, _serious_violations

pytestmark = pytest.mark.browser


def _muenster_measure(db) -> tuple[int, str]:
    with db.session() as s:
        measure = s.scalars(
            select(Measure)
            .join(Program, Program.id == Measure.program_id)
            .where(Program.code == "ksv-muenster", Measure.status != "umgesetzt")
            .order_by(Measure.id)
        ).first()
        set_measure_contacts(s, Actor("Test", role="admin"), measure.id, "kommune-muenster", source="cli")
        return measure.id, measure.code


def test_ask_find_under_meine_nachfragen_answer_with_a_status_update(
    live_server, demo_db, page, console_errors, logged_in_page
):
    measure_id, code = _muenster_measure(demo_db)
    logged_in_page("koordination")
    page.goto(f"{live_server.url}/massnahmen/{measure_id}")
    expect(page.locator("#measure-contacts")).to_contain_text("Max Münster (Demo)")
    page.fill("#measure-request-message", "Wie weit ist die Umsetzung?")
    page.get_by_role("button", name="Frage nach!").click()
    expect(page.locator("#measure-request-feedback")).to_contain_text("Nachfrage gespeichert")

    page.goto(f"{live_server.url}/abmelden")
    logged_in_page("kommune-muenster")
    with demo_db.session() as s:  # the demo's own open requests about Münster count too
        waiting = open_count(s, s.scalar(select(User.id).where(User.login == "kommune-muenster")))
    expect(page.locator("#nav-open-requests")).to_have_text(f"{waiting} offen")  # the in-app notice
    page.get_by_role("link", name="Meine Nachfragen").click()
    addressed = page.locator("#nachfragen-an-mich")
    expect(addressed).to_contain_text(code)
    expect(addressed).to_contain_text("Wie weit ist die Umsetzung?")
    expect(addressed).to_contain_text("heute")
    addressed.get_by_role("link").filter(has_text=code).click()

    expect(page.locator("#measure-answer-form")).to_be_visible()
    page.fill("#measure-answer-text", "Die Anlage ist in Betrieb.")
    page.select_option("#measure-answer-status", "umgesetzt")
    page.fill("#measure-answer-progress", "100")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.locator("#measure-answer-feedback")).to_contain_text("Antwort gespeichert")
    expect(page.locator("#measure-request-count")).to_have_text("0")
    expect(page.locator("#measure-answered")).to_contain_text("Beantwortet")
    expect(page.locator("#measure-answered")).to_contain_text("Die Anlage ist in Betrieb.")
    expect(page.locator("#measure-summary")).to_contain_text("Umgesetzt")

    page.reload()  # closed for good: stored, not only shown
    expect(page.locator("#measure-answered")).to_contain_text("von Max Münster (Demo)")
    expect(page.locator("#measure-requests")).to_contain_text("Keine offenen Nachfragen")
    with demo_db.session() as s:
        request = s.scalars(select(UpdateRequest).where(UpdateRequest.measure_id == measure_id)).one()
        assert request.answered_by == "Max Münster (Demo)" and request.answer == "Die Anlage ist in Betrieb."
        measure = s.get(Measure, measure_id)
        assert (measure.status, measure.progress_pct) == ("umgesetzt", 100)
        kinds = sorted(s.scalars(select(OutgoingMail.kind)))
    assert kinds == ["antwort"] or kinds == []  # the asker has no address in the demo data: in-app only
    assert console_errors == []


def test_contact_persons_are_edited_on_the_measure_page(live_server, demo_db, page, logged_in_page):
    measure_id, _code = _muenster_measure(demo_db)
    logged_in_page("kommune-muenster")
    page.goto(f"{live_server.url}/massnahmen/{measure_id}")
    page.fill("#measure-contacts-editor", "kommune-muenster\nplanung@muenster.example")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("#measure-contacts-feedback")).to_contain_text("Ansprechpersonen gespeichert")
    expect(page.locator("#measure-contacts")).to_contain_text("planung@muenster.example")
    page.fill("#measure-contacts-editor", "gibt-es-nicht")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("#measure-contacts-feedback")).to_contain_text("Nicht gespeichert")
    expect(page.locator("#measure-contacts")).to_contain_text("planung@muenster.example")


def test_signed_in_pages_have_no_serious_accessibility_violations(live_server, browser, demo_db):
    measure_id, _code = _muenster_measure(demo_db)
    context = browser.new_context(bypass_csp=True, locale="de-DE", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/anmelden")
    from tests.support.accounts import DEMO_PASSWORD

    page.fill("input[name='login']", "admin")
    page.fill("input[name='password']", DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#user-name")).to_be_visible()
    found = {}
    for path in ("/nachfragen", "/verwaltung/mail", f"/massnahmen/{measure_id}"):
        _open_ready(page, live_server.url + path)
        violations = _serious_violations(page)
        if violations:
            found[path] = violations
    expect(page.locator("#measure-answer-form")).to_be_visible()
    page.goto(live_server.url + "/verwaltung/mail")
    expect(page.locator("#mail-server")).to_contain_text("Kein Mailserver eingerichtet")
    context.close()
    assert not found, "\n".join(f"{path}: {v}" for path, violations in found.items() for v in violations)
