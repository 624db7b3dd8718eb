"""Länder page: filters (Stand slider, metric), map, state comparison grid, growth, pipeline, milestones.

Figure builders live in :mod:`layouts.laender_figures`; the shared definitions (metrics, the Stand
slider, lagging) live here so the detail page uses the same ones.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from data import vocab
from data.published import PUBLISHED_AS_OF, state_figures
from data.queries.laender import PROJECT_STATUSES, STAGES, TRANSITIONS
from layouts import format as fmt
from layouts.components import notes, page_header
from layouts.overview import target_on
from layouts.status import MEASURE_STATUS_STYLES, STAGE_STYLES

METRICS = {
    "kommunen": "Kommunen",
    "paten": "Klimaschutzpat:innen",
    "projekte": "Projekte",
    "co2": "t CO₂/Jahr",
    "ziel": "% des Ziels (Kommunen)",
}
PUBLISHED_METRICS = ("kommunen", "paten", "projekte", "co2")
BKG_CREDIT = "Grenzen: © GeoBasis-DE / BKG (VG250), vereinfacht"
KLIKKS_ONLY = "Projekte und t CO₂ zählen nur KlikKS-Projekte (ohne Münsters Klimastadt-Vertrag)."


# AG Grid's own texts (pagination, overlays) in German.
GRID_LOCALE_DE = {
    "page": "Seite",
    "of": "von",
    "to": "bis",
    "more": "mehr",
    "firstPage": "Erste Seite",
    "lastPage": "Letzte Seite",
    "nextPage": "Nächste Seite",
    "previousPage": "Vorherige Seite",
    "pageSizeSelectorLabel": "Zeilen je Seite:",
    "ariaPageSizeSelectorLabel": "Zeilen je Seite",
    "pageLastRowUnknown": "?",
    "noRowsToShow": "Keine Zeilen",
    "loadingOoo": "Wird geladen …",
}

# Counts repeat a lot across a table (0, 1, 2 …); formatting each distinct value once keeps tables fast.
cached_number = lru_cache(maxsize=8192)(fmt.number)


# --- Stand: month ends of the program period ---------------------------------------------------------


def stand_days(first: date, last: date) -> list[date]:
    """Month ends from the program start to its end (the last one capped at the end day)."""
    months = pd.period_range(pd.Timestamp(first), pd.Timestamp(last), freq="M")
    return [min(p.end_time.date(), last) for p in months]


def stand_index(days: list[date], day: date) -> int:
    """Slider position of the month that contains ``day``."""
    for index, candidate in enumerate(days):
        if day <= candidate:
            return index
    return len(days) - 1


def stand_slider(slider_id: str, days: list[date], value: int) -> dcc.Slider:
    marks = {i: d.strftime("%m/%Y") for i, d in enumerate(days) if i % 6 == 0 or i == len(days) - 1}
    if len(days) - 1 - max(i for i in marks if i != len(days) - 1) < 3:  # keep the last two labels apart
        marks.pop(max(i for i in marks if i != len(days) - 1))
    return dcc.Slider(
        id=slider_id,
        min=0,
        max=len(days) - 1,
        step=1,
        value=value,
        marks=marks,
        included=True,
        updatemode="mouseup",
        allow_direct_input=False,
    )


# --- lagging: below the straight-line path to the target ---------------------------------------------


def with_target_status(frame: pd.DataFrame, day: date, first: date) -> pd.DataFrame:
    """Add ``target_path`` (expected Kommunen on ``day``), ``reached`` (share of target), ``lagging``."""
    frame = frame.copy()
    paths, reached, lagging = [], [], []
    for row in frame.itertuples():
        has_target = not fmt.is_missing(row.target) and row.target_due is not None and row.target > 0
        path = target_on(day, first, row.target_due, float(row.target)) if has_target else None
        paths.append(path)
        reached.append(row.kommunen / float(row.target) if has_target else None)
        lagging.append(bool(row.participating and path is not None and row.kommunen < path))
    # object dtype keeps None for "no target" (a float column would turn it into NaN)
    frame["target_path"] = pd.Series(paths, index=frame.index, dtype="object")
    frame["reached"] = pd.Series(reached, index=frame.index, dtype="object")
    frame["lagging"] = lagging
    return frame


def target_status_text(row) -> str:
    """Colour-independent text of the target status (icon + words)."""
    if not row.participating:
        return "nimmt nicht teil"
    if row.target_path is None:
        return "kein Ziel"
    if row.reached is not None and row.reached >= 1:
        return "✓ Ziel erreicht"
    return "⚠ hinter dem Zielpfad" if row.lagging else "✓ auf Kurs"


def metric_value(row, metric: str) -> float | None:
    if metric == "ziel":
        return None if row.reached is None else row.reached * 100
    return getattr(row, metric)


def metric_text(value: float | None, metric: str) -> str:
    if metric == "ziel":
        return fmt.percent(None if value is None else value / 100)
    if metric == "co2":
        return fmt.tonnes(value)
    return fmt.number(value) if fmt.is_missing(value) else cached_number(float(value))


# --- page layout -------------------------------------------------------------------------------------


def laender_layout(program_name: str, days: list[date], stand: int, metric: str, messages: list[str]) -> html.Div:
    filters = dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Div(
                                [
                                    dbc.Label("Stand", html_for="laender-stand", className="mb-0"),
                                    html.Strong(fmt.day(days[stand]), id="laender-stand-label", className="ms-2"),
                                ],
                                className="d-flex align-items-baseline",
                            ),
                            stand_slider("laender-stand", days, stand),
                        ],
                        lg=7,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Kennzahl", html_for="laender-metric"),
                            dbc.RadioItems(
                                id="laender-metric",
                                options=[{"label": label, "value": key} for key, label in METRICS.items()],
                                value=metric,
                                inline=True,
                            ),
                        ],
                        lg=5,
                    ),
                ],
                className="g-3",
            )
        ),
        className="mb-4 filter-card",
    )
    return html.Div(
        [
            page_header("Regionaler Fortschritt", f"{program_name} · acht Länder, Ziel: 15 Kommunen je Land"),
            notes(messages),
            filters,
            dbc.Row(
                [
                    dbc.Col(
                        section_card(
                            "Karte",
                            [
                                dcc.Loading(
                                    dcc.Graph(id="laender-map", config=fmt.GRAPH_CONFIG, clear_on_unhover=True),
                                    delay_show=300,
                                ),
                                html.P(
                                    [
                                        "Klick auf ein Land öffnet seine Seite. Grau: nimmt nicht an KlikKS teil. ",
                                        html.Span(BKG_CREDIT, id="laender-map-credit"),
                                    ],
                                    className="small text-muted mb-0",
                                ),
                                table_alternative("laender-map-table"),
                            ],
                        ),
                        xl=5,
                    ),
                    dbc.Col(
                        section_card(
                            "Wachstum je Land",
                            [
                                dcc.Loading(dcc.Graph(id="laender-growth", config=fmt.GRAPH_CONFIG), delay_show=300),
                                html.P(
                                    "Gestrichelt: gerader Zielpfad vom Programmstart zum Ziel. "
                                    "⚠ im Namen: Land liegt am Stand unter seinem Zielpfad.",
                                    className="small text-muted mb-0",
                                ),
                                table_alternative("laender-growth-table"),
                            ],
                        ),
                        xl=7,
                    ),
                ],
                className="g-4 mb-4",
            ),
            section_card(
                "Ländervergleich",
                [
                    html.P(
                        [
                            "Kommunen und Pat:innen: am Stand beteiligt. ",
                            KLIKKS_ONLY,
                            " Zielpfad: gerade Linie von 0 am Programmstart zum Ziel am Fälligkeitstag.",
                        ],
                        className="small text-muted",
                    ),
                    html.Div(id="laender-grid-wrap", children=comparison_grid([])),
                ],
                className="mb-4",
            ),
            section_card(
                "Kommunen-Pipeline",
                [
                    dbc.Row(
                        [
                            dbc.Col(
                                [
                                    dcc.Loading(
                                        dcc.Graph(id="laender-pipeline", config=fmt.GRAPH_CONFIG), delay_show=300
                                    ),
                                    table_alternative("laender-pipeline-table"),
                                ],
                                xl=6,
                            ),
                            dbc.Col(
                                [
                                    html.H3("Mittlere Dauer zwischen den Phasen (Median, Tage)", className="h6"),
                                    html.Div(id="laender-medians"),
                                    html.P(
                                        "Tage vom Eintritt in eine Phase bis zum Eintritt in die nächste, "
                                        "für Kommunen, die beide Phasen bis zum Stand erreicht haben.",
                                        className="small text-muted mb-0",
                                    ),
                                ],
                                xl=6,
                            ),
                        ],
                        className="g-4",
                    )
                ],
                className="mb-4",
            ),
            section_card(
                "Veröffentlicht und erfasst",
                [
                    html.P(
                        f"Veröffentlichte Endstände (Stand {fmt.day(PUBLISHED_AS_OF)}) neben den "
                        "erfassten Werten am gewählten Stand.",
                        className="small text-muted",
                    ),
                    html.Div(id="laender-published"),
                ],
                className="mb-4",
            ),
            section_card(
                "Meilensteine",
                [
                    dcc.Loading(dcc.Graph(id="laender-milestones", config=fmt.GRAPH_CONFIG), delay_show=300),
                    table_alternative("laender-milestones-table"),
                ],
            ),
        ]
    )


def section_card(title: str, body: list, className: str = "h-100") -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H2(title, className="card-title h4"), *body]), className=className)


def table_alternative(content_id: str) -> html.Details:
    return html.Details([html.Summary("Als Tabelle anzeigen"), html.Div(id=content_id)], className="table-alternative")


# --- state comparison grid ---------------------------------------------------------------------------


def _number_column(field: str, header: str, width: int = 110, **extra) -> dict:
    """A numeric, sortable column whose cells show the German text prepared by :mod:`layouts.format`."""
    return {
        "field": field,
        "headerName": header,
        "type": "numericColumn",
        "valueFormatter": {"function": f"params.data ? params.data['{field}_text'] : ''"},
        "minWidth": width,
        **extra,
    }


def comparison_rows(frame: pd.DataFrame, stand: str | None) -> list[dict]:
    """Grid rows for the participating states; every number comes with its German text."""
    rows = []
    query = f"?stand={stand}" if stand else ""
    for row in frame[frame["participating"]].itertuples():
        record: dict = {
            "code": row.code,
            "name": f"[{row.name}](/laender/{row.code}{query})",
            "name_plain": row.name,
            "partner": _text(row.partner_short),
            "partner_full": _text(row.partner),
            "contact": _text(row.contact),
            "status": target_status_text(row),
            "lagging": row.lagging,
            "last_activity": None if fmt.is_missing(row.last_activity) else row.last_activity.isoformat(),
            "last_activity_text": fmt.UNKNOWN if fmt.is_missing(row.last_activity) else fmt.day(row.last_activity),
        }
        values = {
            "kommunen": row.kommunen,
            "target": None if fmt.is_missing(row.target) else float(row.target),
            "reached": None if row.reached is None else round(row.reached * 100, 1),
            "paten": row.paten,
            "projekte": row.projekte,
            "co2": row.co2,
        }
        values |= {f"stage_{s}": getattr(row, f"stage_{s}") for s in STAGES}
        values |= {f"status_{s}": getattr(row, f"status_{s}") for s in PROJECT_STATUSES}
        for key, value in values.items():
            record[key] = None if value is None else float(value) if isinstance(value, float) else int(value)
            if key == "reached":
                record[f"{key}_text"] = fmt.percent(None if value is None else value / 100)
            elif key == "co2":
                record[f"{key}_text"] = fmt.number(value, 1)
            else:
                record[f"{key}_text"] = cached_number(value)
        rows.append(record)
    return rows


def _text(value: object) -> str:
    """A text cell; missing values (None, NaN) read "keine Angabe"."""
    return fmt.UNKNOWN if fmt.is_missing(value) or value == "" else str(value)


def comparison_grid(rows: list[dict]) -> dag.AgGrid:
    stage_columns = [
        _number_column(
            f"stage_{s}",
            f"{STAGE_STYLES[s].icon} {STAGE_STYLES[s].label}",
            120,
            columnGroupShow=None if s == "aktiv" else "open",
        )
        for s in STAGES
    ]
    status_columns = [
        _number_column(
            f"status_{s}",
            f"{MEASURE_STATUS_STYLES[s].icon} {MEASURE_STATUS_STYLES[s].label}",
            130,
            columnGroupShow="open",
        )
        for s in PROJECT_STATUSES
    ]
    columns = [
        {
            "field": "name",
            "headerName": "Land",
            "cellRenderer": "markdown",
            "pinned": "left",
            "minWidth": 210,
            "comparator": {
                "function": "(a, b, nodeA, nodeB) => nodeA.data.name_plain.localeCompare(nodeB.data.name_plain, 'de')"
            },
        },
        {
            "field": "status",
            "headerName": "Zielpfad",
            "minWidth": 180,
            "cellClassRules": {
                "laender-cell-lagging": "params.data.lagging",
                "laender-cell-ok": "!params.data.lagging",
            },
        },
        {
            "headerName": "Kommunen",
            "children": [
                _number_column("kommunen", "beteiligt", 110),
                _number_column("target", "Ziel", 90),
                _number_column("reached", "% erreicht", 110),
            ],
        },
        {"headerName": "Kommunen nach Phase (aufklappen)", "children": stage_columns},
        _number_column("paten", "Pat:innen aktiv", 130),
        {
            "headerName": "Projekte nach Status (aufklappen)",
            "children": [_number_column("projekte", "Projekte", 110), *status_columns],
        },
        _number_column("co2", "t CO₂/Jahr", 120),
        {
            "field": "last_activity",
            "headerName": "Letzte Aktivität",
            "valueFormatter": {"function": "params.data ? params.data.last_activity_text : ''"},
            "minWidth": 150,
        },
        {"field": "partner", "headerName": "Partneragentur", "tooltipField": "partner_full", "minWidth": 170},
        {"field": "contact", "headerName": "Regionalmanagement", "minWidth": 170},
    ]
    return dag.AgGrid(
        id="laender-grid",
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "editable": False, "wrapHeaderText": True},
        dashGridOptions={
            "domLayout": "autoHeight",
            "animateRows": False,
            "localeText": GRID_LOCALE_DE,
        },
        getRowId="params.data.code",
        rowClassRules={"laender-row-lagging": "params.data.lagging"},
        columnSize="autoSize",
        className="ag-theme-quartz laender-grid",
        style={"width": "100%"},
    )


# --- published vs recorded ---------------------------------------------------------------------------


def published_rows(frame: pd.DataFrame) -> list[dict]:
    """One row per published figure: Land, metric, recorded value at Stand, published value, source."""
    rows = []
    for row in frame.itertuples():
        for metric, (value, source) in state_figures(row.code).items():
            if metric not in PUBLISHED_METRICS:
                continue
            recorded = getattr(row, metric)
            rows.append(
                {
                    "code": row.code,
                    "name": row.name,
                    "metric": metric,
                    "recorded": recorded,
                    "published": value,
                    "difference": recorded - value,
                    "source": source,
                }
            )
    return rows


def published_table(rows: list[dict], stand: date) -> html.Div | html.P:
    if not rows:
        return html.P("Für diese Auswahl gibt es keine veröffentlichten Werte.", className="text-muted")
    header = html.Thead(
        html.Tr(
            [
                html.Th("Land"),
                html.Th("Kennzahl"),
                html.Th(["erfasst", html.Br(), html.Span(fmt.day(stand), className="small")], className="text-end"),
                html.Th(html.Span("veröffentlicht", className="published-marker"), className="text-end"),
                html.Th("Abweichung", className="text-end"),
            ]
        )
    )
    body = []
    for row in rows:
        difference = row["difference"]
        same = abs(difference) < 0.05
        sign = "+" if difference > 0 else "−"
        body.append(
            html.Tr(
                [
                    html.Td(row["name"]),
                    html.Td(METRICS[row["metric"]]),
                    html.Td(metric_text(row["recorded"], row["metric"]), className="text-end text-nowrap"),
                    html.Td(
                        metric_text(row["published"], row["metric"]),
                        className="text-end text-nowrap",
                        title=row["source"],
                    ),
                    html.Td(
                        "✓ gleich" if same else f"⚠ {sign}{metric_text(abs(difference), row['metric'])}",
                        className="text-end text-nowrap " + ("text-success" if same else "text-warning-emphasis"),
                    ),
                ],
                **{"data-code": row["code"], "data-metric": row["metric"]},
            )
        )
    table = html.Table([header, html.Tbody(body)], className="table table-sm mb-1 published-table")
    return html.Div(
        [table, html.P("Quelle: Mauszeiger auf dem veröffentlichten Wert.", className="small text-muted mb-0")],
        className="table-responsive",
    )


# --- small tables (table alternatives) ---------------------------------------------------------------


def simple_table(
    header: list[str], rows: list[list[str]], numeric_from: int = 1, table_id: str | None = None
) -> html.Div:
    """A plain striped table; columns from ``numeric_from`` on are right-aligned."""
    head = html.Thead(
        html.Tr([html.Th(h, className="text-end" if i >= numeric_from else None) for i, h in enumerate(header)])
    )
    body = html.Tbody(
        [
            html.Tr([html.Td(c, className="text-end" if i >= numeric_from else None) for i, c in enumerate(cells)])
            for cells in rows
        ]
    )
    props = {"id": table_id} if table_id else {}
    return html.Div(
        html.Table([head, body], className="table table-sm table-striped mt-2", **props), className="table-responsive"
    )


def map_table(frame: pd.DataFrame, metric: str) -> html.Div:
    rows = [
        [
            row.name,
            "nimmt teil" if row.participating else "nimmt nicht teil",
            metric_text(metric_value(row, metric), metric) if row.participating else "–",
            target_status_text(row),
        ]
        for row in frame.itertuples()
    ]
    return simple_table(["Land", "KlikKS", METRICS[metric], "Zielpfad"], rows, numeric_from=2)


def growth_table(growth: pd.DataFrame, names: dict[str, str], metric: str) -> html.Div:
    wide = growth.pivot(index="month_end", columns="state_code", values="value")
    codes = list(wide.columns)
    rows = [[fmt.day(day), *[metric_text(wide.loc[day, c], metric) for c in codes]] for day in wide.index]
    return simple_table(["Monatsende", *[names.get(c, c) for c in codes]], rows)


def pipeline_table(frame: pd.DataFrame) -> html.Div:
    participating = frame[frame["participating"]]
    rows = [
        [row.name, *[cached_number(getattr(row, f"stage_{s}")) for s in STAGES]] for row in participating.itertuples()
    ]
    return simple_table(["Land", *[vocab.MUNICIPALITY_STAGES[s] for s in STAGES]], rows)


def medians_table(medians: pd.DataFrame, names: dict[str, str], table_id: str = "laender-medians-table"):
    if medians.empty:
        return html.P("Noch keine Übergänge zwischen Phasen erfasst.", className="text-muted")
    keys = [f"{a}>{b}" for a, b in TRANSITIONS]
    header = ["Land", *[f"{vocab.MUNICIPALITY_STAGES[a]} → {vocab.MUNICIPALITY_STAGES[b]}" for a, b in TRANSITIONS]]
    lookup = {(r.state_code, r.transition): r.median_days for r in medians.itertuples()}
    rows = [
        [names.get(code, code), *[fmt.number(lookup.get((code, key)), 1) for key in keys]]
        for code in sorted(medians["state_code"].unique(), key=lambda c: names.get(c, c))
    ]
    return simple_table(header, rows, table_id=table_id)


def milestones_table(milestones: pd.DataFrame, names: dict[str, str], stand: date) -> html.Div:
    rows = [
        [
            fmt.day(row.happened_on),
            row.title,
            names.get(row.state_code, "bundesweit") if row.state_code else "bundesweit",
            vocab.MILESTONE_KINDS.get(row.kind, row.kind),
            "erreicht" if row.happened_on <= stand else "nach dem Stand",
            row.source or fmt.UNKNOWN,
        ]
        for row in milestones.itertuples()
    ]
    return simple_table(["Datum", "Meilenstein", "Land", "Art", "am Stand", "Quelle"], rows, numeric_from=99)
