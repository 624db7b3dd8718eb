"""Maßnahmen grid: pages of rows from the server, saving an edited cell, and the export downloads.

A cell edit goes to the one write command; success or failure, the grid then reloads its cached
pages from the database, so a rejected value is reverted and every row carries its current version.
"""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, State, ctx, dcc, no_update

from callbacks.inputs import cell_changes, next_revision
from data.commands.errors import CommandError
from data.commands.massnahmen import update_measure
from data.commands.massnahmen_fields import EDITABLE_FIELDS
from data.db import Database
from data.exports.massnahmen import export_file, export_filename
from data.queries.massnahmen_grid import grid_page
from data.queries.measure_filters import MeasureFilter
from layouts import ids
from layouts import massnahmen as view
from layouts.massnahmen_grid import GRID_ID, grid_rows

_GRID_CALL = (
    "function(_trigger) { const api = window.dash_ag_grid && window.dash_ag_grid.getApi('"
    + GRID_ID
    + "'); if (api) { api.METHOD(); } return window.dash_clientside.no_update; }"
)


def rows_response(db: Database, request: dict | None, state: object) -> dict:
    """One block of rows for AG Grid's infinite row model, with the total row count."""
    request = request or {}
    page = db.read(
        grid_page,
        MeasureFilter.from_values(state),
        request.get("startRow") or 0,
        request.get("endRow") or 100,
        request.get("sortModel"),
        request.get("filterModel"),
    )
    return {"rowData": grid_rows(page.rows), "rowCount": page.row_count}


def save_edit(db: Database, actor: str, event: list[dict] | dict | None):
    """Save one edited cell through the write command; returns (message component, success)."""
    changes = cell_changes(event)
    if not changes:
        return None, False
    change = changes[0]
    field = change.get("colId")
    data = change.get("data") or {}
    label = EDITABLE_FIELDS[field].label if field in EDITABLE_FIELDS else field
    title = data.get("title") or "Maßnahme"
    try:
        with db.session() as session:
            result = update_measure(
                session, actor, int(data.get("id")), {field: change.get("value")}, data.get("version"), source="ui"
            )
    except CommandError as exc:
        return view.save_message(f"Nicht gespeichert ({title}, {label}): {exc.message}", ok=False), False
    except (TypeError, ValueError):
        return view.save_message(f"Nicht gespeichert ({title}): die Zeile ist unvollständig.", ok=False), False
    if not result.changed:
        return view.save_message(f"Keine Änderung an „{title}“.", ok=True), True
    old, new = (view.audit_value(field, value) for value in result.changed[field])
    return view.save_message(f"Gespeichert: {label} von „{title}“: {old} → {new}.", ok=True), True


def export_download(db: Database, kind: str, state: object, filter_model: dict | None) -> dict:
    flt = MeasureFilter.from_values(state)
    content = db.read(export_file, kind, flt, filter_model)
    return dcc.send_bytes(content, export_filename(kind, date.today()))


def register(app: Dash, db: Database) -> None:
    @app.callback(
        Output(GRID_ID, "getRowsResponse"),
        Input(GRID_ID, "getRowsRequest"),
        State(ids.Massnahmen.FILTER, "data"),
        prevent_initial_call=True,
    )
    def _rows(request, state):
        return rows_response(db, request, state)

    @app.callback(
        Output(ids.Massnahmen.SAVE_MESSAGE, "children"),
        Output(ids.Massnahmen.REVISION, "data"),
        Input(GRID_ID, "cellValueChanged"),
        State(ids.Massnahmen.REVISION, "data"),
        prevent_initial_call=True,
    )
    def _save(event, revision):
        message, _ok = save_edit(db, app.server.config["KLIKKS_CONFIG"].actor, event)
        if message is None:
            return no_update, no_update
        return message, next_revision(revision)

    # Reload the grid's cached pages from the server: after a new filter (from the start) or a save (in place).
    app.clientside_callback(
        _GRID_CALL.replace("METHOD", "purgeInfiniteCache"),
        Output(ids.Massnahmen.GRID_REFRESHED, "data"),
        Input(ids.Massnahmen.FILTER, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _GRID_CALL.replace("METHOD", "refreshInfiniteCache"),
        Output(ids.Massnahmen.GRID_REFRESHED, "data", allow_duplicate=True),
        Input(ids.Massnahmen.REVISION, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.Massnahmen.DOWNLOAD, "data"),
        Input(ids.Massnahmen.EXPORT_CSV, "n_clicks"),
        Input(ids.Massnahmen.EXPORT_XLSX, "n_clicks"),
        State(ids.Massnahmen.FILTER, "data"),
        State(GRID_ID, "filterModel"),
        prevent_initial_call=True,
    )
    def _export(_csv, _xlsx, state, filter_model):
        kind = "xlsx" if ctx.triggered_id == ids.Massnahmen.EXPORT_XLSX else "csv"
        return export_download(db, kind, state, filter_model)
