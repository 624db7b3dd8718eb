"""Import runs as background jobs for the import page: the upload is checked, and a confirmed run imported,
in a thread of the worker that received the request, while the page polls the run's row in
``import_runs`` (so any worker answers the poll and no request thread waits). The file waits in that row
between the two steps; a run shows only to the person who uploaded it and to the coordination.
"""

from __future__ import annotations

import csv
import io
import logging
import threading
from dataclasses import dataclass

import pandas as pd

from data.commands.errors import CommandError
from data.db import Database
from data.imports import history
from data.imports.history import RunSummary
from data.imports.planning import Plan, Progress
from data.imports.reading import Limits
from data.imports.running import entity_for, import_file, plan_file
from data.permissions import Actor

log = logging.getLogger(__name__)
UNEXPECTED = "Der Import ist unerwartet abgebrochen; nichts wurde gespeichert."
MAX_RUN_ID = 2**31 - 1


@dataclass(frozen=True)
class RunView:
    """What the page shows of one run: its summary, the row report's rows, the audited changes."""

    summary: RunSummary
    report: list[list[str]]
    changes: pd.DataFrame


def run_number(run_id: object) -> int | None:
    """A run id from the page or a URL; anything else is None."""
    if isinstance(run_id, bool) or not isinstance(run_id, str | int) or not str(run_id).isdigit():
        return None
    number = int(run_id)
    return number if 0 < number <= MAX_RUN_ID else None


def run_view(db: Database, actor: Actor | None, run_id: object) -> RunView | None:
    """The run with its report and changes, if it exists and ``actor`` may see it."""
    number = run_number(run_id)
    if number is None:
        return None
    with db.session() as session:
        history.close_if_stale_id(session, number)
        summary = history.run_summary(session, number)
        if summary is None or not history.may_see(actor, summary):
            return None
        report = _report_rows(history.run_report(session, number))
        return RunView(summary, report, history.audited_changes(session, number))


def report_csv(db: Database, actor: Actor | None, run_id: object) -> str | None:
    number = run_number(run_id)
    if number is None:
        return None
    with db.session() as session:
        summary = history.run_summary(session, number)
        return history.run_report(session, number) if summary and history.may_see(actor, summary) else None


def visible_runs(db: Database, actor: Actor | None) -> list[RunSummary]:
    with db.session() as session:
        return history.recent_runs(session, actor)


def _report_rows(report: str | None) -> list[list[str]]:
    if not report:
        return []
    return list(csv.reader(io.StringIO(report.lstrip("\ufeff")), delimiter=";"))[1:]


def start_preview(
    db: Database, actor: Actor, content: bytes, file_name: str, entity: object, sheet: str | None, limits: Limits
) -> int:
    """Create the run and check the file in a background thread; returns the run's id."""
    entity_for(entity)
    with db.session() as session:
        run_id = history.start_run(session, actor, str(entity), file_name, content, sheet)
    _background(_preview_job, db, actor, run_id, limits)
    return run_id


def confirm(db: Database, actor: Actor, run_id: object) -> str | None:
    """Start importing a previewed run (only its uploader may); a German reason when that is not possible."""
    view = run_view(db, actor, run_id)
    if view is None or view.summary.status != "vorschau" or not view.summary.has_content:
        return "Dieser Import kann nicht (mehr) bestätigt werden."
    if view.summary.user_id != actor.user_id:
        return "Nur wer die Datei hochgeladen hat, kann den Import bestätigen."
    with db.session() as session:
        history.set_progress(session, view.summary.id, 0, view.summary.rows_total, "laeuft")
    _background(_import_job, db, actor, view.summary.id)
    return None


def _background(target, *args) -> None:
    threading.Thread(target=target, args=args, daemon=True, name="import").start()


def _progress(db: Database, run_id: int, status: str | None = None) -> Progress:
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
            status = "vorschau" if plan.ok else "abgelehnt"
            history.record_plan(session, run_id, plan, status, message, keep_content=plan.ok)
        except CommandError as error:
            session.rollback()
            history.record_plan(session, run_id, None, "abgelehnt", error.message)
        except Exception:  # a job has no caller to raise to: record it, log it, store nothing
            log.exception("Import %s: Prüfung fehlgeschlagen", run_id)
            session.rollback()
            history.record_plan(session, run_id, None, "fehlgeschlagen", UNEXPECTED)


def _import_job(db: Database, actor: Actor, run_id: int) -> None:
    with db.session() as session:
        content, name, entity, sheet = history.run_content(session, run_id)

        def writing(plan: Plan) -> None:
            _progress(db, run_id, "laeuft")(plan.rows_total, plan.rows_total)

        try:
            plan = import_file(
                session, actor, content or b"", name, entity, sheet=sheet, run_id=run_id, before_write=writing
            )
            if plan.ok:
                history.record_plan(session, run_id, plan, "importiert", None)
            else:
                message = (
                    "Seit der Vorschau hat sich etwas geändert: Die Datei enthält jetzt Fehler oder Konflikte; "
                    "nichts wurde gespeichert."
                )
                history.record_plan(session, run_id, plan, "abgelehnt", message)
        except CommandError as error:
            session.rollback()
            history.record_plan(session, run_id, None, "abgelehnt", f"{error.message} Nichts wurde gespeichert.")
        except Exception:  # as above
            log.exception("Import %s fehlgeschlagen", run_id)
            session.rollback()
            history.record_plan(session, run_id, None, "fehlgeschlagen", UNEXPECTED)
