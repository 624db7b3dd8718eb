"""Export of a state's municipalities (with their stage) and Klimaschutzpat:innen in the import's columns,
so that the file comes back through the import unchanged (round trip).

The columns are derived from the import's declarations (:mod:`data.imports.municipalities`,
:mod:`data.imports.volunteers`); the files are written by the one export writer of
:mod:`data.exports.massnahmen` (German CSV, XLSX, formula neutralisation). Retired records are left out,
as in every default view.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from data import vocab
from data.commands.fields import Kind
from data.db import Database
from data.exports.cells import ExportColumns
from data.exports.massnahmen import csv_chunks
from data.exports.xlsx import xlsx_chunks
from data.imports import municipalities as municipality_import
from data.imports import volunteers as volunteer_import
from data.imports.columns import EntityColumns
from data.models import Municipality, State, Volunteer
from data.queries.sql import in_use

_WRITTEN_AS = {Kind.INTEGER: "int", Kind.DECIMAL: "decimal", Kind.DATE: "date"}  # everything else as text


def export_columns(columns: EntityColumns) -> ExportColumns:
    """(header, key, kind) of each import column: the export writes exactly what the import reads."""
    return tuple((column.header, column.name, _WRITTEN_AS.get(column.spec.kind, "text")) for column in columns.columns)


MUNICIPALITY_COLUMNS = export_columns(municipality_import.COLUMNS)
VOLUNTEER_COLUMNS = export_columns(volunteer_import.COLUMNS)
# The row queries below yield their cells in this order; the import's declarations fix it.
assert [key for _h, key, _k in MUNICIPALITY_COLUMNS] == [
    "ags",
    "name",
    "state",
    "kind",
    "population",
    "stage",
    "stage_since",
    "version",
]
assert [key for _h, key, _k in VOLUNTEER_COLUMNS] == [
    "code",
    "municipality",
    "state",
    "joined_on",
    "left_on",
    "trained_on",
    "version",
]


def municipality_rows(session: Session, state_code: str) -> Iterator[tuple]:
    """The state's municipalities in name order (cells in :data:`MUNICIPALITY_COLUMNS`' order); kind and
    stage as their German labels."""
    query = (
        select(
            Municipality.ags,
            Municipality.name,
            State.name.label("state"),
            Municipality.kind,
            Municipality.population,
            Municipality.stage,
            Municipality.stage_since,
            Municipality.version,
        )
        .join(State, State.code == Municipality.state_code)
        .where(Municipality.state_code == state_code, in_use(Municipality))
        .order_by(Municipality.name, Municipality.ags)
    )
    for ags, name, state, kind, population, stage, since, version in session.execute(
        query.execution_options(yield_per=2000)
    ):
        kind = vocab.MUNICIPALITY_KINDS.get(kind, kind)
        yield ags, name, state, kind, population, vocab.MUNICIPALITY_STAGES.get(stage, stage), since, version


def volunteer_rows(session: Session, state_code: str) -> Iterator[tuple]:
    """The state's Pat:innen (also those who left) in code order (cells in :data:`VOLUNTEER_COLUMNS`'
    order); the municipality by its AGS (by name for a Stadtteil, which has none — the state's column
    makes the name unique)."""
    query = (
        select(
            Volunteer.code,
            Municipality.ags,
            Municipality.name,
            State.name.label("state"),
            Volunteer.joined_on,
            Volunteer.left_on,
            Volunteer.trained_on,
            Volunteer.version,
        )
        .join(Municipality, Municipality.id == Volunteer.municipality_id)
        .join(State, State.code == Municipality.state_code)
        .where(Municipality.state_code == state_code, in_use(Volunteer, Municipality))
        .order_by(Volunteer.code)
    )
    for code, ags, name, state, joined, left, trained, version in session.execute(
        query.execution_options(yield_per=2000)
    ):
        yield code, ags or name, state, joined, left, trained, version


LISTS = {
    "kommunen": (MUNICIPALITY_COLUMNS, municipality_rows, "Kommunen"),
    "pat-innen": (VOLUNTEER_COLUMNS, volunteer_rows, "Pat-innen"),
}


def export_filename(which: str, state_code: str, kind: str, today: date) -> str:
    return f"{which}-{state_code.lower()}-{today:%Y-%m-%d}.{kind}"


def export_chunks(db: Database, which: str, state_code: str, kind: str) -> Iterator[bytes]:
    """The CSV or XLSX file of one list (``which``: "kommunen" or "pat-innen") in pieces for a streamed
    response, read in a session of its own that stays open only while the file is produced."""
    columns, rows, title = LISTS[which]
    with db.session() as session:
        if kind == "csv":
            yield from csv_chunks(rows(session, state_code), columns=columns)
        else:
            yield from xlsx_chunks(rows(session, state_code), columns=columns, title=title)
