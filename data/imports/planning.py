"""From a read table to a plan: every row checked, matched by its natural key and classified as new,
changed or unchanged — or reported, with its spreadsheet row number, column, value and a German message.

Nothing is written here. A plan with any error, conflict or row outside the person's scope is refused as
a whole (:attr:`Plan.ok`); only a clean plan is applied (:mod:`data.imports.running`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar, Protocol

from sqlalchemy.orm import Session

from data.commands import inputs
from data.commands.errors import ValidationError
from data.commands.unit_of_work import UnitOfWork
from data.imports.columns import Column, EntityColumns, normalise_header
from data.imports.reading import FileRefused, Table
from data.permissions import Actor, Scope, may_write, refusal

NEW, CHANGED, UNCHANGED = "neu", "geändert", "unverändert"
ERROR, CONFLICT, SCOPE, NOTE = "Fehler", "Konflikt", "Bereich", "Hinweis"
REPORT_HEADER = ("Zeile", "Spalte", "Wert", "Art", "Meldung")
Progress = Callable[[int, int], None]  # (rows done, rows total)
NOTHING: Mapping[str, object] = MappingProxyType({})
MEMO_LIMIT = 4096  # parsed cells remembered per column: files repeat states, statuses, dates and amounts


@dataclass(frozen=True)
class Issue:
    """One line of the row report; ``row`` is None for a note about the whole file."""

    row: int | None
    column: str
    value: str
    message: str
    kind: str = ERROR


@dataclass(slots=True)
class ParsedRow:
    """A row's cells as stored values (only the file's columns) and as they were in the file."""

    number: int
    values: dict[str, object]
    raw: dict[str, object]

    @property
    def shown(self) -> dict[str, str]:
        """The cells as text for messages (built only when a message needs it)."""
        return {name: "" if raw is None else inputs.shown(raw, 80) for name, raw in self.raw.items()}


class Values(Mapping[str, object]):
    """A row's values as one tuple, under an index of names shared by every row with the same columns: 150 000
    new rows held as dicts until they are written would be most of an import's memory."""

    __slots__ = ("_index", "_values")
    _indexes: ClassVar[dict[tuple[str, ...], dict[str, int]]] = {}

    def __init__(self, values: dict[str, object]) -> None:
        names = tuple(values)
        index = Values._indexes.get(names)
        if index is None:
            index = Values._indexes.setdefault(names, {name: position for position, name in enumerate(names)})
        self._index = index
        self._values = tuple(values.values())

    def __getitem__(self, name: str) -> object:
        return self._values[self._index[name]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)


@dataclass(slots=True)
class RowAction:
    """What importing one row does: create, change (only ``values`` that differ) or nothing."""

    row: int
    kind: str
    record_id: int | None
    values: Mapping[str, object]
    # ``old`` and ``extra`` default to one shared read-only mapping: most actions have neither
    old: Mapping[str, object] = field(default_factory=lambda: NOTHING)
    version: int | None = None  # the record's version, checked again when writing
    scopes: tuple[Scope, ...] = ()
    extra: Mapping[str, object] = field(default_factory=lambda: NOTHING)


@dataclass
class Plan:
    entity: str
    rows_total: int
    actions: list[RowAction] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def add(self, row: ParsedRow | int | None, column: str, value: object, message: str, kind: str = ERROR) -> None:
        number = row.number if isinstance(row, ParsedRow) else row
        self.issues.append(Issue(number, column, "" if value is None else inputs.shown(value, 80), message, kind))

    def _rows(self, *kinds: str) -> set[int]:
        return {issue.row for issue in self.issues if issue.kind in kinds and issue.row is not None}

    @property
    def counts(self) -> dict[str, int]:
        kinds = [action.kind for action in self.actions]
        return {
            NEW: kinds.count(NEW),
            CHANGED: kinds.count(CHANGED),
            UNCHANGED: kinds.count(UNCHANGED),
            "fehlerhaft": len(self._rows(ERROR, SCOPE)),
            "Konflikte": len(self._rows(CONFLICT)),
        }

    @property
    def ok(self) -> bool:
        return not any(issue.kind in (ERROR, CONFLICT, SCOPE) for issue in self.issues)

    @property
    def writes(self) -> list[RowAction]:
        return [action for action in self.actions if action.kind != UNCHANGED]

    def report_rows(self) -> list[tuple[str, str, str, str, str]]:
        ordered = sorted(self.issues, key=lambda issue: (issue.row or 0, issue.kind != NOTE))
        return [("" if i.row is None else str(i.row), i.column, i.value, i.kind, i.message) for i in ordered]

    def report_csv(self) -> str:
        """The row report as German Excel reads it (``;``, UTF-8 with BOM), formula-like text neutralised."""
        from data.exports.cells import neutralise

        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(REPORT_HEADER)
        writer.writerows([[neutralise(cell) for cell in row] for row in self.report_rows()])
        return buffer.getvalue()


class Entity(Protocol):
    """What each importable entity declares: its columns, how rows are matched and how they are written."""

    key: str
    table: str  # the table its rows are written to
    label: str  # German plural, e.g. "Maßnahmen"
    columns: EntityColumns

    def plan(self, session: Session, rows: Iterable[ParsedRow], plan: Plan) -> None:
        """Append a :class:`RowAction` per row (or issues) to ``plan``; ``rows`` is a single pass over the
        file (checked while it is consumed), so large entities look records up batch by batch."""

    def apply(self, work: UnitOfWork, actions: list[RowAction], audit: Callable[..., None]) -> None:
        """Write the actions inside ``work``; ``audit(table, row_id, field, old, new)`` records each change."""


def map_header(table: Table, columns: EntityColumns, plan: Plan) -> dict[int, Column]:
    """Which file column fills which field; unknown columns are noted, missing required ones refuse the file."""
    known = columns.by_header()
    ignored = {normalise_header(header): why for header, why in columns.ignored.items()}
    mapping: dict[int, Column] = {}
    seen: dict[str, str] = {}
    for index, header in enumerate(table.header):
        name = normalise_header(header)
        if not name:
            continue
        column = known.get(name)
        if column is None:
            why = ignored.get(name, "unbekannte Spalte, wird nicht importiert")
            plan.add(None, str(header), None, f"Spalte „{inputs.shown(header)}“ ignoriert: {why}.", NOTE)
            continue
        if column.name in seen:
            raise FileRefused(f"Die Spalte „{column.header}“ kommt doppelt vor ({seen[column.name]}, {header}).")
        seen[column.name] = str(header)
        mapping[index] = column
    missing = [column.header for column in columns.columns if column.required_column and column.name not in seen]
    if missing:
        names = ", ".join(f"„{name}“" for name in missing)
        raise FileRefused(f"Es fehlen Pflichtspalten: {names}. Die Kopfzeile muss sie enthalten (siehe Vorlage).")
    return mapping


def parse_rows(table: Table, mapping: dict[int, Column], plan: Plan, progress: Progress | None) -> Iterator[ParsedRow]:
    """Every cell checked by its field, row by row as the rows are consumed; a row with an invalid cell is
    reported and left out. A cell text seen before in the same column is not parsed again (``MEMO_LIMIT``)."""
    keys: dict[tuple, int] = {}
    key_columns = [column for column in mapping.values() if column.key]
    memos: dict[int, dict[tuple[type, object], object]] = {index: {} for index in mapping}
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        values: dict[str, object] = {}
        raws: dict[str, object] = {}
        valid = True
        for index, column in mapping.items():
            raw = cells[index] if index < len(cells) else None
            raws[column.name] = raw
            memo, seen = memos[index], (type(raw), raw)  # typed: the cells True and 1 parse differently
            known = memo.get(seen, memo)
            if known is memo:
                try:
                    known = column.parse(raw)
                except ValidationError as error:
                    known = error
                if len(memo) < MEMO_LIMIT:
                    memo[seen] = known
            if isinstance(known, ValidationError):
                plan.add(number, column.header, raw, known.message)
                valid = False
            else:
                values[column.name] = known
        if valid and key_columns:
            key = tuple(_key_part(values.get(column.name)) for column in key_columns)
            if key in keys:
                first = keys[key]
                label = " / ".join(inputs.shown(raws[column.name] or "", 80) for column in key_columns)
                plan.add(number, key_columns[0].header, label, f"„{label}“ steht schon in Zeile {first} der Datei.")
                valid = False
            else:
                keys[key] = number
        if valid:
            yield ParsedRow(number, values, raws)
        if progress and done % 5000 == 0:
            progress(done, total)


def _key_part(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def check_scopes(actor: Actor | None, plan: Plan, label: str) -> None:
    """Rows the person may not write are reported; any such row refuses the whole file."""
    refused = [action.row for action in plan.writes if not all(may_write(actor, scope) for scope in action.scopes)]
    if not refused or actor is None:
        return
    message = refusal(actor, label)
    for row in refused:
        plan.add(row, "", None, message, SCOPE)


def build_plan(
    session: Session, actor: Actor | None, table: Table, entity: Entity, progress: Progress | None = None
) -> Plan:
    plan = Plan(entity.key, len(table.rows))
    mapping = map_header(table, entity.columns, plan)
    rows = parse_rows(table, mapping, plan, progress)
    entity.plan(session, rows, plan)
    check_scopes(actor, plan, entity.label)
    if progress:
        progress(len(table.rows), len(table.rows))
    return plan
