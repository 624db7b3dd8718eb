"""Export of the filtered measures as CSV (German Excel) and XLSX, written row by row.

CSV: UTF-8 with BOM, ``;`` separated, decimal comma without thousands separators, dates as
TT.MM.JJJJ, empty cells for unknown values — so German Excel opens it correctly and numbers stay
numbers. Both formats neutralise text that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
``@``, tab, carriage return at the start) by prefixing an apostrophe.

Both writers take the rows as an iterator and never hold the whole export: CSV is produced in chunks
for a streamed response, XLSX is written by xlsxwriter in ``constant_memory`` mode (row by row into
a file), so 150 000 measures cost the same memory as 1 000.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from data import vocab
from data.db import Database
from data.models import Measure, Municipality, Program, State
from data.queries.massnahmen_grid import grid_conditions
from data.queries.measure_filters import OPEN_STATUSES, MeasureFilter, apply_filter, with_default_stand

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
    ("Version", "version", "int"),  # a re-import reports a row changed since the export as a conflict
)


def export_rows(session: Session, flt: MeasureFilter, filter_model: dict | None = None) -> Iterator[dict]:
    """The filtered measures (page filter plus the grid's column filters), streamed in code order."""
    flt = with_default_stand(session, flt)
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
            Measure.version,
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
        record["overdue"] = "ja" if planned and planned < flt.day and record["status"] in OPEN_STATUSES else "nein"
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
        text = str(value)
        if "e" in text or "E" in text:  # rare exponent forms: let Decimal write them out
            text = format(Decimal(text).normalize(), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return neutralise(str(value))


def csv_chunks(rows: Iterable[dict], batch: int = 1000) -> Iterator[bytes]:
    """The CSV file in pieces: BOM and header first, then ``batch`` rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([header for header, _key, _kind in COLUMNS])
    for number, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(row[key], kind) for _header, key, kind in COLUMNS])
        if number % batch == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_csv(rows: Iterable[dict]) -> bytes:
    return b"".join(csv_chunks(rows))


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


def write_xlsx(rows: Iterable[dict], path: str) -> None:
    """Write the XLSX file to ``path`` row by row (real numbers and dates with German display formats)."""
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet("Maßnahmen")
        formats = {
            "date": workbook.add_format({"num_format": "DD.MM.YYYY"}),
            "decimal": workbook.add_format({"num_format": "#,##0.00"}),
            "int": workbook.add_format({"num_format": "0"}),
        }
        bold = workbook.add_format({"bold": True})
        for col, (header, _key, _kind) in enumerate(COLUMNS):
            sheet.write_string(0, col, header, bold)
        sheet.freeze_panes(1, 2)
        for row_number, row in enumerate(rows, start=1):
            for col, (_header, key, kind) in enumerate(COLUMNS):
                value = _xlsx_cell(row[key], kind)
                if value is None:
                    continue
                if kind == "date":
                    sheet.write_datetime(row_number, col, value, formats["date"])
                elif kind in formats:
                    sheet.write_number(row_number, col, value, formats[kind])
                else:
                    sheet.write_string(row_number, col, value)
    finally:
        workbook.close()


def xlsx_chunks(rows: Iterable[dict], chunk: int = 256 * 1024) -> Iterator[bytes]:
    """Write the XLSX into a temporary file, then hand it out in pieces and delete it."""
    handle, path = tempfile.mkstemp(prefix="massnahmen-", suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsx(rows, path)
        with open(path, "rb") as file:
            while piece := file.read(chunk):
                yield piece
    finally:
        os.unlink(path)


def to_xlsx(rows: Iterable[dict]) -> bytes:
    return b"".join(xlsx_chunks(rows))


def export_filename(kind: str, today: date) -> str:
    return f"massnahmen-{today:%Y-%m-%d}.{kind}"


def export_chunks(db: Database, kind: str, flt: MeasureFilter, filter_model: dict | None = None) -> Iterator[bytes]:
    """The CSV (``kind`` "csv") or XLSX file in pieces for a streamed response; the rows come from a
    server-side cursor in a session of its own that stays open only while the file is produced."""
    writer = csv_chunks if kind == "csv" else xlsx_chunks
    with db.session() as session:
        yield from writer(export_rows(session, flt, filter_model))
