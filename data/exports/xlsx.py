"""The XLSX writer of every export: xlsxwriter lays out the workbook (styles, header, frozen panes, the
package), the data rows' XML is put together here, a block of rows at a time.

Why not xlsxwriter's ``write_*`` for every cell: in ``constant_memory`` mode each cell passes an
argument check, a dimension check, a cell tuple, an attribute list and three regular expressions — about
6 µs, 17 s for the 3 million cells of 150 000 measures. Here a block's column is formatted at once: its
text is checked for anything that needs care (formula-like starts, control characters, edge whitespace,
over-long text) by string methods over the whole block, which nearly never hit, so the usual cell is
one f-string; days become Excel serials once per distinct day. The XML is the one xlsxwriter writes for the
same cells (a test compares both files part by part), except that text looking like xlsxwriter's rich
string markup (``<r>…</r>``) stays text instead of being copied in unescaped.

The file is written in constant memory: the rows go into xlsxwriter's temporary row file as they come.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from data.exports.cells import FORMULA_LINE, ExportColumns, neutralise

ROW_BLOCK = 500
MAX_CELL_UTF16 = 32_767
"""Excel keeps at most this many UTF-16 code units in a cell; xlsxwriter cuts longer text there."""

# Excel writes a control character as _xHHHH_ and protects text that already looks like one. In a
# block they are looked for as bytes: UTF-8 encodes no other character with a byte below 0x20.
_CONTROL_BYTES = bytes(set(range(0x20)) - {0x09, 0x0A})
_ESCAPE_FORM = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")

CellsOfColumn = Callable[[Sequence[str], Sequence[object]], list[str]]
"""Turns a block's row numbers (as text) and one column's values into that column's cell XML."""


class BlockWorksheet(Worksheet):
    """xlsxwriter's worksheet that also takes whole rows of cell XML (``constant_memory`` mode).

    It uses xlsxwriter's row bookkeeping (dimensions, the pending row, the temporary row file); the
    tests compare its files with xlsxwriter's own, so a change there shows at once."""

    def append_rows_xml(self, last_row: int, last_col: int, xml: str) -> None:
        """Add rows up to ``last_row`` (0-based) already written as ``<row>`` XML, after any row
        written through xlsxwriter's own methods (the header)."""
        self._check_dimensions(last_row, last_col)
        self._write_single_row(last_row)  # the pending row written cell by cell goes out first
        self.row_data_fh.write(xml)


def excel_serial(day: date) -> int:
    """Excel's number for a day (1900 date system; Excel counts a 29 February 1900 that never was)."""
    days = (day - date(1899, 12, 31)).days
    return days + 1 if days > 59 else days


def _day_key(value: date | str) -> date | str:
    """What a day cell is looked up by: ISO text cut to the day (SQLite), else the day itself."""
    if isinstance(value, str):
        return value[:10]
    return value.date() if isinstance(value, datetime) else value


class _Serials(dict[date | str, str]):
    """Excel serials (as text) by day or ISO day text, each computed on its first lookup."""

    def __missing__(self, key: date | str) -> str:
        text = self[key] = str(excel_serial(date.fromisoformat(key[:10]) if isinstance(key, str) else key))
        return text


def _day_cells(letter: str, style: int) -> CellsOfColumn:
    """Days as Excel serials with the day format; a timestamp counts by its day. One conversion per
    distinct day of the export (a few thousand), not per cell."""
    head, middle = f'<c r="{letter}', f'" s="{style}"><v>'
    serials = _Serials()

    def cells(rows: Sequence[str], values: Sequence[object]) -> list[str]:
        try:
            first = next((value for value in values if value is not None), None)
            if isinstance(first, str):  # SQLite's ISO text, cut to the day
                keys = [None if value is None else value[:10] for value in values]  # type: ignore[index]
            elif isinstance(first, datetime):  # PostgreSQL's timestamps
                keys = [None if value is None else value.date() for value in values]  # type: ignore[attr-defined]
            else:
                keys = values  # type: ignore[assignment]
            return [
                "" if key is None else f"{head}{row}{middle}{serials[key]}</v></c>"  # type: ignore[index]
                for row, key in zip(rows, keys)  # noqa: B905
            ]
        except (TypeError, AttributeError):  # a block of mixed kinds: value by value
            return [
                "" if value is None else f"{head}{row}{middle}{serials[_day_key(value)]}</v></c>"  # type: ignore[arg-type]
                for row, value in zip(rows, values)  # noqa: B905
            ]

    return cells


def _number_cells(letter: str, style: int) -> CellsOfColumn:
    """Numbers (whole or decimal, float or ``Decimal``) as xlsxwriter writes them (16 significant
    digits); a value that is no finite number (PostgreSQL's ``NaN``) is left empty."""
    head, middle = f'<c r="{letter}', f'" s="{style}"><v>'

    def cells(rows: Sequence[str], values: Sequence[object]) -> list[str]:
        numbers = [None if value is None else float(value) for value in values]  # type: ignore[arg-type]
        if not math.isfinite(sum(filter(None, numbers))):  # NaN or infinity (or a sum beyond floats)
            numbers = [None if number is None or not math.isfinite(number) else number for number in numbers]
        return [
            "" if number is None else f"{head}{row}{middle}{number:.16G}</v></c>"
            for row, number in zip(rows, numbers)  # noqa: B905
        ]

    return cells


def _text_cells(letter: str) -> CellsOfColumn:
    """Inline text cells; the block is searched once, and only a hit sends it through cell by cell."""
    head, middle = f'<c r="{letter}', '" t="inlineStr"><is><t'

    def careful(row: str, value: object) -> str:
        text = neutralise(value if isinstance(value, str) else str(value))
        text = _excel_length(text)
        text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", _ESCAPE_FORM.sub(r"_x005F\1", text))
        space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
        return f"{head}{row}{middle}{space}>{_xml_escaped(text)}</t></is></c>"

    def cells(rows: Sequence[str], values: Sequence[object]) -> list[str]:
        present = [value for value in values if value]
        try:
            careless = not _needs_care(present)  # type: ignore[arg-type]
        except TypeError:  # not all text: cell by cell
            careless = False
        if not careless:
            return ["" if value is None else careful(row, value) for row, value in zip(rows, values)]  # noqa: B905
        if _has_xml_special("".join(present)):  # type: ignore[arg-type]
            values = [value if value is None else _xml_escaped(value) for value in values]  # type: ignore[arg-type]
        return [
            "" if value is None else f"{head}{row}{middle}>{value}</t></is></c>"
            for row, value in zip(rows, values)  # noqa: B905
        ]

    return cells


def _needs_care(texts: list[str]) -> bool:
    """Whether any of the texts needs more than XML escaping: a formula-like start, a control
    character or text in its escape form, leading or trailing whitespace, more than a cell holds.
    Each test runs in C over the whole block; almost never does one hit."""
    joined = "\n".join(texts)
    encoded = joined.encode("utf-8", "surrogatepass")
    return bool(
        FORMULA_LINE.search(joined)
        or len(encoded.translate(None, _CONTROL_BYTES)) != len(encoded)
        or ("_x" in joined and _ESCAPE_FORM.search(joined))
        or list(map(str.strip, texts)) != texts
        or (len(joined) > MAX_CELL_UTF16 // 2 and max(map(len, texts)) > MAX_CELL_UTF16 // 2)
    )


def _has_xml_special(text: str) -> bool:
    return "&" in text or "<" in text or ">" in text


def _xml_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _excel_length(text: str) -> str:
    """Text cut to what a cell holds, never inside a character beyond U+FFFF (as xlsxwriter cuts)."""
    if len(text) <= MAX_CELL_UTF16 // 2 or len(text.encode("utf-16-le", "surrogatepass")) // 2 <= MAX_CELL_UTF16:
        return text
    length = 0
    for index, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > MAX_CELL_UTF16:
            return text[:index]
    return text


EXCEL_DATA_ROWS = 1_048_575
"""Rows a sheet holds below its header (Excel's last row is 1 048 576)."""


def _sheet_name(title: str, number: int) -> str:
    """``Maßnahmen``, then ``Maßnahmen (2)`` …, within Excel's 31 characters."""
    if number == 1:
        return title[:31]
    suffix = f" ({number})"
    return title[: 31 - len(suffix)] + suffix


def write_xlsx(
    rows: Iterable[Sequence], path: str, columns: ExportColumns, title: str, rows_per_sheet: int = EXCEL_DATA_ROWS
) -> None:
    """Write the XLSX file to ``path``: a bold header, frozen below it and beside the first two columns,
    then the rows — days as dates (TT.MM.JJJJ), amounts and whole numbers as numbers with German
    display formats, text neutralised. Rows beyond a sheet's last row continue on the next sheet
    (``Maßnahmen (2)`` …) under the same header, so a national export loses no row."""
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    try:
        bold = workbook.add_format({"bold": True})
        formats = {
            "date": workbook.add_format({"num_format": "DD.MM.YYYY"}),
            "decimal": workbook.add_format({"num_format": "#,##0.00"}),
            "int": workbook.add_format({"num_format": "0"}),
        }
        # A format's number in the file is given on first use: the header's first, then the columns'.
        bold._get_xf_index()
        writers: list[CellsOfColumn] = []
        for col, (_header, _key, kind) in enumerate(columns):
            letter = xl_col_to_name(col)
            if kind == "date":
                writers.append(_day_cells(letter, formats[kind]._get_xf_index()))
            elif kind in ("decimal", "int"):
                writers.append(_number_cells(letter, formats[kind]._get_xf_index()))
            else:
                writers.append(_text_cells(letter))
        last_col = len(columns) - 1
        rows = iter(rows)
        block = list(islice(rows, min(ROW_BLOCK, rows_per_sheet)))
        number = 1
        while True:  # the first sheet even without rows: the header alone
            sheet = workbook.add_worksheet(_sheet_name(title, number), worksheet_class=BlockWorksheet)
            for col, (header, _key, _kind) in enumerate(columns):
                sheet.write_string(0, col, header, bold)
            sheet.freeze_panes(1, 2)
            written = 0
            while block:
                numbers = [str(row) for row in range(written + 2, written + 2 + len(block))]
                cells = [write(numbers, values) for write, values in zip(writers, zip(*block, strict=True))]  # noqa: B905
                xml = "".join(
                    f'<row r="{row}">{"".join(cells_of_row)}</row>'
                    for row, cells_of_row in zip(numbers, zip(*cells))  # noqa: B905
                )
                written += len(block)
                sheet.append_rows_xml(written, last_col, xml)
                if written == rows_per_sheet:
                    break
                block = list(islice(rows, min(ROW_BLOCK, rows_per_sheet - written)))
            block = list(islice(rows, min(ROW_BLOCK, rows_per_sheet))) if written == rows_per_sheet else []
            if not block:
                break
            number += 1
    finally:
        workbook.close()


def xlsx_chunks(
    rows: Iterable[Sequence], columns: ExportColumns, title: str, chunk: int = 256 * 1024
) -> Iterator[bytes]:
    """Write the XLSX into a temporary file, then hand it out in pieces and delete it."""
    handle, path = tempfile.mkstemp(prefix="export-", suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsx(rows, path, columns, title)
        with open(path, "rb") as file:
            while piece := file.read(chunk):
                yield piece
    finally:
        os.unlink(path)
