"""The editable fields of a measure: one spec per field, read by the command and by the grid's columns.

How a raw value (from a grid cell, a form or a file) is checked lives in :mod:`data.commands.fields`
and :mod:`data.commands.inputs`; this module only declares the fields.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from data import vocab
from data.commands.fields import FieldSpec, Kind, as_text, parse_changes, same

MEASURE_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("status", "Status", Kind.CHOICE, required=True, options=vocab.MEASURE_STATUSES),
        FieldSpec("progress_pct", "Fortschritt", Kind.INTEGER, maximum=Decimal(100), unit="%"),
        FieldSpec("responsible", "Verantwortlich", Kind.TEXT, max_length=200),
        FieldSpec("involved", "Beteiligt", Kind.TEXT, max_length=400),
        FieldSpec("planned_completion_on", "Geplanter Abschluss", Kind.DATE),
        FieldSpec("co2_t_per_year", "CO₂-Einsparung", Kind.DECIMAL, maximum=Decimal(10**9), decimals=2, unit="t/Jahr"),
        FieldSpec("cost_eur", "Kosten", Kind.DECIMAL, maximum=Decimal(10**11), decimals=2, unit="€"),
        FieldSpec("steps", "Schritte / Fortschritte", Kind.TEXT, max_length=4000, multiline=True),
    )
}


CODE_FIELD = FieldSpec("code", "Code", Kind.TEXT, max_length=32)  # blank on a new measure: generated
TITLE_FIELD = FieldSpec("title", "Titel", Kind.TEXT, required=True, max_length=200)

# What names a measure, changed on its own page ("Code und Titel ändern"): an existing measure keeps a code.
MEASURE_NAME_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec for spec in (replace(CODE_FIELD, required=True), TITLE_FIELD)
}

# A new measure: what it is and where it belongs, then the editable fields above (status defaults to geplant).
NEW_MEASURE_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        CODE_FIELD,
        TITLE_FIELD,
        FieldSpec("sector", "Handlungsfeld", Kind.TEXT, required=True, max_length=60),
        FieldSpec("started_on", "Beginn", Kind.DATE),
        *MEASURE_FIELDS.values(),
    )
}

__all__ = ["MEASURE_FIELDS", "MEASURE_NAME_FIELDS", "NEW_MEASURE_FIELDS", "as_text", "parse_measure_changes", "same"]


def parse_measure_changes(changes: object) -> dict[str, object]:
    """All raw values checked and converted to stored values; the first invalid one raises."""
    return parse_changes(MEASURE_FIELDS, changes)
