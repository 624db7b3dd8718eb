""" "Letzte Änderungen" in German words: what was changed (with a link), which field, old → new, by whom."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import dcc, html

from data.queries.changes import ENTITY_LABELS, AuditedField, audited_field
from layouts import format as fmt


def changes_list(changes: pd.DataFrame, empty_note: str) -> html.Ul | html.P:
    if changes.empty:
        return html.P(empty_note, className="text-muted")
    return html.Ul([_change_item(row) for row in changes.itertuples()], className="change-list")


def _change_item(row) -> html.Li:
    field = audited_field(row.table_name, row.field)
    subject = _present(row.subject) or ENTITY_LABELS.get(row.table_name, "Eintrag")
    if _present(row.measure_id):
        title = dcc.Link(subject, href=f"/massnahmen/{int(row.measure_id)}")
    elif _present(row.cohort_id):
        title = dcc.Link(subject, href=f"/kohorten/{int(row.cohort_id)}")
    else:
        title = subject
    return html.Li(
        [
            html.Div(fmt.moment(row.changed_at), className="change-time"),
            html.Div(title, className="change-title"),
            html.Div(f"{change_sentence(row, field)} · {row.actor}", className="change-detail"),
        ]
    )


def change_sentence(row, field: AuditedField) -> str:
    """E.g. "Status: Geplant → In Umsetzung" or "Anwesenheit von MS5-07 bei „Auftakt“: anwesend → nicht anwesend"."""
    old, new = change_value(field, row.old_value), change_value(field, row.new_value)
    who = f" von {row.participant}" if _present(row.participant) else ""
    if row.table_name == "update_requests":
        return f"Frage nach!: „{new}“" if _present(row.new_value) else "Frage nach! ohne Nachricht"
    if row.table_name == "attendance":
        where = f" bei „{row.detail}“" if _present(row.detail) else ""
        return f"Anwesenheit{who}{where}: {old} → {new}"
    if row.table_name == "goals":
        goal = f" („{row.detail}“)" if _present(row.detail) else ""
        return f"Ziel{who}{goal} – {field.label}: {old} → {new}"
    if row.table_name == "enrollments":
        return f"Teilnahme{who} – {field.label}: {old} → {new}"
    return f"{field.label}: {old} → {new}"


def change_value(field: AuditedField, raw: str | None) -> str:
    """A stored audit value in German: labels for keys, German dates and numbers with their unit."""
    if not _present(raw):
        return fmt.UNKNOWN
    if field.kind == "choice" and field.choices:
        return field.choices.get(raw, raw)
    if field.kind == "presence":
        return "anwesend" if raw == "ja" else "nicht anwesend"
    try:
        if field.kind == "date":
            return fmt.day(date.fromisoformat(raw[:10]))
        if field.kind == "number":
            return f"{fmt.quantity(float(raw), field.decimals)} {field.unit}".strip()
    except ValueError:
        return raw  # written by an older version in another form: show it as stored
    return raw


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value != ""


def no_changes_note(program: str, start: date, end: date) -> str:
    return f"Keine Änderungen an Einträgen von {program} zwischen {fmt.day(start)} und {fmt.day(end)}."
