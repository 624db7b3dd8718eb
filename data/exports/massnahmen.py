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
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from itertools import islice

from sqlalchemy import ColumnElement, Float, Row, String, and_, case, select, type_coerce
from sqlalchemy.orm import Session

from data import vocab
from data.db import Database
from data.exports.cells import FORMULA_LINE, ExportColumns, neutralise
from data.exports.xlsx import xlsx_chunks
from data.models import Measure, Municipality, Program, State
from data.queries.massnahmen_grid import grid_conditions
from data.queries.measure_filters import OPEN_STATUSES, MeasureFilter, apply_filter, with_default_stand

SHEET_TITLE = "Maßnahmen"
COLUMNS: ExportColumns = (
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


def _read_as(kind: str, column: ColumnElement) -> ColumnElement:
    """How a column is read for the writers: days and amounts without SQLAlchemy's conversion to
    ``date`` / ``Decimal`` (SQLite hands over ISO text and floats, PostgreSQL dates and decimals —
    both writers take either), everything else as stored."""
    if kind == "date":
        return type_coerce(column, String)
    if kind == "decimal":
        return type_coerce(column, Float)
    return column


def export_rows(session: Session, flt: MeasureFilter, filter_model: dict | None = None) -> Iterator[Row]:
    """The filtered measures (page filter plus the grid's column filters) in code order, streamed from
    a server-side cursor as plain rows whose fields follow :data:`COLUMNS` (``row.code``, ``row[0]``).
    Overdue and the status label are decided in the query, so a row needs no work in Python."""
    flt = with_default_stand(session, flt)
    open_and_late = and_(Measure.planned_completion_on < flt.day, Measure.status.in_(OPEN_STATUSES))
    computed = {
        "program": Program.short_name,
        "state": State.name,
        "municipality": Municipality.name,
        "status": case(vocab.MEASURE_STATUSES, value=Measure.status, else_=Measure.status),
        "overdue": case((open_and_late, "ja"), else_="nein"),
    }
    query = (
        select(
            *(_read_as(kind, computed.get(key, getattr(Measure, key, None))).label(key) for _h, key, kind in COLUMNS)
        )
        .select_from(Measure)
        .join(Program, Program.id == Measure.program_id)
        .outerjoin(Municipality, Municipality.id == Measure.municipality_id)
        .outerjoin(State, State.code == Measure.state_code)
    )
    query = apply_filter(query, flt).where(*grid_conditions(filter_model or {})).order_by(Measure.code)
    result = session.connection().execute(query, execution_options={"stream_results": True, "yield_per": 2000})
    yield from result


def _day(value: date | str) -> date:
    """A day as the database hands it over: a ``date``/``datetime`` or ISO text (``2025-02-28 …``)."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime) else value


def _day_cell(value: date | str | None) -> str:
    """TT.MM.JJJJ; a timestamp counts by its day. (Cut from ISO text or put together from the parts:
    ``strftime`` costs several times more per cell.)"""
    if value is None:
        return ""
    if isinstance(value, str):
        return f"{value[8:10]}.{value[5:7]}.{value[:4]}"
    return "%02d.%02d.%04d" % (value.day, value.month, value.year)  # noqa: UP031


def _number_cell(scale: int | None) -> Callable[[object], str]:
    """Decimal comma, no thousands separator, no trailing zeros (``10.50`` → ``10,5``); a float is first
    rounded to the column's ``scale`` as SQLAlchemy's ``Numeric`` would (10 places without one)."""
    scale = 10 if scale is None else scale

    def cell(value: object) -> str:
        if value is None:
            return ""
        text = ("%.*f" % (scale, value)) if isinstance(value, float) else str(value)  # noqa: UP031
        if "e" in text or "E" in text:  # rare exponent forms: let Decimal write them out
            text = format(Decimal(text).normalize(), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")

    return cell


def _text_cell(value: str | None) -> str | None:
    """Formula-like text neutralised; ``None`` stays (the CSV writer writes it as an empty cell)."""
    return neutralise(value) if value else value


def _text_column(values: Sequence[str | None]) -> Iterable[str | None]:
    """A block of one text column, neutralised. Almost never does a value start like a formula, so the
    block is first searched as one string (at C speed); only a hit sends it through cell by cell."""
    if FORMULA_LINE.search("\n".join(filter(None, values))) is None:
        return values
    return map(_text_cell, values)


def _csv_columns(columns: ExportColumns) -> list[Callable[[Sequence], Iterable] | None]:
    """How each column of :data:`COLUMNS` turns a block of values into CSV cells; ``None`` where the
    CSV writer's own ``str`` is right (whole numbers; ``None`` becomes an empty cell)."""
    table = Measure.__table__.c
    formatters: list[Callable[[Sequence], Iterable] | None] = []
    for _header, key, kind in columns:
        if kind == "date":
            formatters.append(partial(map, _day_cell))
        elif kind == "decimal":
            scale = getattr(table[key].type, "scale", None) if key in table else None
            formatters.append(partial(map, _number_cell(scale)))
        elif kind == "int":
            formatters.append(None)
        else:
            formatters.append(_text_column)
    return formatters


def csv_chunks(rows: Iterable[Sequence], batch: int = 2000, columns: ExportColumns = COLUMNS) -> Iterator[bytes]:
    """The CSV file in pieces: BOM and header first, then ``batch`` rows at a time, formatted column
    by column (a block's column at once costs less than cell by cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([header for header, _key, _kind in columns])
    formatters = _csv_columns(columns)
    rows = iter(rows)
    while block := list(islice(rows, batch)):
        columns = zip(*block, strict=True)
        writer.writerows(
            zip(*(values if to_cells is None else to_cells(values) for to_cells, values in zip(formatters, columns)))  # noqa: B905
        )
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def to_csv(rows: Iterable[Sequence]) -> bytes:
    return b"".join(csv_chunks(rows))


def to_xlsx(rows: Iterable[Sequence]) -> bytes:
    return b"".join(xlsx_chunks(rows, COLUMNS, SHEET_TITLE))


def export_filename(kind: str, today: date) -> str:
    return f"massnahmen-{today:%Y-%m-%d}.{kind}"


def export_chunks(db: Database, kind: str, flt: MeasureFilter, filter_model: dict | None = None) -> Iterator[bytes]:
    """The CSV (``kind`` "csv") or XLSX file in pieces for a streamed response; the rows come from a
    server-side cursor in a session of its own that stays open only while the file is produced."""
    with db.session() as session:
        rows = export_rows(session, flt, filter_model)
        yield from csv_chunks(rows) if kind == "csv" else xlsx_chunks(rows, COLUMNS, SHEET_TITLE)
