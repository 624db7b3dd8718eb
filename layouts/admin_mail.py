"""Mail page for admins (``/verwaltung/mail``): is a mail server set up, what waits, what failed."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from data.queries.nachfragen import MailQueueState
from layouts import format as fmt
from layouts.components import data_table, kpi_card, page_header

NO_SMTP = (
    "Kein Mailserver eingerichtet (SMTP_HOST ist nicht gesetzt): Nachfragen und Antworten erscheinen nur in der App "
    "unter „Meine Nachfragen“; Mails bleiben in der Warteschlange, bis ein Mailserver eingerichtet ist."
)


def server_note(host: str | None, port: int, sender: str) -> dbc.Alert:
    if not host:
        return dbc.Alert([html.Span("⚠ ", **{"aria-hidden": "true"}), NO_SMTP], color="warning", id="mail-server")
    return dbc.Alert(
        [html.Span("✓ ", **{"aria-hidden": "true"}), f"Mails gehen über {host}:{port} als {sender}."],
        color="success",
        id="mail-server",
    )


def problems_table(problems: pd.DataFrame) -> html.Div:
    if problems.empty:
        return html.P("Keine fehlgeschlagenen Mails.", className="text-muted", id="mail-problems-empty")
    rows = [
        [
            fmt.moment(row.created_at),
            row.recipient,
            row.subject,
            fmt.number(row.attempts),
            "aufgegeben" if row.failed else f"erneut ab {fmt.moment(row.next_attempt_at)}",
            row.last_error or "–",
        ]
        for row in problems.itertuples()
    ]
    return data_table(
        ["Eingereiht", "An", "Betreff", "Versuche", "Stand", "Letzter Fehler"],
        rows,
        numeric_from=9,
        table_id="mail-problems",
    )


def mail_layout(state: MailQueueState, host: str | None, port: int, sender: str) -> html.Div:
    return html.Div(
        [
            page_header("Mail", "Benachrichtigungen zu Nachfragen und Erinnerungen"),
            server_note(host, port, sender),
            dbc.Row(
                [
                    dbc.Col(kpi_card("Wartend", fmt.number(state.waiting), "noch nicht gesendet"), md=4),
                    dbc.Col(kpi_card("Gesendet", fmt.number(state.sent)), md=4),
                    dbc.Col(kpi_card("Fehlgeschlagen", fmt.number(state.failed), "nach allen Wiederholungen"), md=4),
                ],
                className="g-3 mb-4",
            ),
            html.H2("Probleme beim Senden", className="h4"),
            problems_table(state.problems),
        ],
        id="admin-mail",
    )
