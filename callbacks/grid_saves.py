"""The one save loop of every editable grid: typed event payload → one command per change → one message each.

AG Grid's ``cellValueChanged`` is a list of changes (one per edited cell). Each is checked against
:class:`CellChange`; a malformed or forged one is reported, never saved and never raises. Each valid
change runs its grid's command in a session of its own, so a refused change stores nothing and does
not stop the others. Database failures arrive as :class:`StorageError` (see the unit of work); any
other database error that escapes a command is answered the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from dash import Dash
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callbacks.session_user import current_actor as session_actor
from data.commands.errors import CommandError
from data.commands.unit_of_work import UNREACHABLE_MESSAGE, Actor
from data.db import Database
from data.ids import ROW_ID_MAX as MAX_ID

MAX_CHANGES = 200  # one paste or fill of a grid; more in one event is not a user's edit
UNREADABLE = "Die Änderung konnte nicht gelesen werden und wurde nicht gespeichert; bitte die Seite neu laden."

CellValue = StrictBool | StrictInt | StrictFloat | Annotated[StrictStr, Field(max_length=20_000)] | None


def _whole_number(value: object) -> object:
    """Ids travel as ints or as strings of digits (``getRowId``); booleans, floats and other text are refused."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("keine ganze Zahl")
    if isinstance(value, str) and not (value.isascii() and value.isdigit() and len(value) <= 10):
        raise ValueError("keine ganze Zahl")
    return int(value)


RowId = Annotated[int, BeforeValidator(_whole_number), Field(ge=1, le=MAX_ID)]
Version = Annotated[int, BeforeValidator(_whole_number), Field(ge=0, le=MAX_ID)]


class RowKey(BaseModel):
    """What a row must carry to be written: its id and the version the grid loaded (strings of digits allowed)."""

    model_config = ConfigDict(extra="ignore")

    id: RowId
    version: Version


class CellChange(BaseModel):
    """One entry of AG Grid's ``cellValueChanged`` list."""

    model_config = ConfigDict(extra="ignore")

    colId: Annotated[StrictStr, Field(min_length=1, max_length=100)]
    value: CellValue = None
    oldValue: CellValue = None
    rowId: Annotated[StrictStr, Field(max_length=100)] | None = None
    data: dict[str, Any]

    @property
    def row(self) -> RowKey:
        return RowKey.model_validate(self.data)

    def text(self, key: str) -> str:
        """A display value of the row for messages (code, title …), or empty."""
        value = self.data.get(key)
        return value[:120] if isinstance(value, str) else ""


@dataclass(frozen=True)
class Outcome:
    """What happened to one change: saved or not, the German message, and the change itself (None if unreadable)."""

    ok: bool
    text: str
    change: CellChange | None


SaveOne = Callable[[Session, Actor, CellChange], tuple[str, int]]  # (message, the row's new version)


def cell_changes(event: object) -> list[CellChange | None]:
    """The event as typed changes; an entry that does not fit is None (reported, not saved)."""
    entries = event if isinstance(event, list) else [event] if isinstance(event, dict) else []
    changes: list[CellChange | None] = []
    for entry in entries[:MAX_CHANGES]:
        try:
            change = CellChange.model_validate(entry)
            change.row  # noqa: B018 - the row key must be readable too
        except ValidationError:
            change = None
        changes.append(change)
    return changes


def save_changes(db: Database, actor: Actor, event: object, save_one: SaveOne, describe: Callable[[CellChange], str]):
    """Run ``save_one`` for every change of ``event``; returns one :class:`Outcome` per change, in order.

    Several cells of one row in one event (a paste) all carry the version the grid loaded: after the
    first is saved, the next ones continue from the version that save left, not from a conflict.
    """
    outcomes: list[Outcome] = []
    moved: dict[tuple[int, int], int] = {}  # (row id, version loaded) → version after this event's saves
    for change in cell_changes(event):
        if change is None:
            outcomes.append(Outcome(False, UNREADABLE, None))
            continue
        loaded = (change.row.id, change.row.version)
        if loaded in moved:
            change = change.model_copy(update={"data": {**change.data, "version": moved[loaded]}})
        try:
            with db.session() as session:
                text, version = save_one(session, actor, change)
            moved[loaded] = version
            outcomes.append(Outcome(True, text, change))
        except CommandError as exc:
            outcomes.append(Outcome(False, f"Nicht gespeichert ({describe(change)}): {exc.message}", change))
        except SQLAlchemyError:
            outcomes.append(Outcome(False, f"Nicht gespeichert ({describe(change)}): {UNREACHABLE_MESSAGE}", change))
    return outcomes


def reverts(outcomes: list[Outcome]) -> list[dict]:
    """The cells to set back to the value they had before a refused change."""
    return [
        {"rowId": o.change.rowId, "colId": o.change.colId, "value": o.change.oldValue}
        for o in outcomes
        if not o.ok and o.change is not None and o.change.rowId is not None
    ]


def next_revision(revision: object) -> int:
    """The revision counter one up; a forged non-number restarts it."""
    return revision + 1 if isinstance(revision, int) and not isinstance(revision, bool) and revision < MAX_ID else 1


def current_actor(_app: Dash | None = None) -> Actor | None:
    """Who writes in this request: the signed-in person, read from the session now (None: nobody)."""
    return session_actor()
