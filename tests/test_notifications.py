""" "Frage nach!" reaches the responsible people, answers reach the asker, digests remind them —
checked against a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from data.commands.contacts import configure_notifications, set_measure_contacts
from data.commands.errors import ValidationError
from data.commands.update_requests import answer_requests, request_update
from data.commands.users import account
from data.models import AuditEntry, Measure, OutgoingMail, Program, UpdateRequest, User
from data.notifications.outbox import MAX_ATTEMPTS, deliver_due
from data.notifications.reminders import repeat_step, send_reminders
from data.notifications.smtp import SmtpServer
from data.permissions import Actor, PermissionDenied
from data.queries.nachfragen import addressed_to_me, asked_by_me, mail_queue_state
from data.rules import default_stand
from tests.support.smtp import LocalSmtp, body, free_port

PUBLIC = "https://klikks.example.org"
ADMIN = Actor("Kommandozeile (Test)", role="admin")


def _actor(session, login: str) -> Actor:
    """The actor a sign-in as this demo account acts as."""
    user_id = session.scalar(select(User.id).where(User.login == login))
    return account(session, user_id).actor()


def _set_email(session, login: str, email: str) -> None:
    session.execute(update(User).where(User.login == login).values(email=email))
    session.commit()


def _muenster_measures(session, count: int) -> list[int]:
    return list(
        session.scalars(
            select(Measure.id)
            .join(Program, Program.id == Measure.program_id)
            .where(Program.code == "ksv-muenster")
            .order_by(Measure.id)
            .limit(count)
        )
    )


@pytest.fixture
def smtp():
    with LocalSmtp() as running:
        yield running


@pytest.fixture
def asked(demo_db):
    """A Münster measure with two contact persons (an account and a bare address), asked about by the coordinator."""
    with demo_db.session() as s:
        _set_email(s, "kommune-muenster", "max@muenster.example")
        _set_email(s, "koordination", "kim@klikks.example")
        (measure_id,) = _muenster_measures(s, 1)
        set_measure_contacts(s, ADMIN, measure_id, "kommune-muenster\nExtern@Example.org", source="cli")
        result = request_update(s, _actor(s, "koordination"), measure_id, "Wie ist der Stand?", public_url=PUBLIC)
    return demo_db, measure_id, result


def test_a_request_mails_each_contact_person_once_with_the_link(asked, smtp):
    db, measure_id, result = asked
    assert not result.folded and result.notified == 2
    with db.session() as s:
        delivery = deliver_due(s, smtp.server.send)
    assert delivery.sent == 2
    assert sorted(m["To"] for m in smtp.sink.messages) == ["extern@example.org", "max@muenster.example"]
    link = f"{PUBLIC}/massnahmen/{measure_id}"
    for message in smtp.sink.messages:
        assert link in body(message) and f'href="{link}"' in body(message, "html")
        assert "Kim Koordination (Demo)" in body(message) and "Wie ist der Stand?" in body(message)
        assert message["Subject"].startswith("Frage nach!")
    with db.session() as s:  # a second run sends nothing again
        assert deliver_due(s, smtp.server.send).sent == 0
    assert len(smtp.sink.messages) == 2


def test_asking_again_soon_folds_into_the_open_request(asked):
    db, measure_id, first = asked
    with db.session() as s:
        again = request_update(s, _actor(s, "lesen"), measure_id, "Gibt es Neuigkeiten?", public_url=PUBLIC)
        assert again.folded and again.request_id == first.request_id and again.notified == 0
        request = s.get(UpdateRequest, first.request_id)
        assert request.ask_count == 2 and request.answered_at is None
        assert s.scalar(select(func.count()).select_from(OutgoingMail)) == 2
        assert (
            s.scalar(
                select(func.count()).where(UpdateRequest.measure_id == measure_id, UpdateRequest.answered_at.is_(None))
            )
            == 1
        )


def test_an_answer_with_a_status_update_closes_the_request_and_notifies_the_asker(asked, smtp):
    db, measure_id, first = asked
    with db.session() as s:
        deliver_due(s, smtp.server.send)
        version = s.get(Measure, measure_id).version
        contact = _actor(s, "kommune-muenster")
        answered = answer_requests(
            s,
            contact,
            measure_id,
            "Der Bau hat begonnen.",
            {"status": "in_umsetzung", "progress_pct": "37"},
            version,
            public_url=PUBLIC,
        )
    assert answered.closed == 1 and answered.notified == 1 and answered.measure_version == version + 1
    with db.session() as s:
        measure = s.get(Measure, measure_id)
        request = s.get(UpdateRequest, first.request_id)
        assert (measure.status, measure.progress_pct, measure.updated_by) == ("in_umsetzung", 37, "Max Münster (Demo)")
        assert request.answered_at is not None and request.answered_by == "Max Münster (Demo)"
        assert request.answer == "Der Bau hat begonnen."
        fields = set(s.scalars(select(AuditEntry.field).where(AuditEntry.user_id == contact.user_id)))
        assert {"answer", "status", "progress_pct"} <= fields
        deliver_due(s, smtp.server.send)
    (mail,) = smtp.sink.to("kim@klikks.example")
    assert "Der Bau hat begonnen." in body(mail) and "Status: In Umsetzung" in body(mail)
    assert f"{PUBLIC}/massnahmen/{measure_id}" in body(mail)


def test_someone_not_responsible_cannot_answer_and_nothing_changes(asked):
    db, measure_id, first = asked
    with db.session() as s, pytest.raises(PermissionDenied):
        answer_requests(s, _actor(s, "lesen"), measure_id, "Erledigt", public_url=PUBLIC)
    with db.session() as s, pytest.raises(ValidationError, match="Antwort"):
        answer_requests(s, _actor(s, "kommune-muenster"), measure_id, "   ", public_url=PUBLIC)
    with db.session() as s:
        assert s.get(UpdateRequest, first.request_id).answered_at is None
        assert s.scalar(select(func.count()).where(OutgoingMail.kind == "antwort")) == 0


def test_a_refused_status_update_stores_no_answer(asked):
    """The answer and the measure update are one transaction: a bad status keeps the request open."""
    db, measure_id, first = asked
    with db.session() as s, pytest.raises(ValidationError):
        version = s.get(Measure, measure_id).version
        answer_requests(s, _actor(s, "kommune-muenster"), measure_id, "Fertig", {"status": "erfunden"}, version)
    with db.session() as s:
        assert s.get(UpdateRequest, first.request_id).answered_at is None


def test_mail_server_down_keeps_the_mail_and_a_later_run_sends_it(asked, smtp):
    db, _measure_id, _first = asked
    down = SmtpServer("127.0.0.1", free_port(), "dashboard@example.org", starttls=False)
    now = datetime.now(UTC)
    with db.session() as s:
        delivery = deliver_due(s, down.send, now)
        assert (delivery.sent, delivery.retrying) == (0, 2)
        assert mail_queue_state(s).waiting == 2 and len(mail_queue_state(s).problems) == 2
        assert deliver_due(s, smtp.server.send, now).sent == 0  # not yet due again
        assert deliver_due(s, smtp.server.send, now + timedelta(minutes=6)).sent == 2
        state = mail_queue_state(s)
        assert (state.waiting, state.sent, state.failed) == (0, 2, 0)
    assert len(smtp.sink.messages) == 2


def test_a_mail_that_keeps_failing_is_given_up_and_shown_to_admins(asked):
    db, _measure_id, _first = asked
    down = SmtpServer("127.0.0.1", free_port(), "dashboard@example.org", starttls=False)
    moment = datetime.now(UTC)
    with db.session() as s:
        for _ in range(MAX_ATTEMPTS):
            deliver_due(s, down.send, moment)
            moment += timedelta(days=1)
        state = mail_queue_state(s)
    assert state.failed == 2 and state.waiting == 0
    assert state.problems["failed"].all() and state.problems["last_error"].str.contains("Error").all()


def _state_measures(session, state: str, count: int) -> list[int]:
    return list(
        session.scalars(select(Measure.id).where(Measure.state_code == state).order_by(Measure.id).limit(count))
    )


def test_a_contact_person_sees_only_requests_about_their_measures(demo_db):
    with demo_db.session() as s:
        mine, other = _state_measures(s, "DE-BW", 2)  # Baden-Württemberg has no accounts of its own
        (local,) = _muenster_measures(s, 1)
        set_measure_contacts(s, ADMIN, mine, "kommune-muenster", source="cli")
        asker = _actor(s, "lesen")
        for measure_id in (mine, other, local):
            request_update(s, asker, measure_id, "Stand?")
        contact, coordinator, region = (_actor(s, login) for login in ("kommune-muenster", "koordination", "region-nw"))
        muenster = set(_muenster_measures(s, 10_000))
        seen = set(addressed_to_me(s, contact.user_id)["measure_id"])
        # their own measure, and (standing in) their municipality's measures without contact persons
        assert mine in seen and local in seen and other not in seen and seen <= muenster | {mine}
        # without contact persons and without local accounts: the program's fallback, here the coordinators
        seen = set(addressed_to_me(s, coordinator.user_id)["measure_id"])
        assert other in seen and mine not in seen and not seen & muenster
        # the state's regional manager stands in only where the municipality has no account
        assert addressed_to_me(s, region.user_id).empty
        assert sorted(asked_by_me(s, asker.user_id)["measure_id"]) == sorted([mine, other, local])
        configure_notifications(s, ADMIN, "klikks", contact_login="lesen")
        assert other in set(addressed_to_me(s, asker.user_id)["measure_id"])
        assert other not in set(addressed_to_me(s, coordinator.user_id)["measure_id"])


def test_who_stands_in_follows_the_same_rule_for_mails_and_lists(demo_db):
    """responsible_people (mails) and addressed_to (lists) agree, for every demo account and measure kind."""
    from data.notifications.recipients import responsible_people

    with demo_db.session() as s:
        measures = [*_state_measures(s, "DE-BW", 1), *_state_measures(s, "DE-NW", 3), *_muenster_measures(s, 1)]
        for measure_id in measures:
            request_update(s, _actor(s, "admin"), measure_id, "Stand?")
        for login in ("admin", "koordination", "region-nw", "kommune-muenster", "lesen"):
            user_id = _actor(s, login).user_id
            listed = set(addressed_to_me(s, user_id)["measure_id"]) & set(measures)
            mailed = {m for m in measures if user_id in {p.user_id for p in responsible_people(s, m)}}
            assert listed == mailed, login
            if login in ("koordination", "region-nw", "kommune-muenster"):
                assert listed, login  # each stand-in rule is exercised


def test_contact_persons_are_edited_by_those_who_may_edit_the_measure(demo_db):
    with demo_db.session() as s:
        (measure_id,) = _muenster_measures(s, 1)
        with pytest.raises(PermissionDenied):
            set_measure_contacts(s, _actor(s, "lesen"), measure_id, "lesen")
        with pytest.raises(ValidationError, match="kein-konto"):
            set_measure_contacts(s, _actor(s, "kommune-muenster"), measure_id, "kein-konto")
        with pytest.raises(ValidationError, match="E-Mail"):
            set_measure_contacts(s, _actor(s, "kommune-muenster"), measure_id, "a@b")
        stored = set_measure_contacts(s, _actor(s, "kommune-muenster"), measure_id, "lesen; x@example.org, lesen")
        assert stored == ["lesen", "x@example.org"]
        audit = s.scalars(select(AuditEntry).where(AuditEntry.field == "contacts")).one()
        assert audit.row_id == measure_id and audit.new_value == "lesen, x@example.org"


@pytest.mark.parametrize(
    ("days", "step"), [(0, 0), (1, 1), (6, 1), (7, 7), (36, 7), (37, 37), (66, 37), (67, 67), (200, 187)]
)
def test_kausal_cadence(days, step):
    assert repeat_step(days, [1, 7, 30]) == step


def test_the_digest_holds_exactly_the_overdue_due_soon_and_stale_measures(demo_db, smtp):
    today = date(2026, 3, 2)
    with demo_db.session() as s:
        program = s.scalar(select(Program).where(Program.code == "ksv-muenster"))
        stand = default_stand(program, today)
        overdue, due_soon, stale, fine, done = _muenster_measures(s, 5)
        recent = datetime.combine(stand - timedelta(days=3), datetime.min.time(), tzinfo=UTC)
        long_ago = datetime.combine(stand - timedelta(days=400), datetime.min.time(), tzinfo=UTC)
        far = stand + timedelta(days=400)
        plans = {
            overdue: (stand - timedelta(days=10), recent, "in_umsetzung"),
            due_soon: (stand + timedelta(days=5), recent, "geplant"),
            stale: (far, long_ago, "verzoegert"),
            fine: (far, recent, "in_umsetzung"),
            done: (stand - timedelta(days=10), long_ago, "umgesetzt"),  # finished: never reminded
        }
        for measure_id, (planned, updated, status) in plans.items():
            s.execute(
                update(Measure)
                .where(Measure.id == measure_id)
                .values(planned_completion_on=planned, updated_at=updated, status=status)
            )
            set_measure_contacts(s, ADMIN, measure_id, "digest@example.org", source="cli")
        s.commit()
        assert send_reminders(s, today, PUBLIC) == []  # off by default
        configure_notifications(s, ADMIN, "ksv-muenster", reminders_enabled=True)
        (digest,) = [d for d in send_reminders(s, today, PUBLIC) if d.recipient == "digest@example.org"]
        assert sorted((n.measure.id, n.kind) for n in digest.notices) == sorted(
            [(overdue, "ueberfaellig"), (due_soon, "bald_faellig"), (stale, "veraltet")]
        )
        deliver_due(s, smtp.server.send)
        codes = {m: s.get(Measure, m).code for m in plans}
        # the same day again: nothing queued, nothing sent
        assert send_reminders(s, today, PUBLIC) == []
        assert deliver_due(s, smtp.server.send).sent == 0
        # the next day nothing is due either: the cadence's next step for a measure first seen 9 days
        # overdue is day 37 (steps 0, 1, 7, 37, 67 …), reached 28 days later
        assert send_reminders(s, today + timedelta(days=1), PUBLIC) == []
        later = send_reminders(s, today + timedelta(days=28), PUBLIC)
        (digest,) = [d for d in later if d.recipient == "digest@example.org"]
        assert (overdue, "ueberfaellig") in {(n.measure.id, n.kind) for n in digest.notices}
    (mail,) = smtp.sink.to("digest@example.org")
    text = body(mail)
    for measure_id in (overdue, due_soon, stale):
        assert codes[measure_id] in text and f"{PUBLIC}/massnahmen/{measure_id}" in text
    for measure_id in (fine, done):
        assert f"{PUBLIC}/massnahmen/{measure_id}\n" not in text and codes[measure_id] + " " not in text
    assert "Überfällig (1)" in text and "Bald fällig (1)" in text and "Lange nicht aktualisiert (1)" in text


def test_default_stand_is_today_while_the_program_runs_and_its_end_afterwards():
    class Running:
        ends_on = date(2030, 12, 31)

    class Ended:
        ends_on = date(2025, 2, 28)

    assert default_stand(Running(), date(2026, 3, 2)) == date(2026, 3, 2)
    assert default_stand(Ended(), date(2026, 3, 2)) == date(2025, 2, 28)
    assert default_stand(None, date(2026, 3, 2)) == date(2026, 3, 2)


def test_command_line_settings_dry_run_send_and_worker_queue(demo_db, smtp, monkeypatch, capsys):
    from dashboard.cli import main as cli_main

    monkeypatch.setenv("DATABASE_URL", demo_db.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KLIKKS_DEMO_DATA", "0")
    monkeypatch.setenv("PUBLIC_URL", PUBLIC + "/")
    for name in ("SMTP_HOST", "SMTP_USER", "SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    with demo_db.session() as s:
        measure_id = _muenster_measures(s, 1)[0]
        s.execute(
            update(Measure)
            .where(Measure.id == measure_id)
            .values(planned_completion_on=date(2026, 1, 1), status="verzoegert")
        )
        set_measure_contacts(s, ADMIN, measure_id, "cli@example.org", source="cli")

    assert cli_main(["reminders", "settings", "ksv-muenster", "--on", "--stale-days", "90", "--due-soon", "14,3"]) == 0
    assert "Erinnerungen für ksv-muenster: an; veraltet nach 90 Tagen; bald fällig: 14,3" in capsys.readouterr().out
    assert cli_main(["reminders", "settings", "ksv-muenster", "--due-soon", "bald"]) == 1
    assert "ganzer Tage" in capsys.readouterr().err

    # without a mail server: a dry run shows the plan; a real run refuses and stores nothing
    assert cli_main(["reminders", "send", "--dry-run", "--date", "02.03.2026"]) == 0
    assert "cli@example.org bekäme eine Erinnerung" in capsys.readouterr().out
    assert cli_main(["reminders", "send", "--date", "02.03.2026"]) == 2
    assert "Kein Mailserver eingerichtet" in capsys.readouterr().err
    assert cli_main(["mail", "send"]) == 2
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(OutgoingMail)) == 0

    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("SMTP_STARTTLS", "0")
    monkeypatch.setenv("MAIL_FROM", "dashboard@example.org")
    assert cli_main(["reminders", "send", "--date", "02.03.2026"]) == 0
    assert "Mails gesendet: " in capsys.readouterr().out
    (mail,) = smtp.sink.to("cli@example.org")
    assert f"{PUBLIC}/massnahmen/{measure_id}" in body(mail) and mail["From"] == "dashboard@example.org"
    assert cli_main(["reminders", "send", "--date", "02.03.2026"]) == 0  # rerun the same day: nothing more
    assert len(smtp.sink.to("cli@example.org")) == 1
    assert cli_main(["reminders", "send", "--date", "2026-13-45"]) == 2


def test_mail_settings_come_from_the_environment():
    from dashboard.config import Config, ConfigError

    config = Config.from_env(
        {
            "SMTP_HOST": "mail.example.org",
            "SMTP_PORT": "25",
            "SMTP_STARTTLS": "0",
            "MAIL_FROM": "a@example.org",
            "PUBLIC_URL": "https://x.example/",
        }
    )
    assert config.mail.configured and (config.mail.port, config.mail.starttls) == (25, False)
    assert config.mail.sender == "a@example.org" and config.public_url == "https://x.example"
    assert not Config.from_env({}).mail.configured and Config.from_env({}).mail.starttls
    with pytest.raises(ConfigError, match="SMTP_PORT"):
        Config.from_env({"SMTP_PORT": "fünf"})


def test_sent_mails_are_deleted_after_90_days(asked, smtp):
    db, _measure_id, _first = asked
    now = datetime.now(UTC)
    with db.session() as s:
        deliver_due(s, smtp.server.send, now)
        outbox_state = mail_queue_state(s)
        assert outbox_state.sent == 2
        deliver_due(s, smtp.server.send, now + timedelta(days=89))
        assert mail_queue_state(s).sent == 2
        deliver_due(s, smtp.server.send, now + timedelta(days=91))
        assert s.scalar(select(func.count()).select_from(OutgoingMail)) == 0


def test_meine_nachfragen_shows_the_age_and_the_answers():
    import pandas as pd

    from data.queries.nachfragen import REQUEST_COLUMNS
    from layouts.nachfragen import age, nachfragen_layout

    today = date(2026, 3, 10)
    asked = datetime(2026, 3, 7, 9, 0, tzinfo=UTC)
    assert age(asked, today) == "seit 3 Tagen"
    assert age(datetime(2026, 3, 9, 23, 30), today) == "heute"  # naive = UTC: 00:30 in Berlin on the 10th
    assert age(datetime(2026, 3, 9, 12, 0, tzinfo=UTC), today) == "seit 1 Tag"
    row = dict.fromkeys(REQUEST_COLUMNS)
    row |= {"id": 1, "measure_id": 5, "code": "M-5", "title": "Radweg", "requested_by": "Kim", "ask_count": 2}
    addressed = pd.DataFrame([{**row, "requested_at": asked, "message": "Stand?"}], columns=REQUEST_COLUMNS)
    answered = {**row, "requested_at": asked, "answered_at": asked, "answered_by": "Max", "answer": "Fertig."}
    mine = pd.DataFrame([answered], columns=REQUEST_COLUMNS)
    text = str(nachfragen_layout(addressed, mine, today).to_plotly_json())
    assert "seit 3 Tagen (07.03.2026)" in text and "insgesamt 2-mal gefragt" in text and "/massnahmen/5" in text
    assert "Beantwortet" in text and "von Max" in text and "Fertig." in text


def test_pages_ask_for_the_right_account(demo_db):
    from callbacks.nachfragen import render_mail, render_nachfragen

    assert "nachfragen-anmelden" in str(render_nachfragen(demo_db, {}).to_plotly_json())
    assert "users-admins-only" in str(render_mail(demo_db, {}).to_plotly_json())
