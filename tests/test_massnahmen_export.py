"""CSV and XLSX export of the filtered measures: German Excel format, umlauts, formula neutralisation."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from data.commands.massnahmen import update_measure
from data.exports.massnahmen import COLUMNS, _day_cell, _number_cell, export_rows, neutralise, to_csv, to_xlsx
from data.queries.measure_filters import MeasureFilter
from tests.support.accounts import as_coordinator
from tests.support.massnahmen import TODAY, add_tiny_measures

HEADERS = [header for header, _key, _kind in COLUMNS]


@pytest.fixture
def tiny(empty_db):
    ids = add_tiny_measures(empty_db)
    with empty_db.session() as session:
        update_measure(session, as_coordinator("Test"), ids["T-1"], {"responsible": '=HYPERLINK("http://x")'}, 1)
    with empty_db.session() as session:
        update_measure(session, as_coordinator("Test"), ids["T-2"], {"steps": "-1+2 Schritte; „Übergabe“ geplant"}, 1)
    return empty_db


def _csv(db, flt, filter_model=None):
    with db.session() as session:
        data = to_csv(export_rows(session, flt, filter_model))
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUMME(A1)", "'=SUMME(A1)"),
        ("+49 251", "'+49 251"),
        ("-3", "'-3"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_csv_is_german_excel_format(tiny):
    rows = _csv(tiny, MeasureFilter(today=TODAY))
    assert rows[0] == HEADERS
    assert len(rows) == 7
    by_code = {row[0]: dict(zip(HEADERS, row, strict=True)) for row in rows[1:]}
    first = by_code["T-1"]
    assert first["CO₂-Einsparung (t/Jahr)"] == "10,5"
    assert first["Kosten (€)"] == "1000"
    assert first["Geplanter Abschluss"] == "01.01.2026"
    assert first["Status"] == "Umgesetzt"
    assert first["Verantwortlich"] == '\'=HYPERLINK("http://x")'
    assert by_code["T-2"]["Schritte / Fortschritte"] == "'-1+2 Schritte; „Übergabe“ geplant"
    assert by_code["T-2"]["Überfällig"] == "ja" and by_code["T-4"]["Überfällig"] == "nein"
    # Unknown values are empty cells (not "None", not "nan").
    assert by_code["T-6"]["Land"] == "" and by_code["T-6"]["CO₂-Einsparung (t/Jahr)"] == ""
    assert by_code["T-5"]["Titel"] == "Durchführung von KlimaTrainings"
    assert by_code["T-6"]["Titel"] == "Wärmeplanung"
    assert by_code["T-3"]["Handlungsfeld"] == "Mobilität"


def test_csv_follows_page_and_column_filters(tiny):
    rows = _csv(tiny, MeasureFilter(today=TODAY, program="klikks"), {"cost_eur": {"type": "blank"}})
    assert [row[0] for row in rows[1:]] == ["T-3", "T-4"]


def test_xlsx_keeps_types_and_neutralises(tiny):
    with tiny.session() as session:
        data = to_xlsx(export_rows(session, MeasureFilter(today=TODAY, sector="Energie")))
    sheet = load_workbook(io.BytesIO(data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    by_code = {row[0]: dict(zip(HEADERS, row, strict=True)) for row in values[1:]}
    assert set(by_code) == {"T-1", "T-2"}
    first = by_code["T-1"]
    assert first["CO₂-Einsparung (t/Jahr)"] == 10.5 and first["Kosten (€)"] == 1000
    assert first["Geplanter Abschluss"].date() == date(2026, 1, 1)
    assert first["Verantwortlich"] == '\'=HYPERLINK("http://x")'
    assert first["Handlungsfeld"] == "Energie" and by_code["T-2"]["Status"] == "In Umsetzung"
    assert by_code["T-2"]["CO₂-Einsparung (t/Jahr)"] is None
    assert sheet.title == "Maßnahmen"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 2, 28), "28.02.2025"),
        ("2025-02-28", "28.02.2025"),  # SQLite hands days over as ISO text
        ("2025-02-28 23:59:59.000000", "28.02.2025"),
        (None, ""),
    ],
)
def test_csv_days_from_either_database(value, expected):
    assert _day_cell(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10.5, "10,5"),
        (1000.0, "1000"),
        (0.1 + 0.2, "0,3"),  # a float is rounded to the column's scale, as Numeric(…, 2) reads it
        (Decimal("10.50"), "10,5"),
        (Decimal("1E+3"), "1000"),
        (7, "7"),
        (None, ""),
    ],
)
def test_csv_amounts_from_either_database(value, expected):
    assert _number_cell(2)(value) == expected
