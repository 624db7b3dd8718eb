"""A downloadable XLSX template per entity: the header row as the importer reads it, the allowed values of
choice columns as a drop-down list, and an explanation sheet (column, required, allowed values, notes)."""

from __future__ import annotations

import io

import xlsxwriter

from data import vocab
from data.commands.fields import Kind
from data.imports.reading import HELP_SHEETS
from data.imports.running import entity_for

MAX_TEMPLATE_ROWS = 5000  # rows the drop-down lists cover


def template_xlsx(entity_key: str) -> bytes:
    entity = entity_for(entity_key)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#E9F2EC"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(vocab.IMPORT_ENTITIES[entity.key].replace(":", "_")[:31])  # ":" is not allowed
    help_sheet = workbook.add_worksheet(HELP_SHEETS[0])
    lists = workbook.add_worksheet(HELP_SHEETS[1])
    lists.hide()
    help_sheet.write_row(0, 0, ["Spalte", "Pflicht", "Erlaubte Werte / Form", "Hinweis"], bold)
    for col, column in enumerate(entity.columns.columns):
        sheet.write_string(0, col, column.header, bold)
        sheet.set_column(col, col, max(12, len(column.header) + 2))
        spec = column.spec
        allowed = _form(spec.kind)
        if spec.kind is Kind.CHOICE:
            labels = list(spec.options.values())
            lists.write_column(0, col, labels)
            letter = xlsxwriter.utility.xl_col_to_name(col)
            sheet.data_validation(
                1, col, MAX_TEMPLATE_ROWS, col,
                {"validate": "list", "source": f"={HELP_SHEETS[1]}!${letter}$1:${letter}${len(labels)}",
                 "error_title": column.header, "error_message": "Bitte einen Wert aus der Liste wählen."},
            )  # fmt: skip
            allowed = ", ".join(labels)
        required = "ja" if column.required_column else ("ja (neue Zeilen)" if "Pflicht" in column.note else "nein")
        help_sheet.write_row(col + 1, 0, [column.header, required, allowed, column.note], wrap)
    row = len(entity.columns.columns) + 2
    for line in (
        "Die erste Zeile ist die Kopfzeile; Groß-/Kleinschreibung der Spaltennamen ist egal, weitere Spalten werden ignoriert.",
        "Zahlen wie 1.234,5; Datumsangaben als TT.MM.JJJJ oder JJJJ-MM-TT. Leere Zellen bedeuten „keine Angabe“.",
        "Der Import speichert alles oder nichts: Bei einem Fehler oder Konflikt wird keine Zeile übernommen.",
    ):
        help_sheet.write(row, 0, line)
        row += 1
    help_sheet.set_column(0, 0, 26)
    help_sheet.set_column(2, 3, 50)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _form(kind: Kind) -> str:
    return {
        Kind.DATE: "Datum, z. B. 28.02.2025",
        Kind.INTEGER: "ganze Zahl, z. B. 1.234",
        Kind.DECIMAL: "Zahl, z. B. 1.234,5",
        Kind.BOOLEAN: "ja oder nein",
    }.get(kind, "Text")


def template_filename(entity_key: str) -> str:
    return f"vorlage-{entity_for(entity_key).key}.xlsx"
