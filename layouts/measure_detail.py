"""Measure detail page, structured like a city's monitoring page: summary box, Beschreibung,
Auswirkungen, Umsetzung, status history and "Frage nach!".

All user-entered text is passed to Dash as plain strings, which React renders as text: no field can
inject HTML or script.
"""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from data.queries.measure_detail import MeasureDetail
from data.queries.measure_filters import freshness_band
from layouts import format as fmt
from layouts import ids
from layouts.components import page_header
from layouts.status import MEASURE_STATUS_STYLES, status_badge


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


def requests_list(requests: pd.DataFrame) -> html.Div:
    open_requests = requests[requests["answered_at"].isna()] if not requests.empty else requests
    if open_requests.empty:
        return html.P("Keine offenen Nachfragen.", className="text-muted")
    return html.Ul(
        [
            html.Li(
                [
                    html.Strong(fmt.moment(row.requested_at)),
                    f" · {row.requested_by}",
                    html.Div(_text(None if pd.isna(row.message) else row.message), className="pre-line"),
                ]
            )
            for row in open_requests.itertuples()
        ],
        className="request-list",
    )


def ask_for_update(measure_id: int, requests: pd.DataFrame, can_ask: bool = True) -> dbc.Card:
    """The request form for signed-in people; others see the open requests and how to sign in."""
    count = 0 if requests.empty else int(requests["answered_at"].isna().sum())
    form = [
        html.P("Ist der Stand nicht mehr aktuell? Bitte die Verantwortlichen um eine Aktualisierung."),
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
                dcc.Store(id=ids.Measure.ID, data=measure_id),
            ]
        ),
        "measure-ask",
    )


def measure_detail_layout(
    m: MeasureDetail,
    history: pd.DataFrame,
    requests: pd.DataFrame,
    today: date,
    can_ask: bool = True,
    stand: date | None = None,
) -> html.Div:
    return html.Div(
        [
            html.Nav(dcc.Link("← Alle Maßnahmen", href="/massnahmen"), className="mb-2"),
            page_header(m.title, f"{m.code} · {m.program}"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            summary_box(m, today, stand or today),
                            history_timeline(history),
                            ask_for_update(m.id, requests, can_ask),
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
