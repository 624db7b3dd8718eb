"""One state's page: KPIs with published markers, growth, municipalities, measures, cohorts, contact."""

from __future__ import annotations

from datetime import date

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from data import vocab
from data.published import PUBLISHED_AS_OF, state_figures
from data.queries.laender_detail import StateInfo
from layouts import format as fmt
from layouts import ids
from layouts.chart_frame import chart
from layouts.components import data_table, notes, page_header, table_alternative
from layouts.entry_forms import entry_toolbar
from layouts.grid_locale import grid_locale
from layouts.laender import section_card, stand_metric_filters
from layouts.laender_metrics import KLIKKS_ONLY, target_status_text
from layouts.laender_tables import published_text
from layouts.shell import GRID_PLACEHOLDER
from layouts.status import COHORT_STATUS_STYLES, MEASURE_STATUS_STYLES, STAGE_STYLES, status_badge

SHOW_RETIRED = "ausgemusterte"  # the value of the switch that lists retired municipalities too
LAND_FORMS = ("kommune", "kommune-edit", "stufe", "pat", "pat-ende", "kommune-aus", "kommune-zurueck")


def land_layout(
    info: StateInfo,
    days: list[date],
    stand: int,
    metric: str,
    messages: list[str],
    back_query: str,
    can_edit: bool = False,
) -> html.Div:
    """The page; ``can_edit`` adds the entry forms (municipalities, stages, Pat:innen) above the list."""
    subtitle = (
        f"Partneragentur: {info.partner or fmt.UNKNOWN} · Landes-Kick-off {fmt.day(info.kickoff_on)}"
        if info.participating
        else "Dieses Land nimmt nicht an KlikKS teil."
    )
    filters = stand_metric_filters(ids.Land, days, stand, metric, "Kennzahl im Wachstumsdiagramm")
    return html.Div(
        [
            dcc.Store(id=ids.Land.CODE, data=info.code),
            dcc.Store(id=ids.Land.REVISION, data=0),  # counts saves of the entry forms; the figures reload
            dcc.Link("← Alle Länder", href=f"/laender{back_query}", id="land-back", className="d-inline-block mb-2"),
            page_header(info.name, subtitle),
            notes(messages),
            filters,
            html.Div(id=ids.Land.KPIS, className="mb-4"),
            dbc.Row(
                [
                    dbc.Col(
                        section_card(
                            "Wachstum",
                            [
                                chart(ids.Land.GROWTH, "Wachstum"),
                                table_alternative(ids.Land.GROWTH_TABLE, ids.Land.GROWTH_TABLE_TOGGLE),
                            ],
                        ),
                        xl=8,
                    ),
                    dbc.Col(section_card("Ansprechpersonen", [contact_card(info)]), xl=4),
                ],
                className="g-4 mb-4",
            ),
            section_card(
                "Kommunen",
                [
                    html.P(
                        "Phase am Stand; Pat:innen: am Stand aktiv; Projekte: KlikKS-Projekte bis zum Stand begonnen, "
                        "ohne abgebrochene.",
                        className="small text-muted",
                    ),
                    *([entry_toolbar(LAND_FORMS)] if can_edit else []),
                    list_downloads(info.code, can_edit),
                    dbc.Checklist(
                        id=ids.Land.SHOW_RETIRED,
                        options=[{"label": "Ausgemusterte zeigen", "value": SHOW_RETIRED}],
                        value=[],
                        switch=True,
                        className="mb-2",
                    ),
                    html.Div(id=ids.Land.MUNICIPALITIES, **{GRID_PLACEHOLDER: "true"}),  # a callback fills in the grid
                ],
                className="mb-4",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        section_card(
                            "Maßnahmen nach Status",
                            [
                                html.P(
                                    "Aktueller Status der bis zum Stand begonnenen Maßnahmen (auch ohne Beginndatum), "
                                    "je Programm.",
                                    className="small text-muted",
                                ),
                                chart(ids.Land.MEASURES, "Maßnahmen nach Status"),
                                table_alternative(ids.Land.MEASURES_TABLE, ids.Land.MEASURES_TABLE_TOGGLE),
                            ],
                        ),
                        xl=6,
                    ),
                    dbc.Col(section_card("Kohorten und Trainings", [html.Div(id=ids.Land.COHORTS)]), xl=6),
                ],
                className="g-4 mb-4",
            ),
            section_card(
                "Pipeline und Meilensteine",
                [html.Div(id=ids.Land.PIPELINE)],
            ),
        ]
    )


def list_downloads(code: str, can_edit: bool) -> html.Div:
    """Download links of the state's lists in the import's columns (an edited file imports back); the
    Pat:innen's list only for the people who keep it."""
    lists = [("kommunen", "Kommunen")] + ([("pat-innen", "Pat:innen")] if can_edit else [])
    return html.Div(
        [
            html.Span("Herunterladen:", className="small text-muted me-1"),
            *(
                dbc.Button(
                    f"{label} als {kind.upper()}",
                    href=f"/laender/{code}/{which}.{kind}",
                    external_link=True,
                    color="secondary",
                    outline=True,
                    size="sm",
                )
                for which, label in lists
                for kind in ("csv", "xlsx")
            ),
        ],
        className="d-flex flex-wrap gap-2 align-items-center mb-2",
    )


def contact_card(info: StateInfo) -> html.Div:
    if not info.contacts and not info.partner:
        return html.P("Keine Ansprechperson erfasst.", className="text-muted", id="land-contact")
    items = [
        html.Li(
            [
                html.Strong(c.name),
                html.Div(f"{vocab.PERSON_ROLES.get(c.role, c.role)} · {c.organisation or fmt.UNKNOWN}"),
                html.Div(html.A(c.email, href=f"mailto:{c.email}") if c.email else f"E-Mail: {fmt.UNKNOWN}"),
                html.Div(f"Telefon: {c.phone or fmt.UNKNOWN}"),
            ],
            className="mb-2",
        )
        for c in info.contacts
    ]
    role = vocab.PROGRAM_ROLES.get(info.partner_role or "", "") if info.partner_role else ""
    return html.Div(
        [
            html.P([html.Strong("Partneragentur: "), info.partner or fmt.UNKNOWN, f" ({role})" if role else ""]),
            html.Ul(items, className="list-unstyled mb-0"),
        ],
        id="land-contact",
    )


def _published_marker(code: str, metric: str) -> html.Span | None:
    figure = state_figures(code).get(metric)
    if figure is None:
        return None
    return html.Span(
        f"veröffentlicht: {published_text(figure.value, figure.qualifier, metric)}",
        className="published-marker",
        title=f"{figure.source} (Stand {fmt.day(PUBLISHED_AS_OF)})",
        id=f"land-published-{metric}",
    )


def kpi_row(row, day: date) -> dbc.Row:
    """KPI cards of the state at the Stand, each with its published figure where one exists."""
    target = "" if fmt.is_missing(row.target) else f"· Ziel {fmt.number(row.target)} ({fmt.percent(row.reached)})"
    cards = [
        ("kommunen", "Kommunen", fmt.number(row.kommunen), f"beteiligt am {fmt.day(day)} {target}".strip()),
        ("paten", "Klimaschutzpat:innen", fmt.number(row.paten), f"aktiv am {fmt.day(day)}"),
        ("projekte", "Projekte", fmt.number(row.projekte), "KlikKS-Projekte, begonnen bis zum Stand"),
        (
            "co2",
            "CO₂-Einsparung (t/Jahr)",
            fmt.quantity(row.co2),
            f"Summe der Schätzungen; bei {fmt.counted(row.co2_unknown, 'Projekt', 'Projekten')} keine Angabe",
        ),
        ("zielpfad", "Zielpfad", target_status_text(row), f"Letzte Aktivität: {fmt.day(row.last_activity)}"),
    ]
    columns = []
    for key, label, value, detail in cards:
        marker = _published_marker(row.code, key)
        body = [
            html.Div(label, className="kpi-label"),
            html.Div(value, className="kpi-value" + (" kpi-value-text" if key == "zielpfad" else "")),
            html.Div(detail, className="kpi-detail"),
            html.Div(marker, className="mt-1") if marker else None,
        ]
        card = dbc.Card(dbc.CardBody(body), className="kpi-card h-100", id=f"land-kpi-{key}")
        columns.append(dbc.Col(card, xs=12, sm=6, xl=True))
    return dbc.Row(columns, className="g-3")


def municipality_grid(frame: pd.DataFrame) -> dag.AgGrid | html.P:
    if frame.empty:
        return html.P("Bis zum Stand ist keine Kommune in der KlikKS-Pipeline erfasst.", className="text-muted")
    rows = []
    for row in frame.itertuples():
        style = STAGE_STYLES.get(row.stage)
        rows.append(
            {
                "id": int(row.id),
                "name": f"{row.name} (ausgemustert)" if getattr(row, "retired", False) else row.name,
                "retired": bool(getattr(row, "retired", False)),
                "kind": vocab.MUNICIPALITY_KINDS.get(row.kind, row.kind),
                "population": None if fmt.is_missing(row.population) else int(row.population),
                "population_text": fmt.number(row.population),
                "stage": f"{style.icon} {style.label}" if style else fmt.UNKNOWN,
                "stage_colour": style.colour if style else "#a1a1aa",
                "stage_rank": list(STAGE_STYLES).index(row.stage) if style else -1,
                "stage_since": row.stage_since.isoformat() if row.stage_since else None,
                "stage_since_text": fmt.day(row.stage_since),
                "paten": int(row.paten),
                "paten_text": fmt.number(row.paten),
                "projekte": int(row.projekte),
                "projekte_text": fmt.number(row.projekte),
                "co2": None if fmt.is_missing(row.co2) else float(row.co2),
                "co2_text": fmt.quantity(row.co2),
                "last_activity": row.last_activity.isoformat() if row.last_activity else None,
                "last_activity_text": fmt.day(row.last_activity),
            }
        )

    def text(field: str, header: str, numeric: bool = True, width: int = 120) -> dict:
        column = {
            "field": field,
            "headerName": header,
            "valueFormatter": {"function": f"params.data ? params.data['{field}_text'] : ''"},
            "minWidth": width,
        }
        if numeric:
            column["type"] = "numericColumn"
        return column

    columns = [
        {"field": "name", "headerName": "Kommune", "minWidth": 200, "pinned": "left"},
        {"field": "kind", "headerName": "Art", "minWidth": 110},
        text("population", "Einwohner"),
        {
            "field": "stage",
            "headerName": "Phase",
            "minWidth": 150,
            "comparator": {"function": "(a, b, nodeA, nodeB) => nodeA.data.stage_rank - nodeB.data.stage_rank"},
            "cellStyle": {
                "function": "({borderLeft: '8px solid ' + params.data.stage_colour, fontWeight: 600})",
            },
        },
        text("stage_since", "seit", numeric=False),
        text("paten", "Pat:innen"),
        text("projekte", "Projekte"),
        text("co2", "t CO₂/Jahr"),
        text("last_activity", "Letzte Aktivität", numeric=False, width=150),
    ]
    return dag.AgGrid(
        id="land-municipality-grid",
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "editable": False},
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 20,
            "paginationPageSizeSelector": [20, 50, 100],
            "domLayout": "autoHeight",
            **grid_locale(noRowsToShow="Keine Zeilen"),
            "rowClassRules": {"grid-row-retired": "params.data && params.data.retired"},
        },
        getRowId="String(params.data.id)",
        columnSize="responsiveSizeToFit",
        className="ag-theme-quartz",
        style={"width": "100%"},
    )


def measures_table(status: pd.DataFrame) -> html.Table:
    rows = [
        [
            r.program,
            MEASURE_STATUS_STYLES[r.status].label if r.status in MEASURE_STATUS_STYLES else r.status,
            fmt.number(r.measures),
        ]
        for r in status.itertuples()
    ]
    return data_table(["Programm", "Status", "Maßnahmen"], rows, numeric_from=2)


def cohorts_list(cohorts: pd.DataFrame) -> html.Div:
    if cohorts.empty:
        return html.P("Bis zum Stand keine Kohorte in diesem Land.", className="text-muted", id="land-cohort-list")
    rows = [
        [
            [dcc.Link(r.title, href=f"/kohorten/{r.id}"), html.Div(_cohort_kind(r), className="small text-muted")],
            f"{fmt.day(r.starts_on)} – {fmt.day(r.ends_on)}",
            status_badge(COHORT_STATUS_STYLES, r.status),
            fmt.number(r.enrolled),
        ]
        for r in cohorts.itertuples()
    ]
    return html.Div(
        data_table(["Kohorte", "Zeitraum", "Status", "Angemeldet"], rows, numeric_from=3), id="land-cohort-list"
    )


def _cohort_kind(row) -> str:
    return f"{vocab.COHORT_KINDS.get(row.kind, row.kind)} · {row.program}"


def pipeline_summary(row, medians_table: html.Table | html.P, milestones: pd.DataFrame, day: date) -> html.Div:
    stages = [
        html.Span(
            [status_badge(STAGE_STYLES, stage), f" {fmt.number(getattr(row, f'stage_{stage}'))}"],
            className="me-3 d-inline-block mb-1",
        )
        for stage in STAGE_STYLES
    ]
    events = [
        html.Li(f"{fmt.day(m.happened_on)}: {m.title}" + ("" if m.happened_on <= day else " (nach dem Stand)"))
        for m in milestones.itertuples()
    ]
    return html.Div(
        [
            html.H3("Kommunen nach Phase am Stand", className="h6"),
            html.Div(stages, id="land-stages"),
            html.H3("Mittlere Dauer zwischen den Phasen (Median, Tage)", className="h6 mt-3"),
            medians_table,
            html.H3("Meilensteine", className="h6 mt-3"),
            html.Ul(events or [html.Li("Keine Meilensteine erfasst.")]),
            html.P(KLIKKS_ONLY, className="small text-muted mb-0"),
        ]
    )
