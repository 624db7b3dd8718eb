"""Maßnahmen grid: pages of rows from the server (seek paging where the sort allows it), saving an edited cell.

Every changed cell goes through the one save loop (:mod:`callbacks.grid_saves`) to the write command;
the grid then reloads its cached pages from the database, so every row carries its current version, and
a refused cell is set back in the browser at once.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from sqlalchemy.orm import Session

from callbacks.grid_requests import parse_rows_request
from callbacks.grid_saves import CellChange, current_actor, next_revision, reverts, save_changes
from data.commands.massnahmen import update_measure
from data.commands.massnahmen_fields import MEASURE_FIELDS
from data.commands.unit_of_work import Actor
from data.db import Database
from data.queries.grid_seek import anchor, remember, view_signature
from data.queries.massnahmen_grid import grid_page
from data.queries.measure_filters import MeasureFilter
from layouts import ids
from layouts import massnahmen as view
from layouts.editing import save_alert
from layouts.massnahmen_grid import GRID_ID, grid_rows

_GRID_CALL = (
    "function(_trigger) { const api = window.dash_ag_grid && window.dash_ag_grid.getApi('"
    + GRID_ID
    + "'); if (api) { api.METHOD(); } return window.dash_clientside.no_update; }"
)


def rows_response(db: Database, raw_request: object, state: object) -> dict:
    """One block of rows for AG Grid's infinite row model, with the total row count (malformed request: no_update)."""
    return rows_with_seek(db, raw_request, state, None)[0]


def rows_with_seek(db: Database, raw_request: object, state: object, memory: object) -> tuple:
    """One block of rows, sought after the previous block's last key where the grid remembers it;
    returns the grid's answer and the updated memory of block ends (malformed request: no_update)."""
    request = parse_rows_request(raw_request)
    if request is None:
        return no_update, no_update
    sort_model, filter_model = request.sort_model(), request.filter_model()
    signature = view_signature(state, sort_model, filter_model)
    page = db.read(
        grid_page,
        MeasureFilter.from_values(state),
        request.startRow,
        request.endRow,
        sort_model,
        filter_model,
        after=anchor(memory, signature, request.startRow),
        cache=db.cache,
    )
    response = {"rowData": grid_rows(page.rows, current_actor()), "rowCount": page.row_count}
    return response, remember(memory, signature, request.startRow + len(page.rows), page.last_key)


def _save_measure_cell(session: Session, actor: Actor, change: CellChange) -> tuple[str, int]:
    row = change.row
    result = update_measure(session, actor, row.id, {change.colId: change.value}, row.version, source="ui")
    label, title = _label(change), change.text("title") or "Maßnahme"
    if not result.changed:
        return f"Keine Änderung an „{title}“.", result.version
    old, new = (view.audit_value(change.colId, value) for value in result.changed[change.colId])
    return f"Gespeichert: {label} von „{title}“: {old} → {new}.", result.version


def _label(change: CellChange) -> str:
    spec = MEASURE_FIELDS.get(change.colId)
    return spec.label if spec else change.colId


def save_edits(db: Database, actor: Actor, event: object) -> tuple[object, list[dict], bool]:
    """Save every changed cell of ``event`` through the write command.

    Returns (message, cells to revert in the browser, whether anything was processed).
    """
    outcomes = save_changes(
        db, actor, event, _save_measure_cell, lambda c: f"{c.text('title') or 'Maßnahme'}, {_label(c)}"
    )
    if not outcomes:
        return None, [], False
    message = save_alert([(o.ok, o.text) for o in outcomes], "massnahmen-save-alert")
    return message, reverts(outcomes), True


def register(app: Dash, db: Database) -> None:
    @app.callback(
        Output(GRID_ID, "getRowsResponse"),
        Output(ids.Massnahmen.GRID_SEEK, "data"),
        Input(GRID_ID, "getRowsRequest"),
        State(ids.Massnahmen.FILTER, "data"),
        State(ids.Massnahmen.GRID_SEEK, "data"),
        prevent_initial_call=True,
    )
    def _rows(request, state, memory):
        return rows_with_seek(db, request, state, memory)

    @app.callback(
        Output(ids.Massnahmen.SAVE_MESSAGE, "children"),
        Output(ids.Massnahmen.REVERT, "data"),
        Output(ids.Massnahmen.REVISION, "data"),
        Input(GRID_ID, "cellValueChanged"),
        State(ids.Massnahmen.REVISION, "data"),
        prevent_initial_call=True,
    )
    def _save(event, revision):
        message, revert, processed = save_edits(db, current_actor(app), event)
        if not processed:
            return no_update, no_update, no_update
        return message, revert or no_update, next_revision(revision)

    # A refused change: put the old value back at once (the reload below may not reach a database that is down).
    app.clientside_callback(
        """function(cells) {
            const api = window.dash_ag_grid && window.dash_ag_grid.getApi('"""
        + GRID_ID
        + """');
            (api && cells ? cells : []).forEach(function (cell) {
                const node = api.getRowNode(cell.rowId);
                if (node && node.data) { node.setData(Object.assign({}, node.data, {[cell.colId]: cell.value})); }
            });
            return window.dash_clientside.no_update;
        }""",
        Output(ids.Massnahmen.GRID_REFRESHED, "data", allow_duplicate=True),
        Input(ids.Massnahmen.REVERT, "data"),
        prevent_initial_call=True,
    )

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
