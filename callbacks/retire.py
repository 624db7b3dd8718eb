"""The retire / restore switch of the measure and cohort pages: one callback per page, one command."""

from __future__ import annotations

from dataclasses import dataclass

from dash import Dash, Input, Output, State, no_update
from sqlalchemy.exc import SQLAlchemyError

from callbacks.session_user import current_actor
from data.commands.errors import CommandError
from data.commands.records import RETIRABLE, restore, retire
from data.commands.unit_of_work import UNREACHABLE_MESSAGE, Actor
from data.db import Database
from data.ids import parse_row_id
from layouts import ids
from layouts.retire import feedback, retire_label, retired_note


@dataclass(frozen=True)
class RetirePage:
    page: type  # the ids class with RETIRE, RETIRED, RETIRE_FEEDBACK, RETIRED_NOTE and ID
    table: str
    noun: str  # "Diese Maßnahme", for the note


PAGES = (RetirePage(ids.Measure, "measures", "Diese Maßnahme"), RetirePage(ids.Kohorte, "cohorts", "Diese Kohorte"))


def toggle_retired(db: Database, actor: Actor | None, where: RetirePage, row_id: object, retired: object):
    """Retire the record, or restore it if it is retired; returns (feedback, button label, retired?, note)."""
    number = parse_row_id(row_id)
    if number is None or not isinstance(retired, bool):
        return no_update, no_update, no_update, no_update
    try:
        with db.session() as session:
            retired_at = (restore if retired else retire)(session, actor, where.table, number)
    except CommandError as exc:
        return feedback(exc.message, ok=False), no_update, no_update, no_update
    except SQLAlchemyError:
        return feedback(UNREACHABLE_MESSAGE, ok=False), no_update, no_update, no_update
    done = "ausgemustert" if retired_at else "wiederhergestellt"
    singular = RETIRABLE[where.table].singular
    return (
        feedback(f"Gespeichert: Die {singular} wurde {done}.", ok=True),
        retire_label(retired_at is not None),
        retired_at is not None,
        retired_note(retired_at, where.noun),
    )


def register(app: Dash, db: Database) -> None:
    for where in PAGES:
        _register(app, db, where)


def _register(app: Dash, db: Database, where: RetirePage) -> None:
    @app.callback(
        Output(where.page.RETIRE_FEEDBACK, "children"),
        Output(where.page.RETIRE, "children"),
        Output(where.page.RETIRED, "data"),
        Output(where.page.RETIRED_NOTE, "children"),
        Input(where.page.RETIRE, "n_clicks"),
        State(where.page.ID, "data"),
        State(where.page.RETIRED, "data"),
        prevent_initial_call=True,
    )
    def _toggle(n_clicks, row_id, retired):
        if not n_clicks:
            return no_update, no_update, no_update, no_update
        return toggle_retired(db, current_actor(), where, row_id, retired)
