""" "Meine Nachfragen" (``/nachfragen``): open requests addressed to me, and those I asked, with their age."""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from layouts import format as fmt
from layouts.components import data_table, page_header
from layouts.status import REQUEST_STYLES, status_badge


def age(asked_at, today: date) -> str:
    """``heute``, ``seit 1 Tag``, ``seit 12 Tagen``."""
    if asked_at is None or pd.isna(asked_at):
        return fmt.UNKNOWN
    moment = pd.Timestamp(asked_at)
    if moment.tzinfo is None:  # SQLite hands back UTC without its zone
        moment = moment.tz_localize("UTC")
    days = (today - moment.tz_convert("Europe/Berlin").date()).days
    if days <= 0:
        return "heute"
    return f"seit {fmt.counted(days, 'Tag', 'Tagen')}"


def _measure_link(row) -> dcc.Link:
    return dcc.Link(f"{row.code} – {row.title}", href=f"/massnahmen/{row.measure_id}#measure-ask")


def _message(value) -> str:
    return "–" if value is None or pd.isna(value) else str(value)


def addressed_table(requests: pd.DataFrame, today: date) -> html.Div:
    if requests.empty:
        return html.P("Keine offenen Nachfragen an Sie.", className="text-muted", id="nachfragen-an-mich-leer")
    rows = [
        [
            _measure_link(row),
            row.requested_by + (f" (insgesamt {fmt.number(row.ask_count)}-mal gefragt)" if row.ask_count > 1 else ""),
            f"{age(row.requested_at, today)} ({fmt.day(row.requested_at)})",
            _message(row.message),
        ]
        for row in requests.itertuples()
    ]
    return data_table(
        ["Maßnahme", "Gefragt von", "Offen", "Nachricht"], rows, numeric_from=9, table_id="nachfragen-an-mich"
    )


def asked_table(requests: pd.DataFrame, today: date) -> html.Div:
    if requests.empty:
        return html.P("Sie haben in letzter Zeit nicht nachgefragt.", className="text-muted")
    rows = []
    for row in requests.itertuples():
        answered = row.answered_at is not None and not pd.isna(row.answered_at)
        state = (
            html.Span(
                [status_badge(REQUEST_STYLES, "beantwortet"), f" von {row.answered_by}, {fmt.moment(row.answered_at)}"]
            )
            if answered
            else html.Span([status_badge(REQUEST_STYLES, "offen"), f" {age(row.requested_at, today)}"])
        )
        rows.append(
            [_measure_link(row), fmt.day(row.requested_at), state, _message(row.answer if answered else row.message)]
        )
    return data_table(
        ["Maßnahme", "Gefragt am", "Stand", "Antwort / Nachricht"], rows, numeric_from=9, table_id="nachfragen-von-mir"
    )


def nachfragen_layout(addressed: pd.DataFrame, asked: pd.DataFrame, today: date) -> html.Div:
    return html.Div(
        [
            page_header("Meine Nachfragen", "„Frage nach!“ – was an Sie gerichtet ist und was Sie gefragt haben"),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(f"An mich gerichtet ({fmt.number(len(addressed))} offen)", className="h4 card-title"),
                        html.P(
                            "Zum Antworten die Maßnahme öffnen; dort können Sie auch Status und Fortschritt aktualisieren.",
                            className="text-muted",
                        ),
                        addressed_table(addressed, today),
                    ]
                ),
                className="mb-4",
            ),
            dbc.Card(
                dbc.CardBody([html.H2("Von mir gefragt", className="h4 card-title"), asked_table(asked, today)]),
                className="mb-4",
            ),
        ],
        id="nachfragen",
    )


def sign_in_first() -> html.Div:
    return html.Div(
        [
            page_header("Meine Nachfragen"),
            dbc.Alert(
                ["Bitte ", html.A("anmelden", href="/anmelden?weiter=/nachfragen"), ", um Ihre Nachfragen zu sehen."],
                color="info",
                id="nachfragen-anmelden",
            ),
        ]
    )
