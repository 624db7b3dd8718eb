"""Streamed exports of the Maßnahmen page: ``/massnahmen/export.csv`` and ``/massnahmen/export.xlsx``.

The page's export buttons are plain links the browser downloads directly. A link carries the page's
filter in the same URL parameters as the page itself (written and read by the one filter model,
:class:`data.queries.measure_filters.MeasureFilter`), the grid's
column filters as JSON in ``spalten``, and a ``token`` the response sets as a cookie, so the page can
tell when the download has started and re-enable its buttons.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

from dash import ClientsideFunction, Dash, Input, Output, State
from flask import Response, request

from callbacks.grid_requests import parse_filter_model
from data.db import Database
from data.exports.massnahmen import export_chunks, export_filename
from data.queries.massnahmen import filter_options
from data.queries.measure_filters import MeasureFilter
from layouts import ids
from layouts import massnahmen as view
from layouts.massnahmen_grid import GRID_ID

EXPORT_PATH = "/massnahmen/export.{kind}"
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TOKEN_COOKIE = "massnahmen-export"
_TOKEN = re.compile(r"[A-Za-z0-9]{1,40}")


def export_href(kind: str, state: object, filter_model: object, token: object) -> str:
    """The download link for the page's current filter (its store) and the grid's column filters."""
    return view.export_link(
        kind,
        MeasureFilter.from_values(state),
        filter_model if isinstance(filter_model, dict) else None,
        token if isinstance(token, str) else None,
    )


def column_filters(raw: str | None) -> dict:
    """The grid's filter model from ``spalten``; anything malformed means no column filter."""
    try:
        model = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return parse_filter_model(model) or {}


def file_response(chunks: Iterator[bytes], kind: str, filename: str) -> Response:
    """A download streamed as the writer produces it (used by every export route)."""
    response = Response(chunks, mimetype=MEDIA_TYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"  # a proxy in front passes the stream on as it comes
    return response


def export_response(db: Database, kind: str, args: dict[str, str]) -> Response:
    """A streamed file response: rows go from a server-side cursor through the writer to the client."""
    flt, _notes = MeasureFilter.from_query(args, db.read(filter_options).choices())
    filter_model = column_filters(args.get("spalten"))
    response = file_response(export_chunks(db, kind, flt, filter_model), kind, export_filename(kind, date.today()))
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
        Output(ids.Massnahmen.EXPORT_CSV, "href"),
        Output(ids.Massnahmen.EXPORT_XLSX, "href"),
        Input(ids.Massnahmen.FILTER, "data"),
        Input(GRID_ID, "filterModel"),
        Input(ids.Massnahmen.EXPORT_TOKEN, "data"),
        prevent_initial_call=True,  # the page is built with its links
    )
    def _links(state, filter_model, token):
        return tuple(export_href(kind, state, filter_model, token) for kind in ("csv", "xlsx"))

    # While a download is being prepared the buttons are disabled and say so; the cookie set by the
    # response (its token) ends that state, and a new token makes the next click recognisable.
    app.clientside_callback(
        ClientsideFunction("massnahmenExport", "start"),
        Output(ids.Massnahmen.EXPORT_CSV, "disabled"),
        Output(ids.Massnahmen.EXPORT_XLSX, "disabled"),
        Output(ids.Massnahmen.EXPORT_STATUS, "children"),
        Output(ids.Massnahmen.EXPORT_POLL, "disabled"),
        Input(ids.Massnahmen.EXPORT_CSV, "n_clicks"),
        Input(ids.Massnahmen.EXPORT_XLSX, "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("massnahmenExport", "poll"),
        Output(ids.Massnahmen.EXPORT_CSV, "disabled", allow_duplicate=True),
        Output(ids.Massnahmen.EXPORT_XLSX, "disabled", allow_duplicate=True),
        Output(ids.Massnahmen.EXPORT_STATUS, "children", allow_duplicate=True),
        Output(ids.Massnahmen.EXPORT_POLL, "disabled", allow_duplicate=True),
        Output(ids.Massnahmen.EXPORT_TOKEN, "data"),
        Input(ids.Massnahmen.EXPORT_POLL, "n_intervals"),
        State(ids.Massnahmen.EXPORT_TOKEN, "data"),
        prevent_initial_call=True,
    )
