"""The XLSX writer puts rows together as XML a block at a time: the workbook must be the one xlsxwriter
writes cell by cell through its own ``write_*`` methods (compared part by part), on tricky values and on
a 10 942-row export of either database, and read back as real numbers, dates and neutralised text."""

from __future__ import annotations

import io
import math
import tracemalloc
import zipfile
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

import pytest
import xlsxwriter
from openpyxl import load_workbook

from bench.large_measures import generate
from data.exports import xlsx
from data.exports.cells import ExportColumns, neutralise
from data.exports.massnahmen import COLUMNS, SHEET_TITLE, export_rows, to_xlsx
from data.queries.measure_filters import MeasureFilter

TRICKY_COLUMNS: ExportColumns = (
    ("Text", "text", "text"),
    ("Zahl", "int", "int"),
    ("Tag", "day", "date"),
    ("Betrag", "amount", "decimal"),
    ("Noch Text", "more", "text"),
)
TRICKY_TEXTS = [
    "Konsum & Ernährung",
    "a < b > c",
    "=SUMME(A1)",
    "+49 251",
    "-3",
    "@x",
    "\tTab vorn",
    "\rWagenrücklauf",
    " Leerzeichen vorn",
    "hinten ",
    "\xa0geschützt",
    "Zeile 1\nZeile 2",
    "Zeile\n",
    "Steuer\x01zeichen",
    "schon _x0041_ kodiert",
    "_x00e4_",
    "Emoji 😀",
    "",
    "x" * 32_766 + "😀y",  # over a cell's 32 767 UTF-16 units: cut before the emoji
    "\n".join(["=A1"] * 3),
    "Schritte; „Übergabe“ geplant",
]


def reference_xlsx(rows, path: str, columns: ExportColumns, title: str) -> None:
    """The workbook as xlsxwriter writes it cell by cell (the writer before the block writer)."""
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet(title)
    bold = workbook.add_format({"bold": True})
    for col, (header, _key, _kind) in enumerate(columns):
        sheet.write_string(0, col, header, bold)
    sheet.freeze_panes(1, 2)
    formats = {
        "date": workbook.add_format({"num_format": "DD.MM.YYYY"}),
        "decimal": workbook.add_format({"num_format": "#,##0.00"}),
        "int": workbook.add_format({"num_format": "0"}),
    }
    for row_number, row in enumerate(rows, start=1):
        for col, ((_header, _key, kind), value) in enumerate(zip(columns, row, strict=True)):
            if value is None:
                continue
            if kind == "date":
                day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
                sheet.write_datetime(row_number, col, day.date() if isinstance(day, datetime) else day, formats[kind])
            elif kind in formats:
                sheet.write_number(row_number, col, float(value), formats[kind])
            else:
                sheet.write_string(row_number, col, neutralise(value if isinstance(value, str) else str(value)))
    workbook.close()


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        # The creation time is the only part that may differ between two runs.
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def _tricky_rows() -> list[tuple]:
    days = [
        date(2025, 2, 28),
        "2025-02-28",
        "2024-02-29 23:59:59.123456",
        datetime(2026, 1, 1, 8, 30),
        date(1900, 1, 15),
    ]
    amounts = [10.5, 0.1 + 0.2, Decimal("1234.50"), 1e20, 7, Decimal("-0.01"), 123456789.123456789]
    rows = [("Erste Zeile", 1, date(2025, 1, 1), 1.5, "voll")]  # every kind first used in column order
    for number, text in enumerate(TRICKY_TEXTS * 3):
        rows.append(
            (
                text if number % 4 else None,
                None if number % 5 == 0 else number,
                None if number % 6 == 0 else days[number % len(days)],
                None if number % 7 == 0 else amounts[number % len(amounts)],
                42 if number % 9 == 0 else text[::-1],  # a number in a text column is written as text
            )
        )
    return rows


@pytest.mark.parametrize("block", [xlsx.ROW_BLOCK, 4])  # one block, and many blocks with a part block last
def test_block_writer_writes_what_xlsxwriter_writes_cell_by_cell(tmp_path, monkeypatch, block):
    monkeypatch.setattr(xlsx, "ROW_BLOCK", block)
    rows = _tricky_rows()
    xlsx.write_xlsx(iter(rows), str(tmp_path / "block.xlsx"), TRICKY_COLUMNS, "Prüfung")
    reference_xlsx(rows, str(tmp_path / "cells.xlsx"), TRICKY_COLUMNS, "Prüfung")
    assert _parts(tmp_path / "block.xlsx") == _parts(tmp_path / "cells.xlsx")


def test_nothing_to_export_is_the_header_alone(tmp_path):
    xlsx.write_xlsx(iter([]), str(tmp_path / "block.xlsx"), COLUMNS, SHEET_TITLE)
    reference_xlsx([], str(tmp_path / "cells.xlsx"), COLUMNS, SHEET_TITLE)
    block, cells = _parts(tmp_path / "block.xlsx"), _parts(tmp_path / "cells.xlsx")
    # The block writer declares the columns' number formats up front, used or not.
    block.pop("xl/styles.xml"), cells.pop("xl/styles.xml")
    assert block == cells
    rows = list(load_workbook(tmp_path / "block.xlsx").active.iter_rows(values_only=True))
    assert rows == [tuple(header for header, _key, _kind in COLUMNS)]


def test_tricky_values_read_back(tmp_path):
    rows = [
        ("<r>kein Rich Text</r>", 1, "2025-02-28", Decimal("NaN"), "Konsum & Ernährung"),
        (" =A1", None, datetime(2025, 2, 28, 23, 59), float("inf"), "\x02"),
    ]
    path = tmp_path / "tricky.xlsx"
    xlsx.write_xlsx(iter(rows), str(path), TRICKY_COLUMNS, "Prüfung")
    sheet = load_workbook(path).active
    first, second = (list(row) for row in sheet.iter_rows(min_row=2, values_only=True))
    # xlsxwriter would copy text shaped like its rich-string markup into the file unescaped.
    assert first[0] == "<r>kein Rich Text</r>" and first[4] == "Konsum & Ernährung"
    assert first[2] == datetime(2025, 2, 28) and first[3] is None  # NaN: an empty cell, not a broken file
    assert second[0] == " =A1" and second[2] == datetime(2025, 2, 28) and second[3] is None
    assert sheet.cell(3, 5).value == "_x0002_"  # as Excel writes a control character


@pytest.mark.parametrize("count", [6, 7, 1003])
def test_rows_beyond_a_sheet_continue_on_the_next_under_the_same_header(tmp_path, monkeypatch, count):
    """A national export has more rows than Excel's sheet: none may be lost (here a sheet holds 3 or 500)."""
    per_sheet = 500 if count > 100 else 3
    monkeypatch.setattr(xlsx, "ROW_BLOCK", 2)  # blocks end inside and at a sheet's last row
    rows = [(f"Zeile {n}", n, "2025-02-28", Decimal("1.5"), None) for n in range(count)]
    path = tmp_path / "sheets.xlsx"
    xlsx.write_xlsx(iter(rows), str(path), TRICKY_COLUMNS, "Maßnahmen", rows_per_sheet=per_sheet)
    book = load_workbook(path, read_only=True)
    sheets = -(-count // per_sheet)
    assert book.sheetnames == ["Maßnahmen"] + [f"Maßnahmen ({n})" for n in range(2, sheets + 1)]
    header = tuple(header for header, _key, _kind in TRICKY_COLUMNS)
    numbers = []
    for sheet in book.worksheets:
        found = list(sheet.iter_rows(values_only=True))
        assert found[0] == header and 1 <= len(found) - 1 <= per_sheet
        numbers += [row[1] for row in found[1:]]
    assert numbers == list(range(count))


def test_sheet_names_stay_within_excels_31_characters():
    assert xlsx._sheet_name("Maßnahmen", 1) == "Maßnahmen"
    long = "x" * 40
    assert xlsx._sheet_name(long, 1) == "x" * 31
    assert xlsx._sheet_name(long, 12) == "x" * 26 + " (12)"


def test_excel_serials_count_the_missing_leap_day():
    assert xlsx.excel_serial(date(1900, 1, 1)) == 1
    assert xlsx.excel_serial(date(1900, 2, 28)) == 59
    assert xlsx.excel_serial(date(1900, 3, 1)) == 61
    assert xlsx.excel_serial(date(2025, 2, 28)) == 45716


def test_ten_thousand_rows_of_either_database_as_xlsxwriter_writes_them_and_read_back(demo_db, tmp_path):
    generate(demo_db, 10_000, today=date(2025, 2, 28))
    with demo_db.session() as session:
        rows = [tuple(row) for row in export_rows(session, MeasureFilter())]
        data = to_xlsx(export_rows(session, MeasureFilter()))
    assert len(rows) == 10_942
    (tmp_path / "block.xlsx").write_bytes(data)
    reference_xlsx(rows, str(tmp_path / "cells.xlsx"), COLUMNS, SHEET_TITLE)
    assert _parts(tmp_path / "block.xlsx") == _parts(tmp_path / "cells.xlsx")

    book = load_workbook(io.BytesIO(data), read_only=True)
    sheet = book[SHEET_TITLE]
    read = sheet.iter_rows()
    assert [cell.value for cell in next(read)] == [header for header, _key, _kind in COLUMNS]
    number_formats = {"date": "DD.MM.YYYY", "decimal": "#,##0.00", "int": "0"}
    for row, cells in zip(rows, read, strict=True):
        for (_header, key, kind), value, cell in zip(COLUMNS, row, cells, strict=False):
            if value is None:
                assert cell.value is None, key
            elif kind == "date":
                day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
                day = day.date() if isinstance(day, datetime) else day
                assert cell.value == datetime(day.year, day.month, day.day), key
                assert cell.number_format == number_formats[kind] and cell.is_date
            elif kind in number_formats:
                assert math.isclose(cell.value, float(value), rel_tol=1e-15), key
                assert cell.number_format == number_formats[kind], key
            else:
                assert cell.value == neutralise(value), key
    book.close()


def test_memory_does_not_grow_with_the_rows(demo_db, tmp_path):
    """Streamed rows of either database: 10 942 rows need no more memory than 1 000 (a block's XML, the
    days seen), as neither the rows nor the file are ever held whole."""
    generate(demo_db, 10_000, today=date(2025, 2, 28))

    def peak(limit: int | None) -> int:
        with demo_db.session() as session:
            rows = islice(export_rows(session, MeasureFilter()), limit)
            tracemalloc.start()
            try:
                xlsx.write_xlsx(rows, str(tmp_path / "export.xlsx"), COLUMNS, SHEET_TITLE)
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    small, large = peak(1_000), peak(None)
    assert large < small * 1.5, (small, large)
