"""Kohorten overview: filters, KPI cards, timeline, sizes, funnel comparison, goals — and their tables."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from data import vocab
from data.queries.kohorten import CohortFilter, CohortKpis, FilterOptions
from data.queries.kohorten_funnel import STAGES
from layouts import format as fmt
from layouts import ids
from layouts.chart_frame import chart
from layouts.components import data_table, kpi_card, navigator, notes, page_header, table_alternative
from layouts.entry_forms import entry_toolbar
from layouts.status import COHORT_STATUS_STYLES, status_badge

TITLE = "Trainings & Kohorten"


def kohorten_layout(
    options: FilterOptions, filt: CohortFilter, messages: list[str], can_edit: bool = False
) -> html.Div:
    """The page; ``can_edit`` adds "Neue Kohorte"."""
    values = filt.to_controls()
    filters = dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Format (keine Auswahl = alle)", html_for=ids.Kohorten.FORMAT),
                            dbc.Checklist(
                                id=ids.Kohorten.FORMAT,
                                options=[{"label": label, "value": key} for key, label in vocab.COHORT_KINDS.items()],
                                value=values["format"],
                                inline=True,
                            ),
                        ],
                        xl=5,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Status (keine Auswahl = alle)", html_for=ids.Kohorten.STATUS),
                            dbc.Checklist(
                                id=ids.Kohorten.STATUS,
                                options=[
                                    {"label": f"{s.icon} {s.label}", "value": key}
                                    for key, s in COHORT_STATUS_STYLES.items()
                                ],
                                value=values["status"],
                                inline=True,
                            ),
                        ],
                        xl=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Land / Stadt", html_for=ids.Kohorten.ORT),
                            dcc.Dropdown(
                                id=ids.Kohorten.ORT,
                                options=[{"label": label, "value": key} for key, label in options.places().items()],
                                value=values["ort"],
                                placeholder="alle",
                                clearable=True,
                            ),
                        ],
                        xl=2,
                        md=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Jahr", html_for=ids.Kohorten.JAHR),
                            dcc.Dropdown(
                                id=ids.Kohorten.JAHR,
                                options=[{"label": str(y), "value": y} for y in options.years],
                                value=values["jahr"],
                                placeholder="alle",
                                clearable=True,
                            ),
                        ],
                        xl=2,
                        md=6,
                    ),
                ],
                className="g-3",
            )
        ),
        className="mb-4 filter-card",
    )
    return html.Div(
        [
            page_header(TITLE, "Coachings, Schulungen, Workshops, Vernetzungstreffen und KlimaTrainings"),
            navigator(ids.Kohorten.NAV),
            notes(messages),
            *([entry_toolbar(("kohorte",))] if can_edit else []),
            filters,
            html.Div(id=ids.Kohorten.KPIS, className="mb-4"),
            _card(
                "Zeitleiste der Kohorten",
                [
                    html.P("Ein Klick auf einen Balken öffnet die Kohorte.", className="text-muted small mb-1"),
                    chart(ids.Kohorten.TIMELINE, "Zeitleiste der Kohorten"),
                ],
                ids.Kohorten.TIMELINE_TABLE,
                ids.Kohorten.TIMELINE_TABLE_TOGGLE,
                "Als Tabelle anzeigen (mit Links zu den Kohorten)",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            "Kohortengröße im Zeitverlauf",
                            [chart(ids.Kohorten.SIZES, "Kohortengröße im Zeitverlauf", loading=False)],
                            ids.Kohorten.SIZES_TABLE,
                            ids.Kohorten.SIZES_TABLE_TOGGLE,
                        ),
                        xl=6,
                    ),
                    dbc.Col(
                        _card(
                            "Teilnahme-Trichter im Vergleich",
                            [
                                html.Div(id=ids.Kohorten.COMPARE_NOTE, className="text-muted small"),
                                chart(ids.Kohorten.COMPARE, "Teilnahme-Trichter im Vergleich", loading=False),
                            ],
                            ids.Kohorten.COMPARE_TABLE,
                            ids.Kohorten.COMPARE_TABLE_TOGGLE,
                        ),
                        xl=6,
                    ),
                ],
                className="g-4 mt-0",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            "Persönliche Ziele nach Themenfeld und Status",
                            [chart(ids.Kohorten.GOALS, "Persönliche Ziele", loading=False)],
                            ids.Kohorten.GOALS_TABLE,
                            ids.Kohorten.GOALS_TABLE_TOGGLE,
                        ),
                        xl=6,
                    ),
                    dbc.Col(
                        _card(
                            "Zielerreichung je Kohorte",
                            [chart(ids.Kohorten.ACHIEVEMENT, "Zielerreichung je Kohorte", loading=False)],
                            ids.Kohorten.ACHIEVEMENT_TABLE,
                            ids.Kohorten.ACHIEVEMENT_TABLE_TOGGLE,
                        ),
                        xl=6,
                    ),
                ],
                className="g-4 mt-0",
            ),
        ]
    )


def _card(title: str, body: list, table_id: str, toggle_id: str, summary: str = "Als Tabelle anzeigen") -> dbc.Card:
    """A chart card; its table is built once its fold-out is opened."""
    return dbc.Card(
        dbc.CardBody(
            [html.H2(title, className="card-title h4"), *body, table_alternative(table_id, toggle_id, summary)]
        ),
        className="mb-4 h-100",
    )


def kpi_cards(kpis: CohortKpis, co2_achieved: float, goal_rate: float | None) -> dbc.Row:
    cards = [
        kpi_card(
            "Kohorten",
            fmt.number(kpis.cohorts),
            f"davon {fmt.number(kpis.cancelled)} abgesagt",
            card_id="kpi-kohorten",
        ),
        kpi_card("Angemeldet", fmt.number(kpis.registered), "Anmeldungen in diesen Kohorten", card_id="kpi-angemeldet"),
        kpi_card("Abgeschlossen", fmt.number(kpis.completed), "Teilnahmen mit Abschluss", card_id="kpi-abgeschlossen"),
        kpi_card(
            "Abschlussquote",
            fmt.percent(kpis.completion_rate),
            f"in abgeschlossenen Kohorten ({fmt.number(kpis.finished_completed)} von "
            f"{fmt.number(kpis.finished_registered)})",
            card_id="kpi-quote",
        ),
        kpi_card(
            "Trainer:innen", fmt.number(kpis.trainers), "leiten Kohorten oder Kleingruppen", card_id="kpi-trainer"
        ),
        kpi_card(
            "Ziele erreicht",
            fmt.percent(goal_rate),
            f"geschätzt {fmt.tonnes(co2_achieved)}/Jahr durch erreichte Ziele",
            card_id="kpi-ziele",
        ),
    ]
    return dbc.Row([dbc.Col(card, xs=12, sm=6, lg=4, xxl=2) for card in cards], className="g-3")


def cohort_table(cohorts: pd.DataFrame) -> html.Div:
    if cohorts.empty:
        return html.P("Keine Kohorten für diese Auswahl.", className="text-muted")
    rows = [
        (
            dcc.Link(r.title, href=f"/kohorten/{r.id}"),
            vocab.COHORT_KINDS.get(r.kind, r.kind),
            r.city or vocab.STATE_NAMES.get(r.state_code or "", "bundesweit"),
            f"{fmt.day(r.starts_on)} – {fmt.day(r.ends_on)}",
            status_badge(COHORT_STATUS_STYLES, r.status),
            fmt.number(r.registered),
            fmt.number(r.completed),
            fmt.percent(r.completed / r.registered if r.registered else None),
        )
        for r in cohorts.itertuples()
    ]
    header = ["Kohorte", "Format", "Ort", "Zeitraum", "Status", "Angemeldet", "Abgeschlossen", "Quote"]
    return data_table(header, rows, numeric_from=5, table_id="kohorten-list")


def sizes_table(cohorts: pd.DataFrame) -> html.Div:
    rows = [
        (fmt.day(r.starts_on), r.title, fmt.number(r.capacity), fmt.number(r.registered), fmt.number(r.completed))
        for r in cohorts.itertuples()
    ]
    return data_table(["Beginn", "Kohorte", "Plätze", "Angemeldet", "Abgeschlossen"], rows, numeric_from=2)


def comparison_table(stages: pd.DataFrame, titles: dict[int, str]) -> html.Div:
    if stages.empty:
        return html.P("Keine Daten.", className="text-muted")
    wide = stages.pivot(index="cohort_id", columns="stage", values="share")
    columns = [s for s in STAGES if s in wide.columns]
    rows = [
        (titles.get(cohort, str(cohort)), *[fmt.percent(wide.at[cohort, s]) for s in columns])
        for cohort in stages["cohort_id"].drop_duplicates()
    ]
    return data_table(["Kohorte", *[STAGES[s] for s in columns]], rows)


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
    return data_table(["Themenfeld", "Ziele", "erreicht", "Quote", "CO₂ erreichter Ziele / Jahr"], rows)


def achievement_table(by_cohort: pd.DataFrame, titles: dict[int, str]) -> html.Div:
    rows = [
        (
            titles.get(r.cohort_id, str(r.cohort_id)),
            fmt.number(r.goals),
            fmt.number(r.achieved),
            fmt.percent(r.rate),
            fmt.tonnes(r.co2_achieved, 2),
        )
        for r in by_cohort.itertuples()
    ]
    return data_table(["Kohorte", "Ziele", "erreicht", "Quote", "CO₂ erreichter Ziele / Jahr"], rows)
