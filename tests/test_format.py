"""German number and date formats; unknown values read "keine Angabe"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from layouts import format as fmt


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: fmt.number(1234.5, 1), "1.234,5"),
        (lambda: fmt.number(2542471), "2.542.471"),
        (lambda: fmt.number(Decimal("0.25"), 2), "0,25"),
        (lambda: fmt.tonnes(1234.5), "1.234,5 t CO₂"),
        (lambda: fmt.euros(2542471), "2.542.471 €"),
        (lambda: fmt.percent(0.456), "46 %"),
        (lambda: fmt.day(date(2025, 2, 28)), "28.02.2025"),
        (lambda: fmt.moment(datetime(2025, 2, 28, 13, 5, tzinfo=UTC)), "28.02.2025, 14:05"),
        (lambda: fmt.month(date(2025, 3, 1)), "März 2025"),
        (lambda: fmt.counted(1, "Projekt", "Projekten"), "1 Projekt"),
        (lambda: fmt.counted(1400, "Projekt", "Projekten"), "1.400 Projekten"),
    ],
)
def test_german_formats(call, expected):
    assert call() == expected


@pytest.mark.parametrize("value", [None, float("nan"), Decimal("NaN")])
def test_unknown_values_never_show_nan(value):
    assert fmt.number(value) == "keine Angabe"
    assert fmt.euros(value) == "keine Angabe"
    assert fmt.tonnes(value) == "keine Angabe"


def test_unknown_date():
    assert fmt.day(None) == "keine Angabe"


def test_quantities_show_decimals_only_where_they_carry_information():
    assert fmt.quantity(1400.0) == "1.400"
    assert fmt.quantity(1234.5) == "1.234,5"
    assert fmt.quantity(0.25, 1) in ("0,2", "0,3")
    assert fmt.tonnes(1400.0) == "1.400 t CO₂"
    assert fmt.tonnes(0.2, 2) == "0,2 t CO₂"
