"""Tables of the Länder pages: the state comparison grid, published vs. recorded, table alternatives."""

from __future__ import annotations

from datetime import date

import dash_ag_grid as dag
import pandas as pd
from dash import html

from data import vocab
from data.published import state_figures
from data.queries.laender import PROJECT_STATUSES, STAGES, TRANSITIONS
from layouts import format as fmt
from layouts import ids
from layouts.components import data_table
from layouts.grid_locale import grid_locale
from layouts.laender_metrics import (
    METRICS,
    PUBLISHED_METRICS,
    metric_text,
    metric_value,
    target_status_text,
)
from layouts.status import MEASURE_STATUS_STYLES, STAGE_STYLES

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


def comparison_rows(frame: pd.DataFrame, query: str) -> list[dict]:
    """Grid rows for the participating states; every number comes with its German text, every name links
    to the state page with the view's filter ``query``."""
    rows = []
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
                record[f"{key}_text"] = fmt.quantity(value)
            else:
                record[f"{key}_text"] = fmt.number(value)
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
        id=ids.Laender.GRID,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "editable": False,
            "wrapHeaderText": True,
            # ungrouped columns get an empty group cell instead of spanning both header rows, so every
            # header row holds cells (screen readers announce rows without cells as broken grids)
            "suppressSpanHeaderHeight": True,
        },
        dashGridOptions={
            "domLayout": "autoHeight",
            "animateRows": False,
            **grid_locale(noRowsToShow="Keine Zeilen"),
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
        for metric, figure in state_figures(row.code).items():
            if metric not in PUBLISHED_METRICS:
                continue
            recorded = getattr(row, metric)
            rows.append(
                {
                    "code": row.code,
                    "name": row.name,
                    "metric": metric,
                    "recorded": recorded,
                    "published": figure.value,
                    "qualifier": figure.qualifier,
                    "agrees": figure.agrees_with(recorded),
                    "difference": recorded - figure.value,
                    "source": figure.source,
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
        sign = "+" if difference > 0 else "−"
        if not row["agrees"]:
            verdict = f"⚠ {sign}{metric_text(abs(difference), row['metric'])}"
        elif row["qualifier"]:
            verdict = "✓ passt"
        else:
            verdict = "✓ gleich"
        body.append(
            html.Tr(
                [
                    html.Td(row["name"]),
                    html.Td(METRICS[row["metric"]]),
                    html.Td(metric_text(row["recorded"], row["metric"]), className="text-end text-nowrap"),
                    html.Td(
                        published_text(row["published"], row["qualifier"], row["metric"]),
                        className="text-end text-nowrap",
                        title=row["source"],
                    ),
                    html.Td(
                        verdict,
                        className="text-end text-nowrap "
                        + ("text-success" if row["agrees"] else "text-warning-emphasis"),
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


def published_text(value: float, qualifier: str, metric: str) -> str:
    """A published figure as its source states it, e.g. "mehr als 80"."""
    return f"{qualifier} {metric_text(value, metric)}".strip()


# --- small tables (table alternatives) ---------------------------------------------------------------


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
    return data_table(["Land", "KlikKS", METRICS[metric], "Zielpfad"], rows, numeric_from=2)


def growth_table(growth: pd.DataFrame, names: dict[str, str], metric: str) -> html.Div:
    wide = growth.pivot(index="month_end", columns="state_code", values="value")
    codes = list(wide.columns)
    rows = [[fmt.day(day), *[metric_text(wide.loc[day, c], metric) for c in codes]] for day in wide.index]
    return data_table(["Monatsende", *[names.get(c, c) for c in codes]], rows)


def pipeline_table(frame: pd.DataFrame) -> html.Div:
    participating = frame[frame["participating"]]
    rows = [[row.name, *[fmt.number(getattr(row, f"stage_{s}")) for s in STAGES]] for row in participating.itertuples()]
    return data_table(["Land", *[vocab.MUNICIPALITY_STAGES[s] for s in STAGES]], rows)


def medians_table(medians: pd.DataFrame, names: dict[str, str], table_id: str = ids.Laender.MEDIANS_TABLE):
    if medians.empty:
        return html.P("Noch keine Übergänge zwischen Phasen erfasst.", className="text-muted")
    keys = [f"{a}>{b}" for a, b in TRANSITIONS]
    header = ["Land", *[f"{vocab.MUNICIPALITY_STAGES[a]} → {vocab.MUNICIPALITY_STAGES[b]}" for a, b in TRANSITIONS]]
    lookup = {(r.state_code, r.transition): r.median_days for r in medians.itertuples()}
    rows = [
        [names.get(code, code), *[fmt.number(lookup.get((code, key))) for key in keys]]
        for code in sorted(medians["state_code"].unique(), key=lambda c: names.get(c, c))
    ]
    return data_table(header, rows, table_id=table_id)


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
    return data_table(["Datum", "Meilenstein", "Land", "Art", "am Stand", "Quelle"], rows, numeric_from=99)
