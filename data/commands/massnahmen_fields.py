"""The editable fields of a measure and how a raw value (from a grid cell, a form or a file) is checked.

Each field has one parser that turns the raw value into the stored Python value or raises a
:class:`ValidationError` with a German message. Kept apart from the command so the rules are in one
place for the grid, the detail page and later imports.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from data import vocab
from data.commands.errors import ValidationError

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


@dataclass(frozen=True)
class EditableField:
    name: str
    label: str  # German, for messages and column headers
    parse: Callable[[object], object]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def parse_status(value: object) -> str:
    if _blank(value):
        raise ValidationError("Der Status darf nicht leer sein.")
    if not isinstance(value, str) or value not in vocab.MEASURE_STATUSES:
        allowed = ", ".join(vocab.MEASURE_STATUSES.values())
        raise ValidationError(f"„{value}“ ist kein bekannter Status (möglich: {allowed}).")
    return value


def parse_progress(value: object) -> int | None:
    if _blank(value):
        return None
    number = _decimal(value, "Fortschritt")
    if number != number.to_integral_value():
        raise ValidationError(f"Der Fortschritt muss eine ganze Zahl von 0 bis 100 sein, nicht „{value}“.")
    if not 0 <= number <= 100:
        raise ValidationError(f"Der Fortschritt muss zwischen 0 und 100 % liegen, nicht {value}.")
    return int(number)


def _text(label: str, max_length: int) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        if _blank(value):
            return None
        if not isinstance(value, str):
            raise ValidationError(f"„{label}“ muss ein Text sein.")
        text = value.strip()
        if len(text) > max_length:
            raise ValidationError(f"„{label}“ darf höchstens {max_length} Zeichen lang sein (eingegeben: {len(text)}).")
        return text

    return parse


def parse_date(value: object) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ValidationError(f"„{value}“ ist kein gültiges Datum (erwartet TT.MM.JJJJ).") from None
    else:
        raise ValidationError(f"„{value}“ ist kein gültiges Datum.")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(f"Das Datum muss zwischen {EARLIEST_DATE:%d.%m.%Y} und {LATEST_DATE:%d.%m.%Y} liegen.")
    return day


def _amount(label: str, unit: str, limit: Decimal) -> Callable[[object], Decimal | None]:
    def parse(value: object) -> Decimal | None:
        if _blank(value):
            return None
        number = _decimal(value, label)
        if number < 0:
            raise ValidationError(f"„{label}“ darf nicht negativ sein (eingegeben: {value} {unit}).")
        if number >= limit:
            raise ValidationError(f"„{label}“ ist unplausibel groß (eingegeben: {value} {unit}).")
        return number.quantize(Decimal("0.01"))

    return parse


def _decimal(value: object, label: str) -> Decimal:
    """A finite number from an int, float or German/English decimal string; booleans are not numbers."""
    if isinstance(value, bool):
        raise ValidationError(f"„{label}“ muss eine Zahl sein.")
    try:
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise InvalidOperation
            number = Decimal(str(value))
        elif isinstance(value, str):
            number = Decimal(value.strip().replace(" ", "").replace(",", "."))
        else:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValidationError(f"„{value}“ ist für „{label}“ keine gültige Zahl.") from None
    if not number.is_finite():
        raise ValidationError(f"„{value}“ ist für „{label}“ keine gültige Zahl.")
    return number


EDITABLE_FIELDS: dict[str, EditableField] = {
    field.name: field
    for field in (
        EditableField("status", "Status", parse_status),
        EditableField("progress_pct", "Fortschritt (%)", parse_progress),
        EditableField("responsible", "Verantwortlich", _text("Verantwortlich", 200)),
        EditableField("involved", "Beteiligt", _text("Beteiligt", 400)),
        EditableField("planned_completion_on", "Geplanter Abschluss", parse_date),
        EditableField(
            "co2_t_per_year", "CO₂-Einsparung (t/Jahr)", _amount("CO₂-Einsparung", "t/Jahr", Decimal(10**10))
        ),
        EditableField("cost_eur", "Kosten (€)", _amount("Kosten", "€", Decimal(10**12))),
        EditableField("steps", "Schritte / Fortschritte", _text("Schritte / Fortschritte", 4000)),
    )
}


def parse_changes(changes: dict[str, object]) -> dict[str, object]:
    """All raw values checked and converted; the first invalid one raises."""
    if not changes:
        raise ValidationError("Es wurde nichts geändert.")
    parsed: dict[str, object] = {}
    for name, raw in changes.items():
        field = EDITABLE_FIELDS.get(name)
        if field is None:
            raise ValidationError(f"Das Feld „{name}“ kann hier nicht bearbeitet werden.")
        parsed[name] = field.parse(raw)
    return parsed


def as_text(value: object) -> str | None:
    """How a value is written into the audit log: ISO dates, plain decimals, NULL stays NULL."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        text = format(Decimal(str(value)).normalize(), "f")
        return text
    return str(value)


def same(old: object, new: object) -> bool:
    """Equal as stored values (``12.50`` equals ``12.5``)."""
    if old is None or new is None:
        return old is None and new is None
    if isinstance(new, Decimal):
        return Decimal(str(old)) == new
    return old == new
