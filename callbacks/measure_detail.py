"""Measure detail page (``/massnahmen/<id>``) and its "Frage nach!" button."""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, State, no_update
from sqlalchemy.exc import SQLAlchemyError

from callbacks.errors import PageNotFound
from callbacks.grid_saves import current_actor
from data.commands.errors import CommandError
from data.commands.unit_of_work import UNREACHABLE_MESSAGE, Actor
from data.commands.update_requests import request_update
from data.db import Database
from data.ids import parse_row_id
from data.queries.measure_detail import measure_detail, status_history, update_requests
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
    with db.session() as session:
        detail = measure_detail(session, number)
        if detail is None:
            raise PageNotFound(f"Die Maßnahme Nr. {number} gibt es nicht.")
        history = status_history(session, number)
        requests = update_requests(session, number)
    can_ask = current_actor() is not None
    today = today or date.today()
    return view.measure_detail_layout(detail, history, requests, today, can_ask, default_stand(detail, today))


def ask_for_update(db: Database, actor: Actor, measure_id: object, message: object):
    """Record a request; returns (feedback, refreshed request list, open count, cleared message)."""
    number = parse_row_id(measure_id)
    if number is None:
        return no_update, no_update, no_update, no_update
    try:
        with db.session() as session:
            request_update(session, actor, number, message)
    except CommandError as exc:
        return view.feedback(exc.message, ok=False), no_update, no_update, no_update
    except SQLAlchemyError:
        return view.feedback(UNREACHABLE_MESSAGE, ok=False), no_update, no_update, no_update
    try:
        with db.session() as session:
            requests = update_requests(session, number)
    except SQLAlchemyError:  # stored; the list shows it after the next page load
        return view.feedback("Nachfrage gespeichert.", ok=True), no_update, no_update, ""
    count = int(requests["answered_at"].isna().sum())
    return view.feedback("Nachfrage gespeichert.", ok=True), view.requests_list(requests), fmt.number(count), ""


def register(app: Dash, db: Database) -> None:
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
        return ask_for_update(db, current_actor(app), measure_id, message)
