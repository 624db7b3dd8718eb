"""Import page: the upload starts a run that is checked in a background thread; the page polls the run
(the ``import_runs`` row, so any worker answers) for progress, shows the preview and, on confirmation,
starts the import in another thread. Neither blocks a worker's request threads, and the file waits in
the database between the two steps.

Flask routes serve the row report (``/import/<id>/bericht.csv``) and the templates
(``/import/vorlage/<entity>.xlsx``).
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import logging
import threading

from dash import Dash, Input, Output, State, no_update
from flask import Response, abort

from callbacks.errors import PageNotFound
from callbacks.session_user import current_actor
from data.commands.errors import CommandError
from data.db import Database
from data.imports import history
from data.imports.planning import Plan
from data.imports.reading import FileRefused, Limits, check_size
from data.imports.running import entity_for, import_file, plan_file
from data.imports.templates import template_filename, template_xlsx
from data.permissions import Actor, can_edit_anything
from layouts import ids
from layouts import import_page as view

log = logging.getLogger(__name__)
UNEXPECTED = "Der Import ist unerwartet abgebrochen; nichts wurde gespeichert."


def render_import(db: Database, _query: dict[str, str]):
    actor = current_actor()
    if not can_edit_anything(actor):
        return view.writers_only()
    with db.session() as session:
        return view.import_layout(history.recent_runs(session, actor), Limits.from_env())


def render_run(db: Database, _query: dict[str, str], run_id: str):
    actor = current_actor()
    if not can_edit_anything(actor):
        return view.writers_only()
    summary, report, changes = _run(db, run_id, actor)
    if summary is None:
        raise PageNotFound(f"Einen Import Nr. {run_id} gibt es nicht.")
    return view.run_layout(summary, report, changes)


def _run(db: Database, run_id: object, actor: Actor | None):
    """The run, its report and its audited changes — if it exists and ``actor`` may see it."""
    number = int(run_id) if isinstance(run_id, str | int) and str(run_id).isdigit() else None
    if number is None or number > 2**31:
        return None, [], None
    with db.session() as session:
        summary = history.run_summary(session, number)
        if summary is None or not history.may_see(actor, summary):
            return None, [], None
        return summary, parse_report(history.run_report(session, number)), history.audited_changes(session, number)


def parse_report(report: str | None) -> list[list[str]]:
    if not report:
        return []
    rows = list(csv.reader(io.StringIO(report.lstrip("\ufeff")), delimiter=";"))
    return rows[1:]


def decode_upload(contents: object, limits: Limits) -> bytes:
    """The uploaded bytes from a data URL; the size is checked on the encoded length, before decoding."""
    if not isinstance(contents, str) or "," not in contents:
        raise FileRefused("Die Datei konnte nicht gelesen werden.")
    encoded = contents.split(",", 1)[1]
    check_size(len(encoded) * 3 // 4, limits)
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise FileRefused("Die Datei konnte nicht gelesen werden.") from None


def start_preview(
    db: Database, actor: Actor, contents: object, file_name: object, entity: object, sheet: object
) -> int:
    """Create the run and check the file in a background thread; returns the run's id."""
    entity_for(entity)
    limits = Limits.from_env()
    name = file_name if isinstance(file_name, str) and file_name.strip() else "datei"
    sheet = sheet.strip() if isinstance(sheet, str) and sheet.strip() else None
    content = decode_upload(contents, limits)
    with db.session() as session:
        run_id = history.start_run(session, actor, str(entity), name, content, sheet)
    _background(_preview_job, db, actor, run_id, limits)
    return run_id


def _background(target, *args) -> None:
    threading.Thread(target=target, args=args, daemon=True, name="import").start()


def _progress(db: Database, run_id: int, status: str | None = None):
    def report(done: int, total: int) -> None:
        with db.session() as session:
            history.set_progress(session, run_id, done, total, status)

    return report


def _preview_job(db: Database, actor: Actor, run_id: int, limits: Limits) -> None:
    with db.session() as session:
        content, name, entity, sheet = history.run_content(session, run_id)
        try:
            plan = plan_file(
                session, actor, content or b"", name, entity, sheet=sheet, limits=limits, progress=_progress(db, run_id)
            )
            session.rollback()
            message = None if plan.ok else "Die Datei enthält Fehler oder Konflikte; so kann nichts importiert werden."
            history.record_plan(
                session, run_id, plan, "vorschau" if plan.ok else "abgelehnt", message, keep_content=plan.ok
            )
        except CommandError as error:
            session.rollback()
            history.record_plan(session, run_id, None, "abgelehnt", error.message)
        except Exception:
            log.exception("Import %s: Prüfung fehlgeschlagen", run_id)
            session.rollback()
            history.record_plan(session, run_id, None, "fehlgeschlagen", UNEXPECTED)


def start_import(db: Database, actor: Actor, run_id: object) -> str:
    """Confirm a previewed run (only the person who uploaded it); the import runs in a background thread."""
    summary, _report, _changes = _run(db, run_id, actor)
    if summary is None or summary.status != "vorschau" or not summary.has_content:
        return "Dieser Import kann nicht (mehr) bestätigt werden."
    if summary.user_id != actor.user_id:
        return "Nur wer die Datei hochgeladen hat, kann den Import bestätigen."
    with db.session() as session:
        history.set_progress(session, summary.id, 0, summary.rows_total, "laeuft")
    _background(_import_job, db, actor, summary.id)
    return ""


def _import_job(db: Database, actor: Actor, run_id: int) -> None:
    with db.session() as session:
        content, name, entity, sheet = history.run_content(session, run_id)

        def writing(_plan: Plan) -> None:
            _progress(db, run_id, "laeuft")(_plan.rows_total, _plan.rows_total)

        try:
            plan = import_file(
                session, actor, content or b"", name, entity, sheet=sheet, run_id=run_id, before_write=writing
            )
            if plan.ok:
                history.record_plan(session, run_id, plan, "importiert", None)
            else:
                message = "Seit der Vorschau hat sich etwas geändert: Die Datei enthält jetzt Fehler oder Konflikte; nichts wurde gespeichert."
                history.record_plan(session, run_id, plan, "abgelehnt", message)
        except CommandError as error:
            session.rollback()
            history.record_plan(session, run_id, None, "abgelehnt", f"{error.message} Nichts wurde gespeichert.")
        except Exception:
            log.exception("Import %s fehlgeschlagen", run_id)
            session.rollback()
            history.record_plan(session, run_id, None, "fehlgeschlagen", UNEXPECTED)


def poll(db: Database, actor: Actor | None, run_id: object) -> tuple:
    """(status area, poll disabled, confirm disabled, history) for the run the page follows."""
    summary, report, _changes = _run(db, run_id, actor)
    if summary is None:
        return no_update, True, True, no_update
    with db.session() as session:
        if history.close_if_stale(session, summary):
            summary = history.run_summary(session, summary.id)
    if summary.status in view.RUNNING:
        return view.progress(summary), False, True, no_update
    ready = summary.status == "vorschau" and summary.has_content and bool(summary.new_count or summary.changed_count)
    with db.session() as session:
        runs = view.history_table(history.recent_runs(session, actor))
    return view.result(summary, report), True, not ready, runs


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
        with db.session() as session:
            summary = history.run_summary(session, run_id) if run_id < 2**31 else None
            report = history.run_report(session, run_id) if summary and history.may_see(actor, summary) else None
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
            run_id = start_preview(db, actor, contents, file_name, entity, sheet)
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
        problem = start_import(db, actor, run_id)
        if problem:
            return _alert(problem), True, True
        return None, False, True


def _alert(message: str):
    import dash_bootstrap_components as dbc

    return dbc.Alert(message, color="danger")
