"""Maßnahmen grid: pages of rows from the server, saving an edited cell, and the export downloads.

A cell edit goes to the one write command; success or failure, the grid then reloads its cached
pages from the database, so a rejected value is reverted and every row carries its current version.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from data.commands.errors import CommandError
from data.commands.massnahmen import update_measure
from data.commands.massnahmen_fields import EDITABLE_FIELDS
from data.db import Database
from data.queries.grid_seek import anchor, remember, view_signature
from data.queries.massnahmen_grid import grid_page
from data.queries.measure_filters import MeasureFilter
from layouts import massnahmen as view
from layouts.massnahmen_grid import GRID_ID, grid_rows

_GRID_CALL = (
    "function(_trigger) { const api = window.dash_ag_grid && window.dash_ag_grid.getApi('"
    + GRID_ID
    + "'); if (api) { api.METHOD(); } return window.dash_clientside.no_update; }"
)


def stored_filter(state: dict | None) -> MeasureFilter:
    """The filter kept in the page's store (see :func:`layouts.massnahmen.filter_state`)."""
    state = dict(state or {})
    state["statuses"] = tuple(state.get("statuses") or ())
    known = set(MeasureFilter.__dataclass_fields__) - {"today"}
    return MeasureFilter(**{key: value for key, value in state.items() if key in known})


def rows_response(db: Database, request: dict | None, state: dict | None) -> dict:
    """One block of rows for AG Grid's infinite row model, with the total row count."""
    return rows_with_seek(db, request, state, None)[0]


def rows_with_seek(db: Database, request: dict | None, state: dict | None, memory: dict | None) -> tuple[dict, dict]:
    """One block of rows, sought after the previous block's last key where the grid remembers it;
    returns the grid's answer and the updated memory of block ends."""
    request = request if isinstance(request, dict) else {}
    try:
        start = max(0, int(request.get("startRow") or 0))
        end = int(request.get("endRow") or start + 100)
    except (TypeError, ValueError):
        start, end = 0, 100
    signature = view_signature(state, request.get("sortModel"), request.get("filterModel"))
    with db.session() as session:
        page = grid_page(
            session,
            stored_filter(state),
            start,
            end,
            request.get("sortModel"),
            request.get("filterModel"),
            after=anchor(memory, signature, start),
        )
    response = {"rowData": grid_rows(page.rows), "rowCount": page.row_count}
    return response, remember(memory, signature, start + len(page.rows), page.last_key)


def save_edit(db: Database, actor: str, event: list[dict] | dict | None):
    """Save one edited cell through the write command; returns (message component, success)."""
    changes = event if isinstance(event, list) else [event] if event else []
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


def register(app: Dash, db: Database) -> None:
    @app.callback(
        Output(GRID_ID, "getRowsResponse"),
        Output("massnahmen-grid-seek", "data"),
        Input(GRID_ID, "getRowsRequest"),
        State("massnahmen-filter", "data"),
        State("massnahmen-grid-seek", "data"),
        prevent_initial_call=True,
    )
    def _rows(request, state, memory):
        return rows_with_seek(db, request, state, memory)

    @app.callback(
        Output("massnahmen-save-message", "children"),
        Output("massnahmen-revision", "data"),
        Input(GRID_ID, "cellValueChanged"),
        State("massnahmen-revision", "data"),
        prevent_initial_call=True,
    )
    def _save(event, revision):
        message, _ok = save_edit(db, app.server.config["KLIKKS_CONFIG"].actor, event)
        if message is None:
            return no_update, no_update
        return message, (revision or 0) + 1

    # Reload the grid's cached pages from the server: after a new filter (from the start) or a save (in place).
    app.clientside_callback(
        _GRID_CALL.replace("METHOD", "purgeInfiniteCache"),
        Output("massnahmen-grid-refreshed", "data"),
        Input("massnahmen-filter", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _GRID_CALL.replace("METHOD", "refreshInfiniteCache"),
        Output("massnahmen-grid-refreshed", "data", allow_duplicate=True),
        Input("massnahmen-revision", "data"),
        prevent_initial_call=True,
    )
