"""Import page (``/import``, ``/import/<id>``): the upload starts a run that is checked in the background
(:mod:`data.imports.jobs`), the page polls it for progress and shows the preview, and the confirmation
starts the import. Flask routes serve the row report (``/import/<id>/bericht.csv``) and the templates
(``/import/vorlage/<entity>.xlsx``).
"""

from __future__ import annotations

import base64
import binascii

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, no_update
from flask import Response, abort

from callbacks.errors import PageNotFound
from callbacks.session_user import current_actor
from data.commands.errors import CommandError
from data.db import Database
from data.imports import jobs
from data.imports.reading import FileRefused, Limits, check_size
from data.imports.templates import template_filename, template_xlsx
from data.permissions import can_edit_anything
from layouts import ids
from layouts import import_page as view

UNREADABLE = "Die Datei konnte nicht gelesen werden."


def render_import(db: Database, _query: dict[str, str]):
    actor = current_actor()
    if not can_edit_anything(actor):
        return view.writers_only()
    return view.import_layout(jobs.visible_runs(db, actor), Limits.from_env())


def render_run(db: Database, _query: dict[str, str], run_id: str):
    actor = current_actor()
    if not can_edit_anything(actor):
        return view.writers_only()
    found = jobs.run_view(db, actor, run_id)
    if found is None:
        raise PageNotFound(f"Einen Import Nr. {run_id} gibt es nicht.")
    return view.run_layout(found.summary, found.report, found.changes)


def decode_upload(contents: object, limits: Limits) -> bytes:
    """The uploaded bytes from a data URL; the size is checked on the encoded length, before decoding."""
    if not isinstance(contents, str) or "," not in contents:
        raise FileRefused(UNREADABLE)
    encoded = contents.split(",", 1)[1]
    check_size(len(encoded) * 3 // 4, limits)
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise FileRefused(UNREADABLE) from None


def upload(db: Database, actor, contents: object, file_name: object, entity: object, sheet: object) -> int:
    limits = Limits.from_env()
    name = file_name.strip()[:255] if isinstance(file_name, str) and file_name.strip() else "datei"
    sheet = sheet.strip() if isinstance(sheet, str) and sheet.strip() else None
    return jobs.start_preview(db, actor, decode_upload(contents, limits), name, entity, sheet, limits)


def poll(db: Database, actor, run_id: object) -> tuple:
    """(status area, poll disabled, confirm disabled, history) for the run the page follows."""
    found = jobs.run_view(db, actor, run_id)
    if found is None:
        return no_update, True, True, no_update
    summary = found.summary
    if summary.status in view.RUNNING:
        return view.progress(summary), False, True, no_update
    ready = summary.status == "vorschau" and summary.has_content and bool(summary.new_count or summary.changed_count)
    runs = view.history_table(jobs.visible_runs(db, actor))
    return view.result(summary, found.report), True, not ready, runs


def register(app: Dash, db: Database) -> None:
    server = app.server
    # An upload arrives base64-encoded in the callback request: larger bodies are refused before they are read.
    body_limit = Limits.from_env().max_bytes * 4 // 3 + 1024 * 1024
    server.config["MAX_CONTENT_LENGTH"] = max(server.config.get("MAX_CONTENT_LENGTH") or 0, body_limit)

    @server.route("/import/<int:run_id>/bericht.csv")
    def import_report(run_id: int):
        actor = current_actor()
        if not can_edit_anything(actor):
            abort(403)
        report = jobs.report_csv(db, actor, run_id)
        if report is None:
            abort(404)
        response = Response(report.encode("utf-8"), mimetype="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="import-{run_id}-bericht.csv"'
        return response

    @server.route("/import/vorlage/<entity>.xlsx")
    def import_template(entity: str):
        try:
            content = template_xlsx(entity)
        except CommandError:
            abort(404)
        response = Response(content, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response.headers["Content-Disposition"] = f'attachment; filename="{template_filename(entity)}"'
        return response

    @app.callback(
        Output(ids.Import.RUN, "data"),
        Output(ids.Import.POLL, "disabled"),
        Output(ids.Import.FEEDBACK, "children"),
        Input(ids.Import.UPLOAD, "contents"),
        State(ids.Import.UPLOAD, "filename"),
        State(ids.Import.ENTITY, "value"),
        State(ids.Import.SHEET, "value"),
        prevent_initial_call=True,
    )
    def _upload(contents, file_name, entity, sheet):
        actor = current_actor()
        if not can_edit_anything(actor):
            return no_update, True, view.writers_only()
        try:
            run_id = upload(db, actor, contents, file_name, entity, sheet)
        except CommandError as error:
            return None, True, _alert(error.message)
        return run_id, False, None

    @app.callback(
        Output(ids.Import.STATUS, "children"),
        Output(ids.Import.POLL, "disabled", allow_duplicate=True),
        Output(ids.Import.CONFIRM, "disabled"),
        Output(ids.Import.HISTORY, "children"),
        Input(ids.Import.POLL, "n_intervals"),
        Input(ids.Import.RUN, "data"),
        prevent_initial_call=True,
    )
    def _poll(_n, run_id):
        actor = current_actor()
        if not can_edit_anything(actor):
            return no_update, True, True, no_update
        return poll(db, actor, run_id)

    @app.callback(
        Output(ids.Import.FEEDBACK, "children", allow_duplicate=True),
        Output(ids.Import.POLL, "disabled", allow_duplicate=True),
        Output(ids.Import.CONFIRM, "disabled", allow_duplicate=True),
        Input(ids.Import.CONFIRM, "n_clicks"),
        State(ids.Import.RUN, "data"),
        prevent_initial_call=True,
    )
    def _confirm(clicks, run_id):
        actor = current_actor()
        if not clicks or not can_edit_anything(actor):
            return no_update, no_update, no_update
        problem = jobs.confirm(db, actor, run_id)
        if problem:
            return _alert(problem), True, True
        return None, False, True


def _alert(message: str) -> dbc.Alert:
    return dbc.Alert(message, color="danger")
