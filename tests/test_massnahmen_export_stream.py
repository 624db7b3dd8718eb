"""Streamed exports from /massnahmen/export.csv|xlsx: the page's URL filter, German formats unchanged,
a generator response, and memory that does not grow with the number of rows."""

from __future__ import annotations

import csv
import io
import re
import tracemalloc
from datetime import date

import pytest
from openpyxl import load_workbook

from bench.large_measures import generate
from callbacks.massnahmen_export import export_href
from dashboard.app import create_app
from data.exports.massnahmen import COLUMNS, export_rows, to_csv
from data.queries.measure_filters import MeasureFilter

HEADERS = [header for header, _key, _kind in COLUMNS]


@pytest.fixture
def client(dash_app):
    return dash_app.server.test_client()


def _rows(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_link_downloads_the_filtered_measures_streamed(client):
    response = client.get("/massnahmen/export.csv?programm=ksv-muenster&token=abc123")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Disposition"].startswith('attachment; filename="massnahmen-')
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "massnahmen-export=abc123" in response.headers["Set-Cookie"]
    rows = _rows(response)
    assert rows[0] == HEADERS
    assert len(rows) == 1 + 28
    assert any(row[1] == "Durchführung von KlimaTrainings" for row in rows)


def test_xlsx_link_downloads_a_workbook(client):
    response = client.get("/massnahmen/export.xlsx?programm=ksv-muenster&status=umgesetzt")
    assert response.status_code == 200 and response.is_streamed
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1:] and all(row[HEADERS.index("Status")] == "Umgesetzt" for row in rows[1:])
    planned = HEADERS.index("Geplanter Abschluss")
    cell = next(r for r in sheet.iter_rows(min_row=2) if r[planned].value is not None)[planned]
    assert cell.number_format == "DD.MM.YYYY" and cell.is_date
    assert sheet.freeze_panes == "C2"


def test_link_of_the_page_carries_page_and_column_filters(client, demo_db):
    state = MeasureFilter(program="klikks", statuses=("umgesetzt",)).to_store()
    filter_model = {"cost_eur": {"filterType": "number", "type": "greaterThanOrEqual", "filter": 1000}}
    href = export_href("csv", state, filter_model, "t1")
    assert href.startswith("/massnahmen/export.csv?") and "programm=klikks" in href and "spalten=" in href
    rows = _rows(client.get(href))
    with demo_db.session() as session:
        flt = MeasureFilter(program="klikks", statuses=("umgesetzt",))
        expected = [r.code for r in export_rows(session, flt, filter_model)]
    assert [row[0] for row in rows[1:]] == expected and expected


def test_bad_query_values_are_ignored_not_fatal(client):
    response = client.get("/massnahmen/export.csv?programm=gibt-es-nicht&spalten=%7Bkaputt&token=%3Cx%3E")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert len(_rows(response)) > 100  # unknown program ignored: every measure


def test_ten_thousand_rows_keep_the_german_format_and_bounded_memory(demo_db):
    generate(demo_db, 10_000, today=date(2025, 2, 28))
    app = create_app_for(demo_db)
    client = app.server.test_client()

    def streamed_peak(query: str) -> tuple[int, bytes]:
        tracemalloc.start()
        try:
            response = client.get("/massnahmen/export.csv" + query)
            first = b""
            for number, chunk in enumerate(response.response):  # consume as a client would, piece by piece
                if number == 0:
                    first = chunk
            return tracemalloc.get_traced_memory()[1], first
        finally:
            tracemalloc.stop()

    small_peak, _ = streamed_peak("?programm=ksv-muenster")  # 28 rows
    large_peak, first = streamed_peak("")  # 10 942 rows
    assert first.startswith("\ufeff".encode())
    response = client.get("/massnahmen/export.csv")
    content = response.get_data()
    with demo_db.session() as session:
        assert content == to_csv(export_rows(session, MeasureFilter()))  # the one set of rules
    # Streaming 10 942 rows needs no more memory than 28 rows plus a fraction of the file: neither the
    # rows nor the file are ever held whole.
    assert large_peak < small_peak + len(content) // 4
    rows = _rows(response)
    assert len(rows) == 1 + 10_942
    columns = {header: index for index, header in enumerate(HEADERS)}
    for row in rows[1:]:
        assert re.fullmatch(r"(\d{2}\.\d{2}\.\d{4})?", row[columns["Geplanter Abschluss"]])
        assert re.fullmatch(r"(\d+(,\d+)?)?", row[columns["CO₂-Einsparung (t/Jahr)"]])
        assert not row[columns["Verantwortlich"]].startswith(("=", "+", "-", "@"))


def create_app_for(db):
    from dashboard.config import Config

    config = Config(database_url=db.engine.url.render_as_string(hide_password=False), load_demo_data=False)
    return create_app(config, db=db)
