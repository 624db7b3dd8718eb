"""Published figures keep their qualifier, and agreement with recorded values is judged by it."""

from __future__ import annotations

import pytest

from data.published import PublishedFigure, state_figures
from layouts.laender_tables import published_text


@pytest.mark.parametrize(
    ("qualifier", "recorded", "agrees"),
    [
        ("mehr als", 82, True),
        ("mehr als", 80, False),
        ("mehr als", 79, False),
        ("mindestens", 80, True),
        ("mindestens", 79, False),
        ("rund", 84, True),
        ("rund", 76, True),
        ("rund", 90, False),
        ("", 80, True),
        ("", 82, False),
    ],
)
def test_agreement_respects_the_qualifier(qualifier, recorded, agrees):
    assert PublishedFigure(80, "Quelle", qualifier).agrees_with(recorded) is agrees


def test_sources_with_qualifiers_are_stored_with_them():
    nrw, saarland = state_figures("DE-NW"), state_figures("DE-SL")
    assert (nrw["paten"].qualifier, nrw["paten"].value) == ("mehr als", 80)
    assert (saarland["projekte"].qualifier, saarland["projekte"].value) == ("mehr als", 110)
    assert saarland["paten"].qualifier == "rund"
    assert nrw["kommunen"].qualifier == ""
    for figures in (nrw, saarland):
        for figure in figures.values():
            if figure.qualifier:
                assert figure.qualifier in figure.source


def test_published_text_reads_like_the_source():
    assert published_text(80, "mehr als", "paten") == "mehr als 80"
    assert published_text(24, "", "kommunen") == "24"
