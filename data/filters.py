"""Declarative page filters: each filter is declared once as a :class:`Field`; a page's filter model is a
frozen dataclass that lists its fields in ``FIELDS`` and inherits everything else from :class:`FilterModel`.

The one declaration drives every path a filter value travels:

- URL query → model (:meth:`FilterModel.from_query`): invalid values are dropped with a German note
  that names the field's **label** and the offending value, never an internal key;
- control values and store contents → model (:meth:`FilterModel.from_values`): these are user input
  too (a browser can send anything), so they pass the same validation, silently;
- model → URL parameters, store contents (:meth:`FilterModel.to_params`) and control values
  (:meth:`FilterModel.to_controls`).

Allowed values come from a fixed vocabulary (``Field.vocabulary``) or from options that a query loads
(``Field.options`` names an entry of the ``choices`` mapping the caller passes in). Where the caller
has not loaded those options (a callback that should not pay for the query), a value is checked for
its shape only (type, length, ``pattern``); the SQL then simply matches nothing for an unknown value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import Enum
from typing import Any, ClassVar, Self
from urllib.parse import urlencode

from data.ids import ROW_ID_MAX as MAX_ID

MAX_TEXT = 200
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A date without a range of its own (e.g. the Stand) must still be a day the queries can count back from.
PLAUSIBLE_DAYS = (date(1990, 1, 1), date(2100, 12, 31))
_LIST_IN_NOTE = 12  # longer option lists are not spelled out in a note

# What a caller may pass in: option name → allowed value → German label, or a (first, last) date range.
Choices = Mapping[str, Mapping[Any, str] | tuple[date, date]]


class Kind(Enum):
    CHOICE = "choice"  # one value of a vocabulary or of loaded options
    MULTI = "multi"  # several values, comma-separated in the URL, a list in controls
    DATE = "date"  # ISO (or TT.MM.JJJJ) within a range
    FLAG = "flag"  # ``1`` in the URL, a boolean in controls
    TEXT = "text"  # free text, stripped, at most ``max_length`` characters
    INT = "int"  # a positive id or year


class Invalid(ValueError):
    """A value that cannot be used; the message is the German note (without the field label).
    ``kept`` holds what remains usable (the valid entries of a list)."""

    def __init__(self, message: str, kept: Any = None) -> None:
        super().__init__(message)
        self.kept = kept


def german_day(value: date) -> str:
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"  # strftime drops leading zeros of years < 1000


@dataclass(frozen=True)
class Field:
    """One filter: where it lives on the model (``attr``), in the URL (``key``), what users call it (``label``)."""

    attr: str
    key: str
    label: str
    kind: Kind = Kind.CHOICE
    vocabulary: Mapping[Any, str] | None = None
    options: str | None = None  # name of the allowed values in the ``choices`` passed in
    pattern: re.Pattern[str] | None = None  # shape of a text value when its options are not loaded
    stored: bool = True  # part of the page's store (what the data callbacks filter by)
    max_length: int = MAX_TEXT

    # --- parsing ---------------------------------------------------------------------------------------

    def allowed(self, choices: Choices | None) -> Mapping[Any, str] | tuple[date, date] | None:
        if self.vocabulary is not None:
            return self.vocabulary
        return (choices or {}).get(self.options) if self.options else None

    def parse(self, raw: object, choices: Choices | None = None) -> Any:
        """The model value for a raw URL, control or store value; raises :class:`Invalid`."""
        allowed = self.allowed(choices)
        if self.kind is Kind.MULTI:
            items = raw.split(",") if isinstance(raw, str) else raw
            if not isinstance(items, list | tuple):
                raise Invalid(f"„{_shown(raw)}“ ist keine Liste")
            values, problems = [], []
            for item in items:
                if item in ("", None):
                    continue
                try:
                    values.append(self._one(item, allowed))
                except Invalid as problem:
                    problems.append(str(problem))
            kept = tuple(dict.fromkeys(values))
            if problems:
                raise Invalid("; ".join(problems), kept)
            return kept
        if self.kind is Kind.FLAG:
            if raw is True or raw in ("1", "ja", "true"):
                return True
            if raw is False or raw in ("0", "nein", "false"):
                return False
            raise Invalid(f"„{_shown(raw)}“ ist unbekannt (möglich: 1)")
        if self.kind is Kind.DATE:
            return self._date(raw, allowed)
        return self._one(raw, allowed)

    def _one(self, raw: object, allowed) -> Any:
        if self.kind is Kind.INT:
            value = _integer(raw)
        elif isinstance(raw, str) and not isinstance(raw, bool):
            value = raw.strip()
            if _CONTROL_CHARS.search(value):
                raise Invalid("enthält Steuerzeichen")
            if self.kind is Kind.TEXT:
                return value[: self.max_length]
            if len(value) > self.max_length:
                raise Invalid(f"„{_shown(value)}“ ist zu lang")
        else:
            raise Invalid(f"„{_shown(raw)}“ ist kein Text")
        if isinstance(allowed, Mapping):
            if value not in allowed:
                raise Invalid(f"„{_shown(raw)}“ gibt es nicht{_possible(allowed)}")
        elif self.pattern is not None and not self.pattern.fullmatch(str(value)):
            raise Invalid(f"„{_shown(raw)}“ gibt es nicht")
        return value

    def _date(self, raw: object, bounds) -> date:
        value = _day(raw)
        low, high = bounds if isinstance(bounds, tuple) else PLAUSIBLE_DAYS
        if not low <= value <= high:
            raise Invalid(f"{german_day(value)} liegt außerhalb von {german_day(low)} – {german_day(high)}")
        return value

    # --- writing back ----------------------------------------------------------------------------------

    def param(self, value: Any) -> str:
        """The value as it appears in the URL and in the store."""
        if self.kind is Kind.MULTI:
            return ",".join(str(item) for item in value)
        if self.kind is Kind.FLAG:
            return "1"
        if self.kind is Kind.DATE:
            return value.isoformat()
        return str(value)

    def control(self, value: Any) -> Any:
        """The value as its control holds it (list for multi, ISO text for dates, "" for empty text)."""
        if self.kind is Kind.MULTI:
            return list(value)
        if self.kind is Kind.DATE:
            return value.isoformat() if value else None
        if self.kind is Kind.TEXT:
            return value or ""
        return value


def _shown(raw: object) -> str:
    text = raw if isinstance(raw, str) else repr(raw)
    text = _CONTROL_CHARS.sub("�", text)
    return text if len(text) <= 40 else text[:39] + "…"


def _possible(allowed: Mapping[Any, str]) -> str:
    if not allowed or len(allowed) > _LIST_IN_NOTE:
        return ""
    return " (möglich: " + ", ".join(allowed.values()) + ")"


def _integer(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise Invalid(f"„{_shown(raw)}“ ist keine Zahl")
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10 or not 0 < int(text) <= MAX_ID:
        raise Invalid(f"„{_shown(raw)}“ ist keine gültige Nummer")
    return int(text)


def _day(raw: object) -> date:
    if isinstance(raw, str):
        text = raw.strip()
        for parse in (date.fromisoformat, lambda t: datetime.fromisoformat(t).date(), _german_date):
            try:
                return parse(text)
            except ValueError:
                continue
    raise Invalid(f"„{_shown(raw)}“ ist kein Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)")


def _german_date(text: str) -> date:
    return datetime.strptime(text, "%d.%m.%Y").date()


class FilterModel:
    """Base of a page's filter model (a frozen dataclass whose attributes are named by ``FIELDS``)."""

    FIELDS: ClassVar[tuple[Field, ...]] = ()

    @classmethod
    def field(cls, key: str) -> Field:
        return next(f for f in cls.FIELDS if f.key == key)

    @classmethod
    def from_query(cls, query: Mapping[str, str], choices: Choices | None = None) -> tuple[Self, list[str]]:
        """The model for a URL query, with a German note for every value that was dropped."""
        notes: list[str] = []
        return cls._build(query, choices, notes), notes

    @classmethod
    def from_values(cls, values: object, choices: Choices | None = None) -> Self:
        """The model for control values or store contents (keyed like the URL); invalid values are dropped."""
        return cls._build(values if isinstance(values, Mapping) else {}, choices, None)

    @classmethod
    def _build(cls, values: Mapping, choices: Choices | None, notes: list[str] | None) -> Self:
        kwargs: dict[str, Any] = {}
        for spec in cls.FIELDS:
            raw = values.get(spec.key)
            if raw is None or raw == "" or raw == [] or raw is False:
                continue
            try:
                kwargs[spec.attr] = spec.parse(raw, choices)
            except Invalid as problem:
                if problem.kept:
                    kwargs[spec.attr] = problem.kept
                if notes is not None:
                    notes.append(f"{spec.label}: {problem} – der Wert wurde ignoriert.")
        return cls(**kwargs).checked(choices, notes)

    def checked(self, choices: Choices | None, notes: list[str] | None) -> Self:
        """Rules across fields (e.g. a reversed period); override where a page has them."""
        return self

    def to_params(self, stored_only: bool = False) -> dict[str, str]:
        """URL parameters (also the store's contents) for every value that differs from its default."""
        return {spec.key: spec.param(value) for spec, value in self.active_values() if spec.stored or not stored_only}

    def to_query(self) -> str:
        """``?key=value&…`` in the order of ``FIELDS``; ``""`` when everything is at its default."""
        params = self.to_params()
        return "?" + urlencode(params) if params else ""

    def to_store(self) -> dict[str, str]:
        return self.to_params(stored_only=True)

    def describe(self, choices: Choices | None = None, skip: tuple[str, ...] = ()) -> str:
        """The active filters in words, as a chart's subtitle says them: ``Programm: KlikKS · Status:
        Geplant, Verzögert · Nur überfällige``. Values are named by their label where the vocabulary or
        the ``choices`` passed in know one; fields not stored (view switches) and ``skip`` keys are left out."""
        parts = []
        for spec, value in self.active_values():
            if not spec.stored or spec.key in skip:
                continue
            if spec.kind is Kind.FLAG:
                parts.append(spec.label)
                continue
            allowed = spec.allowed(choices)
            named = allowed if isinstance(allowed, Mapping) else {}
            items = value if spec.kind is Kind.MULTI else (value,)
            words = [german_day(item) if isinstance(item, date) else str(named.get(item, item)) for item in items]
            if spec.kind is Kind.TEXT:
                words = [f"„{word}“" for word in words]
            parts.append(f"{spec.label}: {', '.join(words)}")
        return " · ".join(parts)

    def active_values(self) -> list[tuple[Field, Any]]:
        """Each field whose value differs from its default, with that value."""
        defaults = {f.name: f.default for f in fields(self)}  # type: ignore[arg-type]
        return [
            (spec, value)
            for spec in self.FIELDS
            if (value := getattr(self, spec.attr)) not in (None, (), "", False) and value != defaults.get(spec.attr)
        ]

    def to_controls(self) -> dict[str, Any]:
        """Every field's control value, keyed by URL key."""
        return {spec.key: spec.control(getattr(self, spec.attr)) for spec in self.FIELDS}
