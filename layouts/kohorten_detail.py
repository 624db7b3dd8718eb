"""One cohort's page: summary, KPI cards, funnel, goals, sessions, small groups and two editable grids.

Participants appear by pseudonymous code only; trainers (fictitious staff) may be named.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from data import vocab
from data.queries.entry_choices import RetiredPart
from data.queries.kohorten_detail import CohortFacts
from layouts import format as fmt
from layouts import ids
from layouts.chart_frame import chart
from layouts.components import data_table, kpi_card, page_header
from layouts.entry_forms import entry_toolbar
from layouts.retire import retire_controls
from layouts.status import COHORT_STATUS_STYLES, status_badge

COHORT_FORMS = ("termin", "teilnahme", "ziel")
EDIT_FORMS = ("kohorte-edit", "termin-edit", "termin-aus", "teilnahme-aus", "ziel-aus", "kohorte-zurueck")
SHOW_RETIRED = "ausgemusterte"


def detail_layout(
    facts: CohortFacts,
    kpis: dbc.Row,
    figures: dict[str, object],
    tables: dict[str, html.Div],
    attendance_grid: object,
    goals_grid: object,
    can_edit: bool = False,
) -> html.Div:
    """The page; ``can_edit`` adds the forms for the cohort, its sessions, enrollments and goals."""
    return html.Div(
        [
            dcc.Link("← Alle Kohorten", href="/kohorten", className="d-inline-block mb-2"),
            html.Div(header(facts), id=ids.Kohorte.HEADER),
            dcc.Store(id=ids.Kohorte.ID, data=facts.id),
            dcc.Store(id=ids.Kohorte.REVISION, data=0),
            retire_controls(ids.Kohorte, "Diese Kohorte", facts.retired_at, can_edit),
            *(
                [entry_toolbar(COHORT_FORMS, "Ergänzen:"), entry_toolbar(EDIT_FORMS, "Ändern:"), retired_toggle()]
                if can_edit
                else []
            ),
            dbc.Row(
                [
                    dbc.Col(html.Div(summary(facts), id=ids.Kohorte.SUMMARY, className="h-100"), xl=4),
                    dbc.Col(html.Div(kpis, id=ids.Kohorte.KPIS), xl=8),
                ],
                className="g-4 mb-4",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            "Teilnahme-Trichter",
                            "Anwesende je Schritt · Anteil der Angemeldeten · Rückgang zum vorigen Schritt",
                            chart(ids.Kohorte.FUNNEL, "Teilnahme-Trichter", loading=False, figure=figures["funnel"]),
                            ids.Kohorte.FUNNEL_TABLE,
                            tables["funnel"],
                        ),
                        xl=6,
                    ),
                    dbc.Col(
                        _card(
                            "Persönliche Ziele",
                            "nach Themenfeld und Status",
                            chart(
                                ids.Kohorte.GOALS_FIGURE, "Persönliche Ziele", loading=False, figure=figures["goals"]
                            ),
                            ids.Kohorte.GOALS_TABLE,
                            tables["goals"],
                        ),
                        xl=6,
                    ),
                ],
                className="g-4 mb-4",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H2("Termine", className="card-title h4"),
                                    html.Div(tables["sessions"], id=ids.Kohorte.SESSIONS),
                                ]
                            ),
                            className="h-100",
                        ),
                        xl=7,
                    ),
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H2("Kleingruppen", className="card-title h4"),
                                    html.Div(tables["groups"], id=ids.Kohorte.GROUPS),
                                ]
                            ),
                            className="h-100",
                        ),
                        xl=5,
                    ),
                ],
                className="g-4 mb-4",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2("Anwesenheit und Abschluss erfassen", className="card-title h4"),
                        html.P(
                            "Häkchen je Termin setzen oder entfernen; den Status per Doppelklick wählen. Jede Änderung "
                            "wird sofort geprüft, gespeichert und protokolliert.",
                            className="text-muted",
                        ),
                        html.Div(id=ids.Kohorte.ATTENDANCE_MESSAGE, role="status"),
                        html.Div(attendance_grid, id=ids.Kohorte.ATTENDANCE_BOX),
                    ]
                ),
                className="mb-4",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2("Persönliche Ziele bearbeiten", className="card-title h4"),
                        html.P(
                            "Status und geschätzte Einsparung (t CO₂/Jahr, leer = keine Angabe) per Doppelklick ändern.",
                            className="text-muted",
                        ),
                        html.Div(id=ids.Kohorte.GOALS_MESSAGE, role="status"),
                        html.Div(goals_grid, id=ids.Kohorte.GOALS_BOX),
                    ]
                ),
                className="mb-4",
            ),
        ]
    )


def header(facts: CohortFacts) -> html.Div:
    place = facts.city or facts.state or "bundesweit"
    subtitle = (
        f"{vocab.COHORT_KINDS.get(facts.kind, facts.kind)} · {place} · {fmt.day(facts.starts_on)} – "
        f"{fmt.day(facts.ends_on)}"
    )
    return page_header(facts.title, subtitle, status_badge(COHORT_STATUS_STYLES, facts.status))


def retired_toggle() -> html.Div:
    """ "Ausgemusterte zeigen": the retired sessions, enrollments and goals of the cohort, listed on request."""
    return html.Div(
        [
            dbc.Checklist(
                id=ids.Kohorte.SHOW_RETIRED,
                options=[{"label": "Ausgemusterte zeigen", "value": SHOW_RETIRED}],
                value=[],
                switch=True,
            ),
            html.Div(id=ids.Kohorte.RETIRED_PARTS, role="status"),
        ],
        className="mb-3",
    )


def retired_parts_list(parts: list[RetiredPart]) -> html.Div:
    """Text, not only colour: each retired entry says what it is and since when."""
    if not parts:
        return html.P("In dieser Kohorte ist nichts ausgemustert.", className="text-muted small mb-0")
    rows = [(part.what, part.label, fmt.day(part.retired_at)) for part in parts]
    return html.Div(
        [
            html.P("Ausgemustert (zählt nirgends mit; mit „Wiederherstellen“ zurückholen):", className="small mb-1"),
            data_table(["Art", "Eintrag", "Ausgemustert am"], rows, numeric_from=3, table_id="kohorte-retired-rows"),
        ]
    )


def summary(facts: CohortFacts) -> dbc.Card:
    items = [
        ("Format", vocab.COHORT_KINDS.get(facts.kind, facts.kind)),
        ("Programm", facts.program),
        ("Status", status_badge(COHORT_STATUS_STYLES, facts.status)),
        ("Zeitraum", f"{fmt.day(facts.starts_on)} – {fmt.day(facts.ends_on)}"),
        ("Ort", ", ".join(p for p in (facts.city, facts.state) if p) or "bundesweit"),
        ("Plätze", fmt.number(facts.capacity)),
        ("Trainer:innen", ", ".join(facts.trainers) or fmt.UNKNOWN),
        ("Hinweis", facts.note or "—"),
    ]
    rows = []
    for label, value in items:
        rows += [html.Dt(label, className="col-5"), html.Dd(value, className="col-7")]
    return dbc.Card(
        dbc.CardBody(html.Dl(rows, className="row mb-0 cohort-facts")), className="h-100", id="kohorte-summary"
    )


def _card(title: str, subtitle: str, graph, table_id: str, table_content) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(title, className="card-title h4 mb-0"),
                html.P(subtitle, className="text-muted small"),
                graph,
                html.Details(
                    [html.Summary("Als Tabelle anzeigen"), html.Div(table_content, id=table_id)],
                    className="table-alternative",
                ),
            ]
        ),
        className="h-100",
    )


def detail_kpis(steps: pd.DataFrame, goals: int, achieved: int, co2_achieved: float) -> dbc.Row:
    registered = int(steps["count"].iloc[0]) if not steps.empty else 0
    completed = int(steps["count"].iloc[-1]) if not steps.empty else 0
    cards = [
        kpi_card("Angemeldet", fmt.number(registered), None, card_id="kpi-kohorte-angemeldet"),
        kpi_card("Abgeschlossen", fmt.number(completed), None, card_id="kpi-kohorte-abgeschlossen"),
        kpi_card(
            "Abschlussquote",
            fmt.percent(completed / registered if registered else None),
            "Abgeschlossen ÷ Angemeldet",
            card_id="kpi-kohorte-quote",
        ),
        kpi_card(
            "Ziele erreicht",
            f"{fmt.number(achieved)} von {fmt.number(goals)}",
            f"Quote {fmt.percent(achieved / goals if goals else None)}",
            card_id="kpi-kohorte-ziele",
        ),
        kpi_card(
            "CO₂ erreichter Ziele",
            fmt.number(co2_achieved, 2),
            "Summe der Schätzungen",
            card_id="kpi-kohorte-co2",
            unit="t CO₂/Jahr",
        ),
    ]
    return dbc.Row([dbc.Col(card, xs=12, sm=6, lg=4) for card in cards], className="g-3")


def funnel_table(steps: pd.DataFrame) -> html.Div:
    rows = [
        (
            row.label,
            fmt.day(row.held_on, unknown="—"),
            fmt.number(row.count),
            fmt.percent(row.share),
            "—" if fmt.is_missing(row.drop) else fmt.number(-row.drop),
        )
        for row in steps.itertuples()
    ]
    return data_table(
        ["Schritt", "Datum", "Personen", "Anteil", "Veränderung"], rows, numeric_from=2, table_id="kohorte-funnel-rows"
    )


def sessions_table(steps: pd.DataFrame) -> html.Div:
    sessions = steps[~steps["kind"].isin(["angemeldet", "abgeschlossen"])]
    if sessions.empty:
        return html.P("Für diese Kohorte sind keine Termine erfasst.", className="text-muted")
    rows = [
        (
            int(row.step),
            row.label,
            vocab.SESSION_KINDS.get(row.kind, row.kind),
            fmt.day(row.held_on) + (f" – {fmt.day(row.ends_on)}" if row.ends_on is not None else ""),
            fmt.number(row.count),
            fmt.percent(row.share),
        )
        for row in sessions.itertuples()
    ]
    return data_table(
        ["Nr.", "Termin", "Art", "Datum", "Anwesend", "Anteil"], rows, numeric_from=4, table_id="kohorte-session-rows"
    )


def groups_table(groups: pd.DataFrame) -> html.Div:
    if groups.empty:
        return html.P("Diese Kohorte arbeitet ohne Kleingruppen.", className="text-muted")
    rows = [
        (r.name, r.trainer or fmt.UNKNOWN, fmt.number(r.members), fmt.number(r.completed)) for r in groups.itertuples()
    ]
    return data_table(["Gruppe", "Trainer:in", "Personen", "abgeschl."], rows, numeric_from=2)


def goals_topic_table(by_topic: pd.DataFrame) -> html.Div:
    rows = [
        (
            vocab.GOAL_TOPICS.get(r.topic, r.topic),
            fmt.number(r.goals),
            fmt.number(r.achieved),
            fmt.percent(r.rate),
            fmt.tonnes(r.co2_achieved, 2),
        )
        for r in by_topic.itertuples()
    ]
    if not rows:
        return html.P("Keine persönlichen Ziele erfasst.", className="text-muted")
    return data_table(["Themenfeld", "Ziele", "erreicht", "Quote", "CO₂ erreichter Ziele / Jahr"], rows)
