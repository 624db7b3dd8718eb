"""The two editable grids of a cohort's page: attendance and completion, and personal goals.

Rows carry the pseudonymous code only. Values a user picks are German labels; the callbacks map them back to
vocabulary keys before the write commands validate them. ``version`` travels with each row for the
optimistic lock; ``getRowId`` lets a ``rowTransaction`` update (or revert) exactly one row.
"""

from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd

from data import vocab
from data.commands.kohorten import ATTENDANCE_FIELD, ENROLLMENT_STATUS_FIELD, GOAL_FIELDS
from layouts import format as fmt
from layouts import ids
from layouts.editing import editable_column
from layouts.grid_locale import grid_locale
from layouts.status import GOAL_STATUS_STYLES

SESSION_FIELD = "s"  # grid column of a session: "s<session id>"
ENROLLMENT_STATUS_LABELS = vocab.ENROLLMENT_STATUSES
GOAL_STATUS_LABELS = vocab.GOAL_STATUSES


def attendance_row(row: dict) -> dict:
    """Grid row of an enrollment (see ``enrollment_rows``): code, group, one boolean per session, status."""
    data = {
        "id": str(row["id"]),
        "code": row["code"],
        "group": row["group"] or "—",
        "status": ENROLLMENT_STATUS_LABELS.get(row["status"], row["status"]),
        "date": fmt.day(row["completed_on"] or row["dropped_on"], unknown="—"),
        "version": row["version"],
    }
    for session_id, present in row["present"].items():
        data[f"{SESSION_FIELD}{session_id}"] = present
    return data


def attendance_grid(sessions: pd.DataFrame, rows: list[dict], editable: bool) -> dag.AgGrid:
    session_columns = [
        editable_column(
            ATTENDANCE_FIELD,
            editable=editable,
            field=f"{SESSION_FIELD}{s.id}",
            headerName=f"{s.position}. {s.title}",
            headerTooltip=f"{s.title} am {fmt.day(s.held_on)}",
            flex=1,
            minWidth=115,
        )
        for s in sessions.itertuples()
    ]
    columns = [
        {"field": "code", "headerName": "Code", "pinned": "left", "width": 105},
        {"field": "group", "headerName": "Kleingruppe", "width": 135},
        *session_columns,
        editable_column(ENROLLMENT_STATUS_FIELD, editable=editable, by_label=True, headerName="Status", width=145),
        {"field": "date", "headerName": "Abschluss / Abbruch am", "width": 135},
    ]
    return dag.AgGrid(
        id=ids.Kohorte.ATTENDANCE,
        columnDefs=columns,
        rowData=[attendance_row(r) for r in rows],
        getRowId="params.data.id",
        defaultColDef={"resizable": True, "sortable": True, "wrapHeaderText": True, "autoHeaderHeight": True},
        dashGridOptions={
            "undoRedoCellEditing": True,
            "domLayout": "autoHeight",
            "suppressColumnVirtualisation": True,
            **grid_locale(noRowsToShow="Keine Einträge"),
        },
        style={"width": "100%"},
        className="ag-theme-quartz kohorte-grid",
    )


_STATUS_ICONS = {style.label: style.icon for style in GOAL_STATUS_STYLES.values()}


def goal_row(row: dict) -> dict:
    return {
        "id": str(row["id"]),
        "code": row["code"],
        "group": row["group"] or "—",
        "topic": vocab.GOAL_TOPICS.get(row["topic"], row["topic"]),
        "text": row["text"],
        "status": GOAL_STATUS_LABELS.get(row["status"], row["status"]),
        "co2": fmt.number(row["co2_t_per_year"], 2, unknown=""),
        "version": row["version"],
    }


def goals_grid(rows: list[dict], editable: bool) -> dag.AgGrid:
    icons = ", ".join(f"'{label}': '{icon}'" for label, icon in _STATUS_ICONS.items())
    status_styles = [
        {
            "condition": f"params.value === '{style.label}'",
            "style": {"color": style.colour, "fontWeight": "600"},
        }
        for style in GOAL_STATUS_STYLES.values()
    ]
    columns = [
        {"field": "code", "headerName": "Code", "pinned": "left", "width": 120},
        {"field": "group", "headerName": "Kleingruppe", "width": 150},
        {"field": "topic", "headerName": "Themenfeld", "width": 170},
        {"field": "text", "headerName": "Ziel", "flex": 1, "minWidth": 260},
        editable_column(
            GOAL_FIELDS["status"],
            editable=editable,
            styles=GOAL_STATUS_STYLES,
            by_label=True,
            headerName="Status",
            valueFormatter={"function": f"({{{icons}}}[params.value] || '?') + ' ' + params.value"},
            cellStyle={"styleConditions": status_styles},
            width=170,
        ),
        editable_column(
            GOAL_FIELDS["co2_t_per_year"],
            editable=editable,
            field="co2",
            headerName="t CO₂/Jahr",
            cellDataType="text",
            valueFormatter={"function": "params.value ? params.value : 'keine Angabe'"},
            type="rightAligned",
            width=140,
        ),
    ]
    return dag.AgGrid(
        id=ids.Kohorte.GOALS_GRID,
        columnDefs=columns,
        rowData=[goal_row(r) for r in rows],
        getRowId="params.data.id",
        defaultColDef={"resizable": True, "sortable": True},
        dashGridOptions={
            **grid_locale(noRowsToShow="Keine Einträge"),
            "domLayout": "autoHeight",
            "pagination": True,
            "paginationPageSize": 25,
            "paginationPageSizeSelector": False,
        },
        style={"width": "100%"},
        className="ag-theme-quartz kohorte-grid",
    )
