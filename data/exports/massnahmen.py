"""Export of the filtered measures as CSV (German Excel) and XLSX.

CSV: UTF-8 with BOM, ``;`` separated, decimal comma without thousands separators, dates as
TT.MM.JJJJ, empty cells for unknown values — so German Excel opens it correctly and numbers stay
numbers. Both formats neutralise text that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
``@``, tab, carriage return at the start) by prefixing an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from data import vocab
from data.models import Measure, Municipality, Program, State
from data.queries.massnahmen_grid import grid_conditions
from data.queries.measure_filters import OPEN_STATUSES, MeasureFilter, apply_filter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# header, column (or computed key), kind
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("Nr.", "code", "text"),
    ("Titel", "title", "text"),
    ("Programm", "program", "text"),
    ("Handlungsfeld", "sector", "text"),
    ("Land", "state", "text"),
    ("Kommune", "municipality", "text"),
    ("Status", "status", "text"),
    ("Fortschritt (%)", "progress_pct", "int"),
    ("Verantwortlich", "responsible", "text"),
    ("Beteiligt", "involved", "text"),
    ("Beginn", "started_on", "date"),
    ("Geplanter Abschluss", "planned_completion_on", "date"),
    ("Überfällig", "overdue", "text"),
    ("Abgeschlossen am", "completed_on", "date"),
    ("CO₂-Einsparung (t/Jahr)", "co2_t_per_year", "decimal"),
    ("Kosten (€)", "cost_eur", "decimal"),
    ("Fördermittel (€)", "funding_eur", "decimal"),
    ("Schritte / Fortschritte", "steps", "text"),
    ("Zuletzt aktualisiert", "updated_at", "date"),
    ("Aktualisiert von", "updated_by", "text"),
)


def export_rows(session: Session, flt: MeasureFilter, filter_model: dict | None = None) -> Iterator[dict]:
    """The filtered measures (page filter plus the grid's column filters), streamed in code order."""
    query = (
        select(
            Measure.code,
            Measure.title,
            Program.short_name.label("program"),
            Measure.sector,
            State.name.label("state"),
            Municipality.name.label("municipality"),
            Measure.status,
            Measure.progress_pct,
            Measure.responsible,
            Measure.involved,
            Measure.started_on,
            Measure.planned_completion_on,
            Measure.completed_on,
            Measure.co2_t_per_year,
            Measure.cost_eur,
            Measure.funding_eur,
            Measure.steps,
            Measure.updated_at,
            Measure.updated_by,
        )
        .select_from(Measure)
        .join(Program, Program.id == Measure.program_id)
        .outerjoin(Municipality, Municipality.id == Measure.municipality_id)
        .outerjoin(State, State.code == Measure.state_code)
    )
    query = apply_filter(query, flt).where(*grid_conditions(filter_model or {})).order_by(Measure.code)
    for row in session.execute(query.execution_options(yield_per=2000)):
        record = dict(row._mapping)
        planned = record["planned_completion_on"]
        record["overdue"] = "ja" if planned and planned < flt.today and record["status"] in OPEN_STATUSES else "nein"
        record["status"] = vocab.MEASURE_STATUSES.get(record["status"], record["status"])
        yield record


def neutralise(text: str) -> str:
    """Text that a spreadsheet would evaluate as a formula is prefixed with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind == "date":
        day = value.date() if isinstance(value, datetime) else value
        return f"{day:%d.%m.%Y}"
    if kind in ("decimal", "int"):
        return format(Decimal(str(value)).normalize(), "f").replace(".", ",")
    return neutralise(str(value))


def to_csv(rows: Iterator[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([header for header, _key, _kind in COLUMNS])
    for row in rows:
        writer.writerow([_csv_cell(row[key], kind) for _header, key, kind in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "date":
        return value.date() if isinstance(value, datetime) else value
    if kind == "decimal":
        return float(value)
    if kind == "int":
        return int(value)
    return neutralise(str(value))


def to_xlsx(rows: Iterator[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Maßnahmen"
    sheet.append([header for header, _key, _kind in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = {"date": "DD.MM.YYYY", "decimal": "#,##0.00", "int": "0"}
    for row in rows:
        sheet.append([_xlsx_cell(row[key], kind) for _header, key, kind in COLUMNS])
    for index, (_header, _key, kind) in enumerate(COLUMNS, start=1):
        if kind in formats:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = formats[kind]
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(kind: str, today: date) -> str:
    return f"massnahmen-{today:%Y-%m-%d}.{kind}"


def export_file(session: Session, kind: str, flt: MeasureFilter, filter_model: dict | None = None) -> bytes:
    """The filtered measures as a CSV (``kind`` "csv") or XLSX file, written while the rows stream in."""
    rows = export_rows(session, flt, filter_model)
    return to_csv(rows) if kind == "csv" else to_xlsx(rows)
