"""Measure detail page: queries, the "Frage nach!" command, the page as callbacks and in the browser."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from callbacks.errors import PageNotFound
from callbacks.measure_detail import ask_for_update, render_measure_detail
from callbacks.routing import render_page
from data.commands.errors import NotFoundError, ValidationError
from data.commands.update_requests import request_update
from data.models import AuditEntry, Measure, Program, UpdateRequest
from data.permissions import PermissionDenied
from data.queries.measure_detail import measure_detail, status_history, update_requests
from data.queries.measure_filters import freshness_band
from tests.support.accounts import as_coordinator

SCRIPT = "<script>window.__pwned = true</script><img src=x onerror=alert(1)>"


@pytest.fixture
def one_measure(empty_db):
    with empty_db.session() as s:
        program = Program(code="p", name="Programm", short_name="Klimaplan")
        measure = Measure(
            code="M-1",
            program=program,
            title="Radweg " + SCRIPT,
            sector="Mobilität",
            status="verzoegert",
            description_what="Zeile 1\nZeile 2",
            co2_t_per_year=None,
            cost_eur=1234.5,
            progress_pct=30,
            updated_at=datetime(2024, 1, 1, 9, tzinfo=UTC),
            version=3,
        )
        s.add(measure)
        s.flush()
        for when, old, new in [
            (datetime(2023, 5, 1, tzinfo=UTC), "geplant", "in_umsetzung"),
            (datetime(2023, 11, 1, tzinfo=UTC), "in_umsetzung", "verzoegert"),
        ]:
            s.add(
                AuditEntry(
                    table_name="measures",
                    row_id=measure.id,
                    field="status",
                    old_value=old,
                    new_value=new,
                    actor="Stabsstelle",
                    changed_at=when,
                    source="ui",
                )
            )
        s.add(
            AuditEntry(
                table_name="measures",
                row_id=measure.id,
                field="cost_eur",
                old_value=None,
                new_value="1234.5",
                actor="Stabsstelle",
                changed_at=datetime(2023, 6, 1, tzinfo=UTC),
                source="ui",
            )
        )
        s.commit()
        yield empty_db, measure.id


def test_detail_and_history(one_measure):
    db, measure_id = one_measure
    with db.session() as s:
        detail = measure_detail(s, measure_id)
        history = status_history(s, measure_id)
        assert measure_detail(s, measure_id + 1) is None
    assert detail.program == "Klimaplan" and detail.cost_eur == 1234.5 and detail.co2_t_per_year is None
    assert list(history["new_value"]) == ["in_umsetzung", "verzoegert"]  # the cost change is not a status change


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, "≤ 30 Tage"),
        (30, "≤ 30 Tage"),
        (31, "≤ 90 Tage"),
        (180, "≤ 180 Tage"),
        (181, "veraltet"),
        (None, "veraltet"),
    ],
)
def test_freshness_bands(days, band):
    assert freshness_band(days) == band


def test_request_update_is_stored_and_audited(one_measure):
    db, measure_id = one_measure
    with db.session() as s:
        request_id = request_update(s, as_coordinator("Beirat"), measure_id, "  Wie ist der Stand?  ").request_id
    with db.session() as s:
        requests = update_requests(s, measure_id)
        audit = s.execute(select(AuditEntry).where(AuditEntry.table_name == "update_requests")).scalar_one()
    assert list(requests["message"]) == ["Wie ist der Stand?"]
    assert audit.row_id == request_id and audit.actor == "Beirat" and audit.new_value == "Wie ist der Stand?"


@pytest.mark.parametrize(
    ("actor", "measure_offset", "message", "error", "text"),
    [
        ("", 0, "x", PermissionDenied, "melden Sie sich an"),
        ("x" * 121, 0, "x", ValidationError, "höchstens 120 Zeichen"),
        ("Beirat", 0, "x" * 1001, ValidationError, "höchstens 1000 Zeichen"),
        ("Beirat", 0, "Bitte\x00", ValidationError, "Steuerzeichen"),
        ("Beirat", 99, "x", NotFoundError, "gibt es nicht"),
    ],
)
def test_invalid_requests_change_nothing(one_measure, actor, measure_offset, message, error, text):
    db, measure_id = one_measure
    with db.session() as s, pytest.raises(error, match=text):
        request_update(s, as_coordinator(actor), measure_id + measure_offset, message)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(UpdateRequest)) == 0
        assert s.scalar(select(func.count()).where(AuditEntry.table_name == "update_requests")) == 0


def test_page_renders_text_safely_and_marks_unknowns(one_measure):
    db, measure_id = one_measure
    page = render_measure_detail(db, {}, str(measure_id), today=date(2024, 3, 1))
    text = str(page.to_plotly_json())
    assert SCRIPT in text  # as a plain string child, which React renders as text
    assert "dangerously" not in text.lower()
    assert "1.234 €" in text or "1.235 €" in text
    assert "keine Angabe" in text and not re.search(r"\bnan\b", text, re.IGNORECASE)
    assert "vor 60 Tagen" in text and "≤ 90 Tage" in text


@pytest.mark.parametrize("raw", ["abc", "0", "999999", "-1"])
def test_unknown_or_malformed_ids_give_the_404_page(one_measure, raw):
    db, _ = one_measure
    if raw in ("abc", "-1", "0"):  # ids are positive whole numbers
        with pytest.raises(PageNotFound, match="keine gültige"):
            render_measure_detail(db, {}, raw)
    else:
        with pytest.raises(PageNotFound, match="gibt es nicht"):
            render_measure_detail(db, {}, raw)
    _page, title = render_page(db, f"/massnahmen/{raw}", "")
    assert title.startswith("Nicht gefunden")


def test_ask_callback_reports_errors_in_german(one_measure):
    db, measure_id = one_measure
    feedback, *_ = ask_for_update(db, as_coordinator("Beirat"), measure_id, "x" * 1001)
    assert "höchstens 1000 Zeichen" in str(feedback.to_plotly_json())
    feedback, listing, count, cleared = ask_for_update(db, as_coordinator("Beirat"), measure_id, "Bitte aktualisieren")
    assert "gespeichert" in str(feedback.to_plotly_json()) and count == "1" and cleared == ""
    assert "Bitte aktualisieren" in str(listing.to_plotly_json())


@pytest.mark.browser
def test_detail_page_in_the_browser_records_a_request(live_server, demo_db, page, console_errors, logged_in_page):
    logged_in_page("koordination")
    with demo_db.session() as s:
        measure_id = s.scalar(select(Measure.id).where(Measure.title == "Durchführung von KlimaTrainings"))
        before = s.scalar(select(func.count()).where(UpdateRequest.measure_id == measure_id))
    page.goto(f"{live_server.url}/massnahmen/{measure_id}")
    expect(page.locator("h1.page-title")).to_have_text("Durchführung von KlimaTrainings")
    expect(page.locator("#measure-summary")).to_contain_text("Nicht erreicht")
    expect(page.locator("#measure-summary")).to_contain_text("Wer macht es?")
    expect(page.locator("#measure-impacts")).to_contain_text("200 t CO₂/Jahr")
    expect(page.locator("#measure-history li")).to_have_count(2)
    page.fill("#measure-request-message", "Gibt es einen neuen Stand?")
    page.get_by_role("button", name="Frage nach!").click()
    expect(page.locator("#measure-request-feedback")).to_contain_text("Nachfrage gespeichert")
    expect(page.locator("#measure-requests")).to_contain_text("Gibt es einen neuen Stand?")
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).where(UpdateRequest.measure_id == measure_id)) == before + 1
    assert console_errors == []


@pytest.mark.browser
def test_unknown_measure_shows_the_german_404_page(live_server, page):
    page.goto(f"{live_server.url}/massnahmen/424242")
    expect(page.locator("#page-not-found")).to_contain_text("Die Maßnahme Nr. 424242 gibt es nicht.")


@pytest.mark.browser
def test_html_in_fields_is_shown_as_text_not_executed(live_server, demo_db, page, console_errors):
    with demo_db.session() as s:
        measure = s.execute(select(Measure).where(Measure.code == "MS-KSV-02")).scalar_one()
        measure.title = "Solar " + SCRIPT
        measure.steps = SCRIPT
        s.commit()
        measure_id = measure.id
    page.goto(f"{live_server.url}/massnahmen/{measure_id}")
    expect(page.locator("h1.page-title")).to_have_text("Solar " + SCRIPT)
    expect(page.locator("#measure-implementation")).to_contain_text("<script>")
    assert page.evaluate("window.__pwned") is None
    assert console_errors == []
