"""Streamed exports of the Maßnahmen page: ``/massnahmen/export.csv`` and ``/massnahmen/export.xlsx``.

The page's export buttons are plain links the browser downloads directly. A link carries the page's
filter in the same URL query as the page itself (parsed by the same :func:`parse_filter`), the grid's
column filters as JSON in ``spalten``, and a ``token`` the response sets as a cookie, so the page can
tell when the download has started and re-enable its buttons.
"""

from __future__ import annotations

import json
import re
from datetime import date

from dash import ClientsideFunction, Dash, Input, Output, State
from flask import Response, request

from callbacks.massnahmen import DEFAULT_DIMENSION, filter_query, parse_filter
from callbacks.massnahmen_grid import stored_filter
from data.db import Database
from data.exports.massnahmen import csv_chunks, export_filename, export_rows, xlsx_chunks
from data.queries.massnahmen import filter_options
from layouts import massnahmen as view
from layouts.massnahmen_grid import GRID_ID

EXPORT_PATH = "/massnahmen/export.{kind}"
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TOKEN_COOKIE = "massnahmen-export"
_TOKEN = re.compile(r"[A-Za-z0-9]{1,40}")


def export_href(kind: str, state: dict | None, filter_model: dict | None, token: str | None) -> str:
    """The download link for the page's current filter and the grid's column filters."""
    return view.export_link(kind, filter_query(stored_filter(state), DEFAULT_DIMENSION), filter_model, token)


def column_filters(raw: str | None) -> dict:
    """The grid's filter model from ``spalten``; anything malformed means no column filter."""
    try:
        model = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return model if isinstance(model, dict) else {}


def export_response(db: Database, kind: str, args: dict[str, str]) -> Response:
    """A streamed file response: rows go from a server-side cursor through the writer to the client."""
    notes: list[str] = []
    with db.session() as session:
        flt, _dimension = parse_filter(args, filter_options(session), notes)
    filter_model = column_filters(args.get("spalten"))
    writer = csv_chunks if kind == "csv" else xlsx_chunks

    def body():
        with db.session() as session:
            yield from writer(export_rows(session, flt, filter_model))

    response = Response(body(), mimetype=MEDIA_TYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{export_filename(kind, date.today())}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"  # a proxy in front passes the stream on as it comes
    token = args.get("token") or ""
    if _TOKEN.fullmatch(token):
        response.set_cookie(TOKEN_COOKIE, token, path="/", samesite="Lax")
    return response


def register(app: Dash, db: Database) -> None:
    for kind in MEDIA_TYPES:
        app.server.add_url_rule(
            EXPORT_PATH.format(kind=kind),
            endpoint=f"massnahmen_export_{kind}",
            view_func=lambda kind=kind: export_response(db, kind, request.args.to_dict()),
        )

    @app.callback(
        Output("massnahmen-export-csv", "href"),
        Output("massnahmen-export-xlsx", "href"),
        Input("massnahmen-filter", "data"),
        Input(GRID_ID, "filterModel"),
        Input("massnahmen-export-token", "data"),
        prevent_initial_call=True,  # the page is built with its links
    )
    def _links(state, filter_model, token):
        return tuple(export_href(kind, state, filter_model, token) for kind in ("csv", "xlsx"))

    # While a download is being prepared the buttons are disabled and say so; the cookie set by the
    # response (its token) ends that state, and a new token makes the next click recognisable.
    app.clientside_callback(
        ClientsideFunction("massnahmenExport", "start"),
        Output("massnahmen-export-csv", "disabled"),
        Output("massnahmen-export-xlsx", "disabled"),
        Output("massnahmen-export-status", "children"),
        Output("massnahmen-export-poll", "disabled"),
        Input("massnahmen-export-csv", "n_clicks"),
        Input("massnahmen-export-xlsx", "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("massnahmenExport", "poll"),
        Output("massnahmen-export-csv", "disabled", allow_duplicate=True),
        Output("massnahmen-export-xlsx", "disabled", allow_duplicate=True),
        Output("massnahmen-export-status", "children", allow_duplicate=True),
        Output("massnahmen-export-poll", "disabled", allow_duplicate=True),
        Output("massnahmen-export-token", "data"),
        Input("massnahmen-export-poll", "n_intervals"),
        State("massnahmen-export-token", "data"),
        prevent_initial_call=True,
    )
