"""Field specs: the one declaration of an editable field that validation and the grid columns both read.

A :class:`FieldSpec` says what a field is (kind, German label, limits, options, multi-line) and
:meth:`FieldSpec.parse` turns a raw value from a grid cell, a form or a file into the stored value
— or raises a :class:`ValidationError` with a German message. ``layouts`` derives the grid's editors
from the same specs, so the grid never allows what the command refuses (or the other way round).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from babel.numbers import format_decimal

from data.commands import inputs
from data.commands.errors import FieldErrors, ValidationError

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class Kind(StrEnum):
    CHOICE = "choice"  # one key of ``options``
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    DATE = "date"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # German, for messages and column headers
    kind: Kind
    editable: bool = True
    required: bool = False  # blank is refused rather than stored as "unknown"
    max_length: int | None = None  # text
    multiline: bool = False  # text: newlines allowed, edited in a large editor
    options: dict[str, str] = field(default_factory=dict)  # choice: key → German label
    minimum: Decimal = Decimal(0)  # numbers: inclusive
    maximum: Decimal = Decimal(10**12)  # numbers: inclusive; above is a typing error, not a value
    decimals: int = 0  # numbers: stored precision
    unit: str = ""  # numbers: shown in messages and cells

    def parse(self, raw: object) -> object:
        """The stored value for ``raw``; blank means unknown (None) unless the field is required."""
        if inputs.is_blank(raw):
            if self.required:
                raise ValidationError(f"„{self.label}“ darf nicht leer sein.")
            return None
        match self.kind:
            case Kind.CHOICE:
                return self._choice(raw)
            case Kind.INTEGER | Kind.DECIMAL:
                return self._number(raw)
            case Kind.TEXT:
                return inputs.parse_text(raw, self.label, self.max_length or 10_000, multiline=self.multiline)
            case Kind.DATE:
                return self._date(raw)
            case Kind.BOOLEAN:
                if not isinstance(raw, bool):
                    raise ValidationError(f"„{self.label}“ muss „ja“ oder „nein“ sein.")
                return raw
        raise AssertionError(self.kind)

    def _choice(self, raw: object) -> str:
        """A key, or its German label (grids show labels)."""
        for key, label in self.options.items():
            if raw in (key, label):
                return key
        allowed = ", ".join(self.options.values())
        raise ValidationError(f"„{inputs.shown(raw)}“ ist kein bekannter {self.label} (möglich: {allowed}).")

    def _number(self, raw: object) -> int | Decimal:
        number = inputs.parse_decimal(raw, self.label)
        unit = f" {self.unit}" if self.unit else ""
        if self.kind is Kind.INTEGER and number != number.to_integral_value():
            raise ValidationError(f"„{self.label}“ muss eine ganze Zahl sein (eingegeben: {inputs.shown(raw)}).")
        if not self.minimum <= number <= self.maximum:
            raise ValidationError(
                f"„{self.label}“ muss zwischen {_german_number(self.minimum)} und {_german_number(self.maximum)}{unit} "
                f"liegen (eingegeben: {inputs.shown(raw)})."
            )
        if self.kind is Kind.INTEGER:
            return int(number)
        return number.quantize(Decimal(1).scaleb(-self.decimals))

    def _date(self, raw: object) -> date:
        day = inputs.parse_date(raw, self.label)
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError(
                f"„{self.label}“ muss zwischen {EARLIEST_DATE:%d.%m.%Y} und {LATEST_DATE:%d.%m.%Y} liegen."
            )
        return day


def _german_number(value: Decimal) -> str:
    return format_decimal(value, locale=inputs.LOCALE)


def parse_changes(fields: dict[str, FieldSpec], changes: object) -> dict[str, object]:
    """Every raw value of ``changes`` checked against its editable field.

    Raises :class:`FieldErrors` naming each invalid value's field (an edit form shows each message next
    to its field; a grid cell's single change reads as its one message)."""
    if not isinstance(changes, dict) or not changes:
        raise ValidationError("Es wurde nichts geändert.")
    parsed: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, raw in changes.items():
        spec = fields.get(name) if isinstance(name, str) else None
        if spec is None or not spec.editable:
            raise ValidationError(f"Das Feld „{inputs.shown(name)}“ kann hier nicht bearbeitet werden.")
        try:
            parsed[name] = spec.parse(raw)
        except ValidationError as error:
            errors[name] = error.message
    if errors:
        raise FieldErrors(errors)
    return parsed


def parse_record(fields: dict[str, FieldSpec], raw: object) -> dict[str, object]:
    """A whole new record (a form or a file row): every declared field parsed, all errors at once.

    Missing keys count as blank; keys that are not declared fields are refused. Raises
    :class:`FieldErrors` naming each invalid field, so a form can show each message next to its field.
    """
    if not isinstance(raw, dict):
        raise ValidationError("Die Eingaben fehlen; bitte das Formular neu laden.")
    unknown = [name for name in raw if name not in fields]
    if unknown:
        raise ValidationError(f"Das Feld „{inputs.shown(unknown[0])}“ kann hier nicht bearbeitet werden.")
    parsed: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, spec in fields.items():
        try:
            parsed[name] = spec.parse(raw.get(name))
        except ValidationError as error:
            errors[name] = error.message
    if errors:
        raise FieldErrors(errors)
    return parsed


def with_default(values: object, name: str, default: object) -> object:
    """``values`` with ``default`` for ``name`` when it is left blank (e.g. a new measure starts as geplant)."""
    if isinstance(values, dict) and inputs.is_blank(values.get(name)):
        return {**values, name: default}
    return values


def as_text(value: object) -> str | None:
    """How a value is written into the audit log: ISO dates, plain decimals, NULL stays NULL."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def same(old: object, new: object) -> bool:
    """Equal as stored values (``12.50`` equals ``12.5``)."""
    if old is None or new is None:
        return old is None and new is None
    if isinstance(new, Decimal):
        return Decimal(str(old)) == new
    return old == new
