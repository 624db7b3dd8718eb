"""Importing measures: matched by their number (``Nr.``) within the program, columns as the Maßnahmen export
writes them, so an export re-imports without changes.

Existing measures are looked up in chunks of the file's numbers (never the whole table); new ones are
inserted in bulk, changed ones updated one by one with the version check, so a measure edited since the
file was exported is reported as a conflict (when the file has the ``Version`` column), never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from itertools import islice

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from data.commands.errors import ConflictError
from data.commands.fields import FieldSpec, Kind, as_text, same
from data.commands.massnahmen_fields import MEASURE_FIELDS
from data.commands.unit_of_work import UnitOfWork
from data.exports import massnahmen as export
from data.imports.columns import Column, EntityColumns
from data.imports.places import Places
from data.imports.planning import CHANGED, CONFLICT, NEW, UNCHANGED, ParsedRow, Plan, RowAction, Values
from data.models import Measure, Program
from data.permissions import Scope

CHUNK = 900  # bound parameters per lookup (SQLite allows 32 766, PostgreSQL 65 535)
INSERT_BATCH = 1000  # rows per multi-row INSERT (and per lookup of the new ids)
HEADERS = {key: header for header, key, _kind in export.COLUMNS}
VERSION = FieldSpec("version", "Version", Kind.INTEGER, minimum=Decimal(1), maximum=Decimal(10**9))


def _column(name: str, spec: FieldSpec, **kwargs) -> Column:
    return Column(HEADERS.get(name, spec.label), spec, **kwargs)


COLUMNS = EntityColumns(
    columns=(
        _column(
            "code",
            FieldSpec("code", "Nr.", Kind.TEXT, required=True, max_length=32),
            key=True,
            required_column=True,
            note="Nummer der Maßnahme, eindeutig im Programm",
        ),
        _column(
            "program",
            FieldSpec("program", "Programm", Kind.TEXT, required=True, max_length=200),
            key=True,
            required_column=True,
            note="Kurzname oder Kennung des Programms, z. B. KlikKS",
        ),
        _column("title", FieldSpec("title", "Titel", Kind.TEXT, max_length=200), note="Pflicht bei neuen Maßnahmen"),
        _column(
            "sector", FieldSpec("sector", "Handlungsfeld", Kind.TEXT, max_length=60), note="Pflicht bei neuen Maßnahmen"
        ),
        _column("state", FieldSpec("state", "Land", Kind.TEXT, max_length=60), note="Name oder Kürzel, z. B. DE-NW"),
        _column(
            "municipality",
            FieldSpec("municipality", "Kommune", Kind.TEXT, max_length=120),
            note="Name (im Land) oder AGS",
        ),
        _column("status", MEASURE_FIELDS["status"]),
        _column("progress_pct", MEASURE_FIELDS["progress_pct"]),
        _column("responsible", MEASURE_FIELDS["responsible"]),
        _column("involved", MEASURE_FIELDS["involved"]),
        _column("started_on", FieldSpec("started_on", "Beginn", Kind.DATE)),
        _column("planned_completion_on", MEASURE_FIELDS["planned_completion_on"]),
        _column("completed_on", FieldSpec("completed_on", "Abgeschlossen am", Kind.DATE)),
        _column("co2_t_per_year", MEASURE_FIELDS["co2_t_per_year"]),
        _column("cost_eur", MEASURE_FIELDS["cost_eur"]),
        _column(
            "funding_eur",
            FieldSpec("funding_eur", "Fördermittel", Kind.DECIMAL, maximum=Decimal(10**11), decimals=2, unit="€"),
        ),
        _column("steps", MEASURE_FIELDS["steps"]),
        _column("version", VERSION, note="aus dem Export; leer bei neuen Maßnahmen"),
    ),
    ignored={
        HEADERS["overdue"]: "wird berechnet",
        HEADERS["updated_at"]: "wird beim Speichern gesetzt",
        HEADERS["updated_by"]: "wird beim Speichern gesetzt",
    },
)
# Stored columns an import may set (program, place and version are resolved separately).
FIELDS = tuple(
    column.name
    for column in COLUMNS.columns
    if column.name not in ("code", "program", "state", "municipality", "version")
)
DEFAULT_STATUS = "geplant"


class MeasuresImport:
    key = "measures"
    table = "measures"  # the table the rows go to
    label = "Maßnahmen"
    columns = COLUMNS

    def plan(self, session: Session, rows: Iterable[ParsedRow], plan: Plan) -> None:
        """Rows are checked in batches of ``CHUNK``: one lookup of the stored measures per batch, so only a
        batch of parsed rows is held at a time."""
        programs = _programs(session)
        places = Places(session)
        scopes: dict[tuple, tuple[Scope, ...]] = {}  # one tuple per place, shared by its new rows
        rows = iter(rows)
        while batch := list(islice(rows, CHUNK)):
            existing = _existing(session, {str(row.values["code"]) for row in batch})
            self._plan_batch(batch, existing, programs, places, scopes, plan)

    def _plan_batch(
        self,
        batch: list[ParsedRow],
        existing: dict[tuple[str, int], dict],
        programs: dict[str, int],
        places: Places,
        shared_scopes: dict[tuple, tuple[Scope, ...]],
        plan: Plan,
    ) -> None:
        for row in batch:
            values = row.values
            program = programs.get(str(values["program"]).casefold())
            if program is None:
                plan.add(row, "Programm", values["program"], f"Das Programm „{row.shown['program']}“ gibt es nicht.")
                continue
            current = existing.get((str(values["code"]), program))  # a number names a measure within its program
            place = places.resolve(row, plan, current)
            if place is None:
                continue
            state_code, municipality_id = place
            wanted = {name: values[name] for name in FIELDS if name in values}
            wanted.update(state_code=state_code, municipality_id=municipality_id)
            if current is None:
                missing = [
                    label for name, label in (("title", "Titel"), ("sector", "Handlungsfeld")) if not values.get(name)
                ]
                if missing:
                    plan.add(row, missing[0], None, f"„{missing[0]}“ darf bei einer neuen Maßnahme nicht leer sein.")
                    continue
                wanted.setdefault("status", DEFAULT_STATUS)
                wanted.update(code=values["code"], program_id=program)
                place_scopes = shared_scopes.setdefault(
                    (state_code, municipality_id), (Scope(state_code, municipality_id),)
                )
                plan.actions.append(RowAction(row.number, NEW, None, Values(wanted), scopes=place_scopes))
                continue
            changed = {name: value for name, value in wanted.items() if not same(current[name], value)}
            if ("title" in changed and not changed["title"]) or ("sector" in changed and not changed["sector"]):
                plan.add(row, "Titel" if "title" in changed else "Handlungsfeld", None, "Darf nicht leer sein.")
                continue
            if not changed:
                plan.actions.append(RowAction(row.number, UNCHANGED, current["id"], {}))
                continue
            file_version = values.get("version")
            if file_version is not None and file_version != current["version"]:
                plan.add(
                    row,
                    "Version",
                    file_version,
                    f"Die Maßnahme wurde nach dem Export geändert (Version {current['version']}, von "
                    f"{current['updated_by'] or 'unbekannt'}); die Zeile wird nicht übernommen.",
                    CONFLICT,
                )
                continue
            scopes = (Scope(current["state_code"], current["municipality_id"]), Scope(state_code, municipality_id))
            plan.actions.append(
                RowAction(
                    row.number,
                    CHANGED,
                    current["id"],
                    changed,
                    {n: current[n] for n in changed},
                    current["version"],
                    scopes,
                )
            )

    def apply(self, work: UnitOfWork, actions: list[RowAction], audit: Callable[..., None]) -> None:
        session = work.session
        new = [action for action in actions if action.kind == NEW]
        for start in range(0, len(new), INSERT_BATCH):
            batch = new[start : start + INSERT_BATCH]
            records = [
                {
                    **dict.fromkeys(FIELDS),
                    "state_code": None,
                    "municipality_id": None,
                    **action.values,
                    "version": 1,
                    "updated_at": work.now,
                    "updated_by": work.actor_name,
                    "volunteer_led": False,
                }
                for action in batch
            ]
            ids = _insert_new(session, records)
            for action in batch:
                code = str(action.values["code"])
                audit("measures", ids[(code, action.values["program_id"])], "angelegt", None, code)
        self._apply_changes(work, [action for action in actions if action.kind == CHANGED], audit)

    def _apply_changes(self, work: UnitOfWork, changed: list[RowAction], audit: Callable[..., None]) -> None:
        """Rows that change the same columns are written by one executemany UPDATE per batch; each row
        still carries its version check, and the batch's row count proves no row was changed meanwhile."""
        table = Measure.__table__
        groups: dict[tuple[str, ...], list[RowAction]] = {}
        for action in changed:
            groups.setdefault(tuple(sorted(action.values)), []).append(action)
        for names, group in groups.items():
            statement = (
                update(table)
                .where(table.c.id == bindparam("row_id"), table.c.version == bindparam("row_version"))
                .values(
                    {
                        **{name: bindparam(f"new_{name}") for name in names},
                        "version": table.c.version + 1,
                        "updated_at": work.now,
                        "updated_by": work.actor_name,
                    }
                )
            )
            for start in range(0, len(group), INSERT_BATCH):
                batch = group[start : start + INSERT_BATCH]
                parameters = [
                    {
                        "row_id": action.record_id,
                        "row_version": action.version,
                        **{f"new_{name}": value for name, value in action.values.items()},
                    }
                    for action in batch
                ]
                if work.session.execute(statement, parameters).rowcount != len(batch):
                    rows = f"Zeile {batch[0].row}" if len(batch) == 1 else f"Zeilen {batch[0].row}–{batch[-1].row}"
                    raise ConflictError(f"{rows}: Eine Maßnahme wurde während des Imports geändert.")
                for action in batch:
                    for name, value in action.values.items():
                        audit("measures", action.record_id, name, as_text(action.old[name]), as_text(value))


def _programs(session: Session) -> dict[str, int]:
    """Each program under its code, short name and name (case-insensitive)."""
    found: dict[str, int] = {}
    for program_id, code, short_name, name in session.execute(
        select(Program.id, Program.code, Program.short_name, Program.name)
    ):
        for label in (name, code, short_name):
            found[label.casefold()] = program_id
    return found


def _insert_new(session: Session, records: list[dict]) -> dict[tuple[str, int], int]:
    """Insert new measures; their ids by number and program (the order of returned rows does not matter).

    PostgreSQL: one ``COPY`` per batch, with ids drawn from the sequence beforehand — about 5× faster than
    multi-row INSERTs, whose 25 000 bound parameters are parsed and planned each time; the statement-level
    rollup and data-version triggers run once per COPY. SQLite: RETURNING makes
    SQLAlchemy send multi-row INSERTs ("insertmanyvalues")."""
    table = Measure.__table__
    if session.get_bind().dialect.name != "postgresql":
        returned = session.execute(insert(table).returning(table.c.code, table.c.program_id, table.c.id), records)
        return {(code, program_id): measure_id for code, program_id, measure_id in returned}
    from psycopg import sql  # PostgreSQL's driver, only needed here

    # The ids are drawn from the table's sequence first, so no lookup after the COPY is needed (one would
    # be planned with the statistics of the table before the import: a scan per batch).
    drawn = session.execute(
        text("SELECT nextval(pg_get_serial_sequence('measures', 'id')) FROM generate_series(1, :count)"),
        {"count": len(records)},
    ).scalars()
    records = [{**record, "id": measure_id} for record, measure_id in zip(records, drawn, strict=True)]
    columns = list(dict.fromkeys(name for record in records for name in record))
    statement = sql.SQL("COPY measures ({}) FROM STDIN").format(sql.SQL(", ").join(map(sql.Identifier, columns)))
    with session.connection().connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for record in records:
            copy.write_row([record.get(name) for name in columns])
    return {(str(record["code"]), record["program_id"]): record["id"] for record in records}


def _existing(session: Session, codes: set[str]) -> dict[tuple[str, int], dict]:
    """The stored measures with these numbers in any program, by number and program. Looked up by number
    alone, in chunks: the unique index leads with the number, so each is a probe whatever the planner's
    statistics say (with ``program_id = …`` added, PostgreSQL's stale statistics right after a large
    import chose a scan of the whole program, filtering hundreds of numbers per row)."""
    columns = [
        Measure.id,
        Measure.code,
        Measure.program_id,
        Measure.version,
        Measure.updated_by,
        Measure.state_code,
        Measure.municipality_id,
        *[getattr(Measure, name) for name in FIELDS],
    ]
    found: dict[tuple[str, int], dict] = {}
    unique = sorted(codes)
    for start in range(0, len(unique), CHUNK):
        statement = select(*columns).where(Measure.code.in_(unique[start : start + CHUNK]))
        for record in session.execute(statement).mappings():
            found[(record["code"], record["program_id"])] = dict(record)
    return found
