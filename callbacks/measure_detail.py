"""Measure detail page (``/massnahmen/<id>``): "Frage nach!", the answer to it, and the contact persons."""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, State, no_update
from sqlalchemy.exc import SQLAlchemyError

from callbacks.errors import PageNotFound
from callbacks.session_user import current_actor
from data.commands.contacts import set_measure_contacts
from data.commands.errors import CommandError
from data.commands.unit_of_work import UNREACHABLE_MESSAGE, Actor
from data.commands.update_requests import answer_requests, may_answer, request_update
from data.db import Database
from data.ids import parse_row_id
from data.models import Measure
from data.permissions import Scope, may_write
from data.queries.measure_detail import measure_contacts, measure_detail, status_history, update_requests
from data.rules import default_stand
from layouts import format as fmt
from layouts import ids
from layouts import measure_detail as view


def parse_measure_id(raw: str) -> int:
    number = parse_row_id(raw)
    if number is None:
        raise PageNotFound(f"„{raw}“ ist keine gültige Maßnahmen-Nummer.")
    return number


def render_measure_detail(db: Database, _query: dict[str, str], measure_id: str, today: date | None = None):
    """The detail page; raises :class:`PageNotFound` (→ 404 page) for unknown ids."""
    number = parse_measure_id(measure_id)
    actor = current_actor()
    with db.session() as session:
        detail = measure_detail(session, number)
        if detail is None:
            raise PageNotFound(f"Die Maßnahme Nr. {number} gibt es nicht.")
        history = status_history(session, number)
        requests = update_requests(session, number)
        measure = session.get(Measure, number)
        editable = may_write(actor, Scope(measure.state_code, measure.municipality_id))
        contacts = measure_contacts(session, number, editable)
        can_answer = actor is not None and may_answer(session, actor, measure)
    today = today or date.today()
    stand = default_stand(detail, today)
    return view.measure_detail_layout(
        detail, history, requests, today, actor is not None, contacts, can_answer, editable, stand
    )


def measure_header(db: Database, measure_id: object) -> tuple | None:
    """The page header (code and title) as now stored, after "Code und Titel ändern"."""
    number = parse_row_id(measure_id)
    detail = db.read(measure_detail, number) if number is not None else None
    return (view.measure_header(detail),) if detail is not None else None


def _requests_outputs(db: Database, number: int) -> tuple:
    """(open list, open count, answered list) after a write; unchanged if the database cannot be read."""
    try:
        with db.session() as session:
            requests = update_requests(session, number)
    except SQLAlchemyError:  # stored; the lists show it after the next page load
        return no_update, no_update, no_update
    count = int(requests["answered_at"].isna().sum())
    return view.requests_list(requests), fmt.number(count), view.answered_list(requests)


def ask_for_update(db: Database, actor: Actor | None, measure_id: object, message: object, public_url: str = ""):
    """Record a request; returns (feedback, refreshed request list, open count, cleared message)."""
    number = parse_row_id(measure_id)
    if number is None:
        return no_update, no_update, no_update, no_update
    try:
        with db.session() as session:
            asked = request_update(session, actor, number, message, public_url=public_url)
    except CommandError as exc:
        return view.feedback(exc.message, ok=False), no_update, no_update, no_update
    except SQLAlchemyError:
        return view.feedback(UNREACHABLE_MESSAGE, ok=False), no_update, no_update, no_update
    if asked.folded:
        text = "Nachfrage gespeichert – zusammen mit der offenen Nachfrage, die es schon gibt (niemand wird doppelt angeschrieben)."
    elif asked.notified:
        text = f"Nachfrage gespeichert; {fmt.counted(asked.notified, 'Ansprechperson wird', 'Ansprechpersonen werden')} per Mail benachrichtigt."
    else:
        text = "Nachfrage gespeichert; die Verantwortlichen sehen sie unter „Meine Nachfragen“."
    listing, count, _answered = _requests_outputs(db, number)
    return view.feedback(text, ok=True), listing, count, ""


def answer(
    db: Database,
    actor: Actor | None,
    measure_id: object,
    text: object,
    status: object,
    progress: object,
    version: object,
    public_url: str = "",
):
    """Answer the open requests; returns (feedback, open list, count, answered list, summary, version, cleared text)."""
    number = parse_row_id(measure_id)
    if number is None:
        return (no_update,) * 7
    changes = {}
    if isinstance(status, str) and status and status != view.UNCHANGED:
        changes["status"] = status
    if isinstance(progress, str) and progress.strip():
        changes["progress_pct"] = progress
    try:
        with db.session() as session:
            result = answer_requests(session, actor, number, text, changes, version, public_url=public_url)
            detail = measure_detail(session, number)
    except CommandError as exc:
        return (view.feedback(exc.message, ok=False), *(no_update,) * 6)
    except SQLAlchemyError:
        return (view.feedback(UNREACHABLE_MESSAGE, ok=False), *(no_update,) * 6)
    message = f"Antwort gespeichert; {fmt.counted(result.closed, 'Nachfrage', 'Nachfragen')} geschlossen."
    if result.measure_version is not None:
        message += " Die Maßnahme wurde aktualisiert."
    listing, count, answered = _requests_outputs(db, number)
    today = date.today()
    summary = view.summary_box(detail, today, default_stand(detail, today)) if detail else no_update
    version_out = detail.version if detail else no_update
    return view.feedback(message, ok=True), listing, count, answered, summary, version_out, ""


def save_contacts(db: Database, actor: Actor | None, measure_id: object, entries: object):
    """Store the contact persons; returns (feedback, contact list, normalised editor text)."""
    number = parse_row_id(measure_id)
    if number is None:
        return no_update, no_update, no_update
    try:
        with db.session() as session:
            stored = set_measure_contacts(session, actor, number, entries if isinstance(entries, str) else None)
            contacts = measure_contacts(session, number, editable=True)
    except CommandError as exc:
        return view.feedback(f"Nicht gespeichert: {exc.message}", ok=False), no_update, no_update
    except SQLAlchemyError:
        return view.feedback(UNREACHABLE_MESSAGE, ok=False), no_update, no_update
    text = "Ansprechpersonen gespeichert." if stored else "Keine eigene Ansprechperson mehr hinterlegt."
    return view.feedback(text, ok=True), view.contact_list(contacts.people, contacts.own), contacts.editor_text


def register(app: Dash, db: Database) -> None:
    config = app.server.config.get("KLIKKS_CONFIG")
    public_url = getattr(config, "public_url", "")

    @app.callback(
        Output(ids.Measure.REQUEST_FEEDBACK, "children"),
        Output(ids.Measure.REQUESTS, "children"),
        Output(ids.Measure.REQUEST_COUNT, "children"),
        Output(ids.Measure.REQUEST_MESSAGE, "value"),
        Input(ids.Measure.REQUEST_BUTTON, "n_clicks"),
        State(ids.Measure.ID, "data"),
        State(ids.Measure.REQUEST_MESSAGE, "value"),
        prevent_initial_call=True,
    )
    def _ask(n_clicks, measure_id, message):
        if not n_clicks:
            return no_update, no_update, no_update, no_update
        return ask_for_update(db, current_actor(), measure_id, message, public_url)

    @app.callback(
        Output(ids.Measure.ANSWER_FEEDBACK, "children"),
        Output(ids.Measure.REQUESTS, "children", allow_duplicate=True),
        Output(ids.Measure.REQUEST_COUNT, "children", allow_duplicate=True),
        Output(ids.Measure.ANSWERED, "children"),
        Output(ids.Measure.SUMMARY, "children"),
        Output(ids.Measure.VERSION, "data"),
        Output(ids.Measure.ANSWER_TEXT, "value"),
        Input(ids.Measure.ANSWER_BUTTON, "n_clicks"),
        State(ids.Measure.ID, "data"),
        State(ids.Measure.ANSWER_TEXT, "value"),
        State(ids.Measure.ANSWER_STATUS, "value"),
        State(ids.Measure.ANSWER_PROGRESS, "value"),
        State(ids.Measure.VERSION, "data"),
        prevent_initial_call=True,
    )
    def _answer(n_clicks, measure_id, text, status, progress, version):
        if not n_clicks:
            return (no_update,) * 7
        return answer(db, current_actor(), measure_id, text, status, progress, version, public_url)

    @app.callback(
        Output(ids.Measure.CONTACTS_FEEDBACK, "children"),
        Output(ids.Measure.CONTACTS, "children"),
        Output(ids.Measure.CONTACTS_EDITOR, "value"),
        Input(ids.Measure.CONTACTS_SAVE, "n_clicks"),
        State(ids.Measure.ID, "data"),
        State(ids.Measure.CONTACTS_EDITOR, "value"),
        prevent_initial_call=True,
    )
    def _contacts(n_clicks, measure_id, entries):
        if not n_clicks:
            return no_update, no_update, no_update
        return save_contacts(db, current_actor(), measure_id, entries)
