"""Columns of an import file: each declared once per entity, with the header the export and the template
write, the field it fills and how a cell becomes a stored value.

Header names are matched without regard to case and surrounding blanks; a header no entity column knows
is ignored with a note. A cell is converted by the field's :class:`~data.commands.fields.FieldSpec` (the
same German parsing as grids and forms), after the file-specific forms are made plain: XLSX numbers and
dates arrive typed; Excel serial dates, status labels in any case and the apostrophe the export puts before
formula-like text are understood here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from data.commands import inputs
from data.commands.errors import ValidationError
from data.commands.fields import FieldSpec, Kind
from data.exports.cells import FORMULA_STARTS

EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_DATE = re.compile(r"\d{5}(?:[.,]0+)?")
YES = {"ja", "j", "x", "1", "wahr", "true", "yes", "anwesend"}
NO = {"nein", "n", "0", "falsch", "false", "no", "", "nicht anwesend", "abwesend"}


@dataclass(frozen=True)
class Column:
    """One column of an entity's file: ``header`` as written, ``spec`` the field it fills."""

    header: str
    spec: FieldSpec
    key: bool = False  # part of the natural key that finds the existing record
    required_column: bool = False  # the file must have this column
    note: str = ""  # explanation for the template's explanation sheet
    aliases: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.spec.name

    def parse(self, raw: object) -> object:
        return self.spec.parse(plain(raw, self.spec))


@dataclass(frozen=True)
class EntityColumns:
    """All columns of one entity's files, plus headers that are read but deliberately not imported."""

    columns: tuple[Column, ...]
    ignored: dict[str, str] = field(default_factory=dict)  # header → why it is not imported

    def by_header(self) -> dict[str, Column]:
        found: dict[str, Column] = {}
        for column in self.columns:
            for header in (column.header, *column.aliases):
                found[normalise_header(header)] = column
        return found


def normalise_header(header: object) -> str:
    return " ".join(str(header or "").split()).casefold()


def plain(raw: object, spec: FieldSpec) -> object:
    """A cell as the field's parser expects it (see the module docstring)."""
    if isinstance(raw, str):
        text = raw.strip()
        if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
            text = text[1:]  # the export's neutralising apostrophe
        raw = text
    match spec.kind:
        case Kind.DATE:
            return _date(raw)
        case Kind.TEXT:
            if isinstance(raw, float) and raw.is_integer():
                return str(int(raw))  # a code Excel stored as a number
            if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
                return str(raw)
            if isinstance(raw, datetime | date):
                return f"{raw:%d.%m.%Y}"
            return raw
        case Kind.CHOICE:
            if isinstance(raw, str):
                wanted = raw.casefold()
                for key, label in spec.options.items():
                    if wanted in (key.casefold(), label.casefold()):
                        return key
            return raw
        case Kind.BOOLEAN:
            if isinstance(raw, bool) or raw is None:
                return raw
            text = str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw).strip().casefold()
            if text in YES:
                return True
            if text in NO:
                return False
            raise ValidationError(f"„{inputs.shown(raw)}“ ist für „{spec.label}“ weder „ja“ noch „nein“.")
        case Kind.INTEGER | Kind.DECIMAL:
            if isinstance(raw, datetime | date):
                raise ValidationError(f"„{raw:%d.%m.%Y}“ ist für „{spec.label}“ keine Zahl.")
            return raw
    return raw


def _date(raw: object) -> object:
    """Dates: a typed cell, TT.MM.JJJJ, ISO, or an Excel serial number (days since 30.12.1899)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer() and 1 <= raw < 2958466:
        return EXCEL_EPOCH + timedelta(days=int(raw))
    if isinstance(raw, str) and _SERIAL_DATE.fullmatch(raw):
        return EXCEL_EPOCH + timedelta(days=int(raw[:5]))
    return raw
