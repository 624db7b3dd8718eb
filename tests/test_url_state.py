"""Filters in the URL: parsing with visible notes, encoding back."""

from __future__ import annotations

from datetime import date

from callbacks.url_state import encode_query, parse_choice, parse_period, parse_query

FIRST, LAST = date(2022, 3, 1), date(2025, 2, 28)


def test_round_trip():
    search = encode_query({"von": date(2023, 1, 1), "bis": None, "kennzahl": "paten"})
    assert search == "?von=2023-01-01&kennzahl=paten"
    assert parse_query(search) == {"von": "2023-01-01", "kennzahl": "paten"}
    assert encode_query({"von": None}) == ""


def test_valid_period():
    notes: list[str] = []
    assert parse_period({"von": "2023-01-01", "bis": "2023-12-31"}, FIRST, LAST, notes) == (
        date(2023, 1, 1),
        date(2023, 12, 31),
    )
    assert notes == []


def test_bad_and_out_of_range_dates_are_ignored_with_notes():
    notes: list[str] = []
    assert parse_period({"von": "gestern", "bis": "2030-01-01"}, FIRST, LAST, notes) == (FIRST, LAST)
    assert "„gestern“ für „von“ ist kein Datum" in notes[0]
    assert "01.01.2030" in notes[1] and "außerhalb" in notes[1]


def test_reversed_period_is_swapped_with_a_note():
    notes: list[str] = []
    assert parse_period({"von": "2024-01-01", "bis": "2023-01-01"}, FIRST, LAST, notes) == (
        date(2023, 1, 1),
        date(2024, 1, 1),
    )
    assert "getauscht" in notes[0]


def test_unknown_choice():
    notes: list[str] = []
    assert parse_choice({"kennzahl": "x"}, "kennzahl", ["kommunen", "paten"], notes) is None
    assert "möglich: kommunen, paten" in notes[0]
