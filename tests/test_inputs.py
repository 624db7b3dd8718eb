"""German input parsing (data.commands.inputs): explicit cases from the issue and properties over random input."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from data.commands.errors import ValidationError
from data.commands.inputs import parse_date, parse_decimal, parse_text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12,5", Decimal("12.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1234", Decimal(1234)),
        ("1.234", Decimal(1234)),
        ("1.234.567,89", Decimal("1234567.89")),
        (" 0,25 ", Decimal("0.25")),
        ("-3,5", Decimal("-3.5")),
        (12, Decimal(12)),
        (12.5, Decimal("12.5")),
        (0.1, Decimal("0.1")),
    ],
)
def test_german_numbers_and_json_numbers_are_read(text, number):
    assert parse_decimal(text) == number


@pytest.mark.parametrize("value", ["-0", "-0,0", -0.0, "0"])
def test_minus_zero_is_stored_as_zero(value):
    number = parse_decimal(value)
    assert number == 0 and not number.is_signed()


@pytest.mark.parametrize(
    "value",
    [
        "12.5",
        "1,2,3",
        "1.23,4",
        "abc",
        "1e5",
        "1E5",
        "∞",
        "NaN",
        "1 234",
        "12,5 t",
        "--1",
        "+",
        "",
        "٣",
        "１２",
        float("nan"),
        float("inf"),
        True,
        None,
        [1],
        {"a": 1},
    ],
)
def test_ambiguous_or_malformed_numbers_are_refused_with_the_expected_form(value):
    with pytest.raises(ValidationError, match=r"Bitte eine Zahl wie 1\.234,5 eingeben"):
        parse_decimal(value, "CO₂-Einsparung")


@given(st.integers(-(10**15), 10**15), st.integers(0, 6))
def test_german_formatted_numbers_with_any_precision_round_trip(units, places):
    number = Decimal(units).scaleb(-places)
    text = format_decimal(number, locale="de_DE", decimal_quantization=False)
    assert parse_decimal(text) == number


@given(st.one_of(st.text(), st.binary().map(lambda b: b.decode("latin-1")), st.from_regex(r"[-0-9.,eE ]{0,12}")))
def test_random_text_is_a_number_or_a_validation_error_never_anything_else(text):
    try:
        result = parse_decimal(text)
    except ValidationError:
        return
    assert result.is_finite()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("28.02.2025", date(2025, 2, 28)),
        ("1.3.2024", date(2024, 3, 1)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2024-02-29T00:00:00", date(2024, 2, 29)),
    ],
)
def test_dates_in_german_and_iso_form(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["30.02.2024", "2023-02-29", "31.04.2024", "28.02.25", "02/28/2025", "morgen", "", 5])
def test_impossible_or_other_dates_are_refused_naming_both_forms(text):
    with pytest.raises(ValidationError, match=r"TT\.MM\.JJJJ.*JJJJ-MM-TT"):
        parse_date(text)


@given(st.text())
def test_random_text_is_a_date_or_a_validation_error(text):
    with contextlib.suppress(ValidationError):
        assert isinstance(parse_date(text), date)


def test_text_refuses_control_characters_but_multiline_keeps_newlines():
    assert parse_text("  Team A  ", "Verantwortlich", 200) == "Team A"
    assert parse_text("Schritt 1\r\nSchritt 2", "Schritte", 400, multiline=True) == "Schritt 1\nSchritt 2"
    for bad in ("a\x00b", "a\x1bb", "a\x7fb", "a\nb"):
        with pytest.raises(ValidationError, match="Steuerzeichen"):
            parse_text(bad, "Verantwortlich", 200)
    with pytest.raises(ValidationError, match="Steuerzeichen"):
        parse_text("Zeile\x00", "Schritte", 400, multiline=True)
    with pytest.raises(ValidationError, match="höchstens 3 Zeichen"):
        parse_text("abcd", "Kürzel", 3)
