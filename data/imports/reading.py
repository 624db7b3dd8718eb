"""Reading an uploaded file into a header and rows, with every size checked before the content is read.

CSV: UTF-8 (with or without BOM), else Windows-1252 (strict: bytes it does not define are refused);
``;``, ``,`` or tab as separator (detected by :class:`csv.Sniffer`, ``;`` when undecided); quoted fields
may hold line breaks. XLSX: read by python-calamine, which gives each cell's stored value — for a formula
the result Excel cached, never an evaluation. The archive's members are checked first (total unpacked
size and compression ratio), so a ZIP bomb is refused before anything is unpacked.

Row numbers are the ones a spreadsheet shows: the header is row 1 of the first data sheet.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from data.commands.errors import ValidationError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ROWS = 200_000
MAX_COLUMNS = 200  # no entity has more than ~25; a sheet of 1 M columns is refused
MAX_UNPACKED_FACTOR = 10  # an XLSX may unpack to at most ten times the upload limit
MAX_COMPRESSION_RATIO = 200  # real sheets compress by ~10–30; a ZIP bomb by thousands
CSV_SEPARATORS = ";,\t"
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
CSV_EXTENSIONS = (".csv", ".txt")
HELP_SHEETS = ("Erläuterung", "Werte")  # the templates' explanation and value lists: never the data

Cell = str | float | int | bool | date | datetime | time | None


class FileRefused(ValidationError):
    """The file as a whole cannot be read (wrong kind, too large, empty, no header); nothing was changed."""


@dataclass(frozen=True)
class Limits:
    """How much one import may hold; ``KLIKKS_IMPORT_MAX_MB`` and ``KLIKKS_IMPORT_MAX_ROWS`` override."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_rows: int = DEFAULT_MAX_ROWS

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        environ = os.environ if environ is None else environ
        try:
            megabytes = float(environ.get("KLIKKS_IMPORT_MAX_MB", "") or DEFAULT_MAX_BYTES / 1024 / 1024)
            rows = int(environ.get("KLIKKS_IMPORT_MAX_ROWS", "") or DEFAULT_MAX_ROWS)
        except ValueError:
            return cls()
        return cls(max_bytes=max(1, int(megabytes * 1024 * 1024)), max_rows=max(1, rows))

    @property
    def megabytes(self) -> str:
        return f"{self.max_bytes / 1024 / 1024:.0f}"


Row = tuple[int, list[Cell]]  # (spreadsheet row number, cells)


@dataclass(frozen=True)
class Table:
    """A file's header and data rows; ``rows`` yields (spreadsheet row number, cells) and knows its length."""

    header: list[str]
    rows: Sequence[Row] | CsvRows
    sheet: str | None = None


class CsvRows:
    """The data rows of a checked CSV text, parsed again on each pass instead of held as lists: the text
    costs a fraction of the memory its 150 000 rows of Python strings would."""

    def __init__(self, text: str, separator: str, count: int) -> None:
        self.text, self.separator, self.count = text, separator, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Row]:
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.separator, strict=True)
        next(reader, None)  # the header, row 1
        for number, record in enumerate(reader, start=2):
            if any(cell.strip() for cell in record):
                yield number, record


def check_size(size: int, limits: Limits) -> None:
    """Refuse a file larger than the limit — called before its content is read or decoded."""
    if size > limits.max_bytes:
        raise FileRefused(
            f"Die Datei ist zu groß ({size / 1024 / 1024:.1f} MB); erlaubt sind höchstens {limits.megabytes} MB."
        )
    if size == 0:
        raise FileRefused("Die Datei ist leer.")


def read_table(content: bytes, file_name: str, limits: Limits, sheet: str | None = None) -> Table:
    """The header and rows of a CSV or XLSX file; :class:`FileRefused` when it cannot be used."""
    check_size(len(content), limits)
    name = file_name.lower().strip()
    if name.endswith(XLSX_EXTENSIONS):
        table = _read_xlsx(content, limits, sheet)
    elif name.endswith(CSV_EXTENSIONS):
        if sheet:
            raise FileRefused("Eine CSV-Datei hat keine Tabellenblätter; bitte ohne Blattnamen importieren.")
        table = _read_csv(content, limits)
    else:
        raise FileRefused("Bitte eine CSV- oder XLSX-Datei wählen (Dateiendung .csv oder .xlsx).")
    if not table.rows:
        raise FileRefused("Die Datei enthält nur die Kopfzeile und keine Datenzeilen.")
    return table


# --- CSV ------------------------------------------------------------------------------------------------


def decode_text(content: bytes) -> str:
    """UTF-8 (BOM optional), else Windows-1252; binary content is refused."""
    if b"\x00" in content[:65536]:
        raise FileRefused("Die Datei ist keine Textdatei (CSV). Bitte eine CSV- oder XLSX-Datei wählen.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise FileRefused(
                "Die Datei ist weder UTF-8 noch Windows-1252 kodiert. Bitte als „CSV UTF-8“ speichern."
            ) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls:
        raise FileRefused("Die Datei enthält Steuerzeichen und ist keine lesbare CSV-Datei.")
    return text


def _separator(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_SEPARATORS).delimiter
    except csv.Error:
        first_line = sample.splitlines()[0] if sample else ""
        return max(CSV_SEPARATORS, key=lambda sep: (first_line.count(sep), sep == ";"))


def _read_csv(content: bytes, limits: Limits) -> Table:
    """One checking pass (separator, width, row count, CSV errors); the rows are read again when used."""
    text = decode_text(content)
    if not text.strip():
        raise FileRefused("Die Datei ist leer.")
    separator = _separator(text[:16384])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        header: list[str] | None = None
        count = 0
        for record in reader:
            if header is None:
                header = record
                _check_width(len(header))
                continue
            if not any(cell.strip() for cell in record):
                continue
            if count >= limits.max_rows:
                raise _too_many_rows(limits)
            count += 1
    except csv.Error as error:
        raise FileRefused(f"Die CSV-Datei ist fehlerhaft (Zeile {reader.line_num}): {error}.") from None
    if header is None or not any(cell.strip() for cell in header):
        raise FileRefused("Die Datei hat keine Kopfzeile.")
    return Table(header=header, rows=CsvRows(text, separator, count))


def _too_many_rows(limits: Limits) -> FileRefused:
    return FileRefused(f"Die Datei hat mehr als {limits.max_rows:,} Datenzeilen; bitte aufteilen.".replace(",", "."))


def _check_width(columns: int) -> None:
    if columns > MAX_COLUMNS:
        raise FileRefused(
            f"Die Tabelle hat {columns:,} Spalten; erwartet werden höchstens {MAX_COLUMNS}.".replace(",", ".")
        )


# --- XLSX -----------------------------------------------------------------------------------------------


def check_archive(content: bytes, limits: Limits) -> None:
    """An XLSX is a ZIP archive: refuse one that is not, or that would unpack to far more than it weighs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("Die Datei ist keine gültige XLSX-Datei (Excel-Arbeitsmappe).") from None
    with archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        packed = sum(member.compress_size for member in members) or 1
        if "xl/workbook.xml" not in {member.filename for member in members}:
            raise FileRefused("Die Datei ist keine gültige XLSX-Datei (Excel-Arbeitsmappe).")
        if unpacked > limits.max_bytes * MAX_UNPACKED_FACTOR or unpacked / packed > MAX_COMPRESSION_RATIO:
            raise FileRefused(
                "Die XLSX-Datei würde entpackt ein Vielfaches ihrer Größe belegen und wird nicht gelesen."
            )


_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')


def check_extent(content: bytes, limits: Limits) -> None:
    """Scan every sheet's cell references before a reader sees the file: a reader builds a dense grid up to
    the farthest cell, so one cell at XFD1048576 would cost gigabytes. Too many columns or rows is refused."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for member in archive.infolist():
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            with archive.open(member) as stream:
                tail = b""
                while chunk := stream.read(1 << 20):
                    data = tail + chunk
                    for letters, digits in _CELL_REF.findall(data):
                        _check_width(_column_number(letters))
                        if int(digits) > limits.max_rows + 1:
                            raise _too_many_rows(limits)
                    tail = data[-256:]


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _read_xlsx(content: bytes, limits: Limits, sheet_name: str | None) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    check_archive(content, limits)
    check_extent(content, limits)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = [meta.name for meta in workbook.sheets_metadata if str(meta.typ).endswith("WorkSheet")]
        if sheet_name:
            if sheet_name not in workbook.sheet_names:
                available = ", ".join(f"„{name}“" for name in names)
                raise FileRefused(f"Die Arbeitsmappe hat kein Blatt „{sheet_name}“ (vorhanden: {available}).")
            candidates = [sheet_name]
        else:
            candidates = [name for name in names if name not in HELP_SHEETS]
        for name in candidates:
            sheet = workbook.get_sheet_by_name(name)
            _check_width(sheet.total_width)
            if sheet.total_height > limits.max_rows + 1:
                raise _too_many_rows(limits)
            table = _sheet_table(sheet, limits)
            if table is not None and (table.rows or len(candidates) == 1):  # the first sheet with data rows
                return table
    except CalamineError as error:
        raise FileRefused(f"Die XLSX-Datei kann nicht gelesen werden ({str(error)[:120]}).") from None
    raise FileRefused("Die Datei enthält nur die Kopfzeile und keine Datenzeilen (in keinem Blatt).")


def _sheet_table(sheet, limits: Limits) -> Table | None:
    """The sheet's first non-empty row is the header; None for an empty sheet."""
    start_row = sheet.start[0] if sheet.start else 0
    header: list[str] | None = None
    header_width = 0
    rows: list[tuple[int, list[Cell]]] = []
    for index, record in enumerate(sheet.iter_rows()):
        number = start_row + index + 1
        if header is None:
            if any(not _blank(cell) for cell in record):
                header = ["" if _blank(cell) else str(cell) for cell in record]
                header_width = len(header)
            continue
        if all(_blank(cell) for cell in record):
            continue
        if len(rows) >= limits.max_rows:
            raise _too_many_rows(limits)
        rows.append((number, list(record[:header_width])))
    if header is None:
        return None
    return Table(header=header, rows=rows, sheet=sheet.name)


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
