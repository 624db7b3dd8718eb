"""The editable, server-paged AG Grid of measures: columns, German formatting, German grid texts.

Rows come page by page from the server (infinite row model); sorting and column filters are done
by the database. Editable columns take their editor and limits from the command's field specs. Formatting is done in the browser by small expressions (German numbers and dates,
"keine Angabe" for empty cells); statuses show colour, icon and label.
"""

from __future__ import annotations

import json

import dash_ag_grid as dag

from data.commands.massnahmen_fields import MEASURE_FIELDS
from data.permissions import Actor, Scope, may_write
from layouts import ids
from layouts.editing import editable_column
from layouts.grid_locale import grid_locale
from layouts.status import MEASURE_STATUS_STYLES

GRID_ID = ids.Massnahmen.GRID
PAGE_SIZE = 100

# Text labels only: some status symbols are missing from common fonts. Rows still loading show nothing.
_STATUS_LABELS = json.dumps({key: s.label for key, s in MEASURE_STATUS_STYLES.items()}, ensure_ascii=False)
_UNKNOWN = "(params.data ? 'keine Angabe' : '')"
_TEXT = {"function": f"params.value == null || params.value === '' ? {_UNKNOWN} : params.value"}
_DATE = {
    "function": f"params.value ? params.value.slice(8, 10) + '.' + params.value.slice(5, 7) + '.' + params.value.slice(0, 4) : {_UNKNOWN}"
}


def _number(decimals: int, suffix: str) -> dict:
    """German number format (dashboard/assets/20-massnahmen-grid.js), e.g. ``1.234,5 t``."""
    return {"function": f"massnahmenNumber(params, {decimals}, '{suffix}')"}


TEXT_FILTER = {"filter": "agTextColumnFilter", "filterParams": {"buttons": ["reset"], "maxNumConditions": 1}}
NUMBER_FILTER = {"filter": "agNumberColumnFilter", "filterParams": {"buttons": ["reset"], "maxNumConditions": 1}}


def column_defs() -> list[dict]:
    status_styles = [
        {"condition": f"params.value === '{key}'", "style": {"backgroundColor": s.colour, "color": s.text_colour}}
        for key, s in MEASURE_STATUS_STYLES.items()
    ]
    return [
        {"headerName": "Nr.", "field": "code", "width": 125, "pinned": "left", **TEXT_FILTER},
        {
            "headerName": "Titel",
            "colId": "title",
            "field": "title_link",
            "cellRenderer": "markdown",
            "width": 320,
            "pinned": "left",
            "tooltipField": "title",
            **TEXT_FILTER,
        },
        _editable(
            "status",
            styles=MEASURE_STATUS_STYLES,
            valueFormatter={"function": f"({_STATUS_LABELS})[params.value] || {_UNKNOWN}"},
            cellStyle={"styleConditions": status_styles},
            width=170,
        ),
        _editable("progress_pct", valueFormatter=_number(0, " %"), type="rightAligned", width=130, **NUMBER_FILTER),
        {"headerName": "Aktualisiert", "field": "updated_at", "valueFormatter": _DATE, "width": 140},
        {"headerName": "Handlungsfeld", "field": "sector", "width": 170, **TEXT_FILTER},
        {"headerName": "Land", "field": "state", "width": 170, "valueFormatter": _TEXT, **TEXT_FILTER},
        {"headerName": "Kommune", "field": "municipality", "width": 170, "valueFormatter": _TEXT, **TEXT_FILTER},
        _editable("responsible", valueFormatter=_TEXT, width=210, **TEXT_FILTER),
        _editable("involved", valueFormatter=_TEXT, width=200, **TEXT_FILTER),
        _editable(
            "planned_completion_on",
            valueFormatter={
                "function": _DATE["function"] + " + (params.data && params.data.overdue ? ' · überfällig' : '')"
            },
            cellClassRules={"massnahmen-overdue": "params.data && params.data.overdue"},
            width=200,
            filter="agDateColumnFilter",
            filterParams={"buttons": ["reset"], "maxNumConditions": 1},
        ),
        _editable(
            "co2_t_per_year",
            headerName="CO₂ (t/Jahr)",
            valueFormatter=_number(2, " t"),
            type="rightAligned",
            width=145,
            **NUMBER_FILTER,
        ),
        _editable(
            "cost_eur",
            headerName="Kosten (€)",
            valueFormatter=_number(0, " €"),
            type="rightAligned",
            width=140,
            **NUMBER_FILTER,
        ),
        _editable("steps", valueFormatter=_TEXT, tooltipField="steps", width=280, **TEXT_FILTER),
    ]


# Cells are editable only in rows the signed-in person may change (``editable`` is set per row by
# :func:`grid_rows`); the write command checks again, so this only spares people a refused edit.
EDITABLE_ROW = {"function": "params.data ? params.data.editable === true : false"}


def _editable(name: str, **column: object) -> dict:
    """An editable column: editor, limits and options from the command's field spec; editable per row."""
    settings = editable_column(MEASURE_FIELDS[name], **column)
    if settings["editable"]:
        settings["editable"] = EDITABLE_ROW
    return settings


def measures_grid() -> dag.AgGrid:
    return dag.AgGrid(
        id=GRID_ID,
        rowModelType="infinite",
        columnDefs=column_defs(),
        defaultColDef={"sortable": True, "resizable": True, "suppressHeaderMenuButton": True},
        getRowId="'m' + params.data.id",
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": PAGE_SIZE,
            "paginationPageSizeSelector": False,
            "cacheBlockSize": PAGE_SIZE,
            "maxBlocksInCache": 10,
            "infiniteInitialRowCount": PAGE_SIZE,
            "maxConcurrentDatasourceRequests": 2,
            "stopEditingWhenCellsLoseFocus": True,
            "tooltipShowDelay": 400,
            "rowClassRules": {"grid-row-retired": "params.data && params.data.retired"},
            **grid_locale(noRowsToShow="Keine Maßnahmen für diese Filter"),
            "animateRows": False,
        },
        className="ag-theme-quartz massnahmen-grid",
        style={"height": "640px", "width": "100%"},
    )


def _markdown_text(text: str) -> str:
    for char in "\\[]()*_`<>#":
        text = text.replace(char, "\\" + char)
    return text


RETIRED_MARK = "ausgemustert"


def grid_rows(rows: list[dict], actor: Actor | None = None) -> list[dict]:
    """Rows as the grid shows them: the title links to the measure's page (a retired one says so and
    cannot be edited); ``editable`` for ``actor``."""
    return [
        {
            **row,
            "title_link": (f"_{RETIRED_MARK}_ · " if row.get("retired") else "")
            + f"[{_markdown_text(row['title'])}](/massnahmen/{row['id']})",
            "editable": not row.get("retired")
            and may_write(actor, Scope(row.get("state_code"), row.get("municipality_id"))),
        }
        for row in rows
    ]
