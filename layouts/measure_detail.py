"""Measure detail page, structured like a city's monitoring page: summary box, Beschreibung,
Auswirkungen, Umsetzung, status history and "Frage nach!".

All user-entered text is passed to Dash as plain strings, which React renders as text: no field can
inject HTML or script.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from data.notifications.recipients import Recipient
from data.queries.measure_detail import MeasureContacts, MeasureDetail
from data.queries.measure_filters import freshness_band
from data.vocab import MEASURE_STATUSES
from layouts import format as fmt
from layouts import ids
from layouts.components import page_header
from layouts.entry_forms import entry_toolbar
from layouts.retire import retire_controls
from layouts.status import MEASURE_STATUS_STYLES, REQUEST_STYLES, status_badge


def _text(value: str | None) -> str:
    return fmt.UNKNOWN if value is None or str(value).strip() == "" else str(value)


def _facts(rows: list[tuple[str, object]]) -> html.Dl:
    items: list = []
    for label, value in rows:
        items += [html.Dt(label, className="col-sm-5"), html.Dd(value, className="col-sm-7")]
    return html.Dl(items, className="row facts mb-0")


def _section(title: str, body, section_id: str) -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H2(title, className="h4 card-title"), body]), className="mb-4", id=section_id)


def summary_box(m: MeasureDetail, today: date, stand: date) -> dbc.Card:
    """Age and freshness are counted to the Stand: today, or the end of an ended program."""
    days = (stand - m.updated_at.date()).days if m.updated_at else None
    at = "" if stand == today else f" zum Stand {fmt.day(stand)}"
    age = (
        f"{fmt.day(m.updated_at)} (vor {fmt.number(days)} Tagen{at} · {freshness_band(days)})"
        if days is not None
        else fmt.UNKNOWN
    )
    progress = f"{fmt.number(m.progress_pct)} %" if m.progress_pct is not None else fmt.UNKNOWN
    return _section(
        "Auf einen Blick",
        _facts(
            [
                (
                    "Status",
                    html.Span(
                        [
                            status_badge(MEASURE_STATUS_STYLES, m.status),
                            html.Span(f"  Fortschritt: {progress}", className="ms-2"),
                        ]
                    ),
                ),
                ("Handlungsfeld", m.sector),
                ("Programm", m.program),
                ("Ort", ", ".join(x for x in (m.municipality, m.state) if x) or fmt.UNKNOWN),
                ("Start", fmt.day(m.started_on)),
                ("Geplante Umsetzung bis", fmt.day(m.planned_completion_on)),
                ("Umgesetzt am", fmt.day(m.completed_on) if m.completed_on else "–"),
                ("Wer macht es?", _text(m.responsible)),
                ("Wer ist noch beteiligt?", _text(m.involved)),
                (
                    "Letzte Aktualisierung",
                    html.Span([age, html.Span(f" · {m.updated_by}" if m.updated_by else "")], id="measure-last-update"),
                ),
            ]
        ),
        "measure-summary",
    )


def description(m: MeasureDetail) -> dbc.Card:
    return _section(
        "Beschreibung",
        html.Div(
            [
                html.P(m.teaser, className="lead") if m.teaser else None,
                html.H3("Worum geht es?", className="h6 mt-3"),
                html.P(_text(m.description_what), className="pre-line"),
                html.H3("Was wird im Detail geplant?", className="h6 mt-3"),
                html.P(_text(m.description_plan), className="pre-line"),
            ]
        ),
        "measure-description",
    )


def impacts(m: MeasureDetail) -> dbc.Card:
    kwh = fmt.UNKNOWN if m.renewable_kwh_per_year is None else f"{fmt.number(m.renewable_kwh_per_year)} kWh/Jahr"
    funding = fmt.euros(m.funding_eur)
    if m.funding_eur is not None and m.funding_source:
        funding += f" ({m.funding_source})"
    return _section(
        "Auswirkungen",
        _facts(
            [
                ("Neu generierte erneuerbare Energien", kwh),
                ("Reduzierter/ersetzter Energieträger", _text(m.energy_carrier)),
                (
                    "Geschätzte CO₂-Einsparung",
                    fmt.UNKNOWN if m.co2_t_per_year is None else fmt.tonnes(m.co2_t_per_year) + "/Jahr",
                ),
                ("Kosten", fmt.euros(m.cost_eur)),
                ("Förderung", funding),
            ]
        ),
        "measure-impacts",
    )


def implementation(m: MeasureDetail) -> dbc.Card:
    return _section(
        "Umsetzung",
        _facts(
            [
                ("Bereich", _text(m.area)),
                ("Konkrete Schritte/Fortschritte", html.Span(_text(m.steps), className="pre-line")),
            ]
        ),
        "measure-implementation",
    )


def history_timeline(history: pd.DataFrame) -> dbc.Card:
    if history.empty:
        body = html.P("Noch keine Statusänderungen erfasst.", className="text-muted")
    else:
        body = html.Ol(
            [
                html.Li(
                    [
                        html.Div(fmt.moment(row.changed_at), className="timeline-time"),
                        html.Div(
                            [
                                status_badge(MEASURE_STATUS_STYLES, None if pd.isna(row.old_value) else row.old_value),
                                html.Span(" → ", **{"aria-label": "geändert zu"}),
                                status_badge(MEASURE_STATUS_STYLES, row.new_value),
                            ]
                        ),
                        html.Div(f"von {row.actor}", className="timeline-actor"),
                    ]
                )
                for row in history.itertuples()
            ],
            className="timeline",
        )
    return _section("Statusverlauf", body, "measure-history")


def _asked(row) -> list:
    again = f" (insgesamt {fmt.number(row.ask_count)}-mal gefragt)" if getattr(row, "ask_count", 1) > 1 else ""
    return [
        html.Strong(fmt.moment(row.requested_at)),
        f" · {row.requested_by}{again}",
        html.Div(_text(None if pd.isna(row.message) else row.message), className="pre-line"),
    ]


def requests_list(requests: pd.DataFrame) -> html.Div:
    open_requests = requests[requests["answered_at"].isna()] if not requests.empty else requests
    if open_requests.empty:
        return html.P("Keine offenen Nachfragen.", className="text-muted")
    return html.Ul([html.Li(_asked(row)) for row in open_requests.itertuples()], className="request-list")


def answered_list(requests: pd.DataFrame) -> html.Div:
    """Closed requests with who answered when, and the answer."""
    done = requests[requests["answered_at"].notna()] if not requests.empty else requests
    if done.empty:
        return html.P("Noch keine beantworteten Nachfragen.", className="text-muted")
    return html.Ul(
        [
            html.Li(
                [
                    *_asked(row),
                    html.Div(
                        [
                            status_badge(REQUEST_STYLES, "beantwortet"),
                            f" von {_text(row.answered_by)} am {fmt.moment(row.answered_at)}",
                        ],
                        className="mt-1",
                    ),
                    html.Div(_text(row.answer), className="pre-line request-answer"),
                ]
            )
            for row in done.itertuples()
        ],
        className="request-list",
    )


UNCHANGED = "unveraendert"  # the answer form's status choice that leaves the status as it is


def answer_form(version: int) -> html.Div:
    """For responsible people: answer all open requests, optionally with a status/progress update."""
    status_options = [{"label": "Status unverändert", "value": UNCHANGED}] + [
        {"label": label, "value": key} for key, label in MEASURE_STATUSES.items()
    ]
    return html.Div(
        [
            html.H3("Antworten", className="h6 mt-3"),
            dbc.Label("Ihre Antwort an alle, die gefragt haben", html_for=ids.Measure.ANSWER_TEXT),
            dbc.Textarea(id=ids.Measure.ANSWER_TEXT, maxLength=2000, rows=3, className="mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Neuer Status (optional)", html_for=ids.Measure.ANSWER_STATUS),
                            dbc.Select(id=ids.Measure.ANSWER_STATUS, options=status_options, value=UNCHANGED),
                        ],
                        sm=7,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Fortschritt in % (optional)", html_for=ids.Measure.ANSWER_PROGRESS),
                            dbc.Input(id=ids.Measure.ANSWER_PROGRESS, inputMode="numeric", maxLength=6),
                        ],
                        sm=5,
                    ),
                ],
                className="mb-2",
            ),
            dbc.Button("Antwort senden", id=ids.Measure.ANSWER_BUTTON, color="primary"),
            html.Div(id=ids.Measure.ANSWER_FEEDBACK, className="mt-2"),
            dcc.Store(id=ids.Measure.VERSION, data=version),
        ],
        id="measure-answer-form",
    )


def ask_for_update(
    measure_id: int, requests: pd.DataFrame, can_ask: bool = True, can_answer: bool = False, version: int = 1
) -> dbc.Card:
    """The request form for signed-in people; others see the open requests and how to sign in.
    Responsible people also get the answer form."""
    count = 0 if requests.empty else int(requests["answered_at"].isna().sum())
    form = [
        html.P("Ist der Stand nicht mehr aktuell? Bitte die Verantwortlichen um eine Aktualisierung."),
        dbc.Label("Nachricht an die Verantwortlichen (optional)", html_for=ids.Measure.REQUEST_MESSAGE),
        dbc.Textarea(
            id=ids.Measure.REQUEST_MESSAGE,
            placeholder="Nachricht (optional), z. B. „Wie ist der aktuelle Stand?“",
            maxLength=1000,
            className="mb-2",
            rows=3,
        ),
        dbc.Button("Frage nach!", id=ids.Measure.REQUEST_BUTTON, color="primary"),
        html.Div(id=ids.Measure.REQUEST_FEEDBACK, className="mt-2"),
    ]
    if not can_ask:
        form = [
            html.P(
                [
                    "Zum Nachfragen bitte ",
                    html.A("anmelden", href=f"/anmelden?weiter=/massnahmen/{measure_id}"),
                    ".",
                ],
                id="measure-request-sign-in",
            )
        ]
    return _section(
        "Frage nach!",
        html.Div(
            [
                *form,
                html.H3(
                    ["Offene Nachfragen: ", html.Span(fmt.number(count), id=ids.Measure.REQUEST_COUNT)],
                    className="h6 mt-3",
                ),
                html.Div(requests_list(requests), id=ids.Measure.REQUESTS),
                answer_form(version) if can_answer else None,
                html.H3("Beantwortete Nachfragen", className="h6 mt-3"),
                html.Div(answered_list(requests), id=ids.Measure.ANSWERED),
                dcc.Store(id=ids.Measure.ID, data=measure_id),
            ]
        ),
        "measure-ask",
    )


def contact_list(people: Sequence[Recipient], own: bool) -> html.Div:
    """Who answers questions about the measure; ``own`` False: the program's fallback, named as such."""
    if not people:
        return html.P("Keine Ansprechperson hinterlegt.", className="text-muted")
    items = [html.Li(p.name if p.user_id is not None else p.email) for p in people]
    note = None if own else html.P("Keine eigene Ansprechperson – Nachfragen gehen an:", className="mb-1 small")
    return html.Div([note, html.Ul(items, className="mb-0")])


def contacts_card(people: Sequence[Recipient], own: bool, editor_text: str | None) -> dbc.Card:
    """The responsible people; with ``editor_text`` (may edit the measure) an editor for them."""
    editor = None
    if editor_text is not None:
        editor = html.Div(
            [
                dbc.Label("Ansprechpersonen bearbeiten", html_for=ids.Measure.CONTACTS_EDITOR, className="mt-3"),
                dbc.Textarea(id=ids.Measure.CONTACTS_EDITOR, value=editor_text, rows=3, className="mb-1"),
                dbc.FormText("Je Zeile ein Login oder eine E-Mail-Adresse (auch von Personen ohne Konto)."),
                html.Div(
                    dbc.Button("Speichern", id=ids.Measure.CONTACTS_SAVE, color="secondary", size="sm"),
                    className="mt-2",
                ),
                html.Div(id=ids.Measure.CONTACTS_FEEDBACK, className="mt-2"),
            ]
        )
    return _section(
        "Ansprechpersonen",
        html.Div([html.Div(contact_list(people, own), id=ids.Measure.CONTACTS), editor]),
        "measure-contacts-card",
    )


EVERY_FORM = MeasureContacts((), True, "")  # the contacts editor shown (for the validation layout)


def measure_header(m: MeasureDetail) -> html.Div:
    return page_header(m.title, f"{m.code} · {m.program}")


def measure_detail_layout(
    m: MeasureDetail,
    history: pd.DataFrame,
    requests: pd.DataFrame,
    today: date,
    can_ask: bool = True,
    contacts: MeasureContacts = EVERY_FORM,
    can_answer: bool = True,
    can_retire: bool = False,
    stand: date | None = None,
) -> html.Div:
    """The page; by default (as in the validation layout) with every form shown."""
    return html.Div(
        [
            html.Nav(dcc.Link("← Alle Maßnahmen", href="/massnahmen"), className="mb-2"),
            html.Div(measure_header(m), id=ids.Measure.HEADER),
            retire_controls(ids.Measure, "Diese Maßnahme", m.retired_at, can_retire),
            *([entry_toolbar(("massnahme-edit",))] if can_retire else []),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Div(summary_box(m, today, stand or today), id=ids.Measure.SUMMARY),
                            contacts_card(contacts.people, contacts.own, contacts.editor_text),
                            ask_for_update(m.id, requests, can_ask, can_answer, m.version),
                            history_timeline(history),
                        ],
                        lg=5,
                    ),
                    dbc.Col([description(m), impacts(m), implementation(m)], lg=7),
                ],
                className="g-4",
            ),
        ],
        id="measure-detail",
    )


def feedback(message: str, ok: bool) -> dbc.Alert:
    return dbc.Alert(message, color="success" if ok else "danger", className="py-2 mb-0", dismissable=True)
