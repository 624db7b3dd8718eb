"""German input parsing for every write: numbers, dates and text as Germans type them.

Rules (one place; the grid, forms and imports all use them):

- **Numbers** are read with Babel's strict German parser (``de_DE``): the comma is the decimal
  separator, the dot groups thousands in threes. ``12,5`` → 12.5, ``1.234,5`` → 1234.5, ``1234`` →
  1234, ``1.234`` → 1234. A number is refused, never guessed, when it is ambiguous or malformed:
  ``12.5`` (a dot that cannot group thousands — English or a typo?), ``1,2,3``, ``1.23,4``, ``abc``,
  ``1e5``, ``∞``. Spaces around the number are ignored; a leading ``-`` is kept (the field decides
  whether negatives are allowed) and ``-0`` becomes 0. Values that already arrive as JSON numbers
  (``int``/``float`` from a number editor or an import) are taken as they are; ``True``/``False``
  are not numbers.
- **Dates** are ``TT.MM.JJJJ`` (``28.02.2025``) or ISO ``JJJJ-MM-TT``; impossible days
  (``30.02.2024``) are refused.
- **Text** must not contain NUL or other control characters; a multi-line field keeps newlines
  (and tabs). Surrounding blanks are removed.

Every refusal is a :class:`ValidationError` whose German message shows the expected form.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError
from babel.numbers import parse_decimal as _babel_parse_decimal

from data.commands.errors import ValidationError

LOCALE = "de_DE"
NUMBER_EXAMPLE = "1.234,5"
DATE_FORMS = "TT.MM.JJJJ (z. B. 28.02.2025) oder JJJJ-MM-TT"
# Babel accepts more than digits (exponents, other locales' minus signs); only these characters reach it.
_NUMBER_SHAPE = re.compile(r"-?[0-9.,]+")
# The common, unambiguous forms (``1234``, ``1.234,5``, ``-0,25``) are read directly; Babel decides the rest.
_PLAIN_GERMAN = re.compile(r"-?(?:0|[1-9]\d*|[1-9]\d{0,2}(?:\.\d{3})+)(?:,\d+)?")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Unicode's control characters (category Cc: U+0000–U+001F, U+007F–U+009F); a multi-line field allows \n and \t.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _number_message(label: str, value: object) -> str:
    return f"„{shown(value)}“ ist für „{label}“ keine gültige Zahl. Bitte eine Zahl wie {NUMBER_EXAMPLE} eingeben."


def shown(value: object, limit: int = 40) -> str:
    """The input as it may appear in a message: no control characters, not overly long."""
    text = "".join(ch if ch.isprintable() else "�" for ch in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def parse_decimal(value: object, label: str = "Zahl") -> Decimal:
    """A finite Decimal from a German number text or a JSON number; ValidationError otherwise."""
    if isinstance(value, bool):
        raise ValidationError(_number_message(label, value))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(_number_message(label, value))
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        number = _parse_german(value, label)
    else:
        raise ValidationError(_number_message(label, value))
    if not number.is_finite():
        raise ValidationError(_number_message(label, value))
    return number + 0 if number.is_zero() else number  # -0 → 0


def _parse_german(value: str, label: str) -> Decimal:
    text = value.strip()
    if not _NUMBER_SHAPE.fullmatch(text):
        raise ValidationError(_number_message(label, value))
    if _PLAIN_GERMAN.fullmatch(text):  # as Babel reads it, without its per-call locale lookups (imports)
        return Decimal(text.replace(".", "").replace(",", "."))
    try:
        return _babel_parse_decimal(text, locale=LOCALE, strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        raise ValidationError(_number_message(label, value)) from None


def parse_date(value: object, label: str = "Datum") -> date:
    """A real calendar day from ``TT.MM.JJJJ``, ``JJJJ-MM-TT`` (also the date part of an ISO timestamp) or a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        german = _GERMAN_DATE.fullmatch(text)
        iso = _ISO_DATE.fullmatch(text[:10]) if len(text) == 10 or text[10:11] == "T" else None
        try:
            if german:
                day, month, year = (int(part) for part in german.groups())
                return date(year, month, day)
            if iso:
                year, month, day = (int(part) for part in iso.groups())
                return date(year, month, day)
        except ValueError:
            pass
    raise ValidationError(f"„{shown(value)}“ ist für „{label}“ kein gültiges Datum. Bitte {DATE_FORMS} eingeben.")


def parse_text(value: object, label: str, max_length: int, *, multiline: bool = False) -> str:
    """Text without control characters (newlines allowed in multi-line fields), stripped, within ``max_length``."""
    if not isinstance(value, str):
        raise ValidationError(f"„{label}“ muss ein Text sein.")
    text = value.replace("\r\n", "\n").strip()
    if (_CONTROL_IN_MULTILINE if multiline else _CONTROL).search(text):
        lines = " Zeilenumbrüche sind erlaubt." if multiline else ""
        raise ValidationError(f"„{label}“ enthält unzulässige Steuerzeichen; bitte nur normalen Text eingeben.{lines}")
    if len(text) > max_length:
        raise ValidationError(f"„{label}“ darf höchstens {max_length} Zeichen lang sein (eingegeben: {len(text)}).")
    return text
