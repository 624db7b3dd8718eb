"""The figures of Übersicht, Länder, Land and Kohorten and of the meeting views are plain dicts in the house
style, built without Plotly's figure objects: no validation pass on every request and no Plotly default
template in the answer. Building a ``go.Figure`` anywhere in these callbacks fails the tests."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseFigure

from callbacks.kohorten import update_attendance, update_goals, update_kohorten
from callbacks.laender import update_laender_growth, update_laender_milestones, update_laender_pipeline
from callbacks.laender_detail import update_land_growth, update_land_measures
from callbacks.meeting import build_view
from callbacks.overview import update_overview

STAND_END = 35  # the slider position of the program's last month
STAND_EARLY = 3


@pytest.fixture
def no_figure_objects(monkeypatch):
    """Any ``go.Figure`` (or other Plotly figure object) built while this is active fails the test."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("a Plotly figure object was built in a page callback")

    monkeypatch.setattr(BaseFigure, "__init__", refuse)


def _assert_lean(figure: object) -> None:
    assert type(figure) is dict, type(figure)
    assert set(figure) == {"data", "layout"}
    assert "template" not in figure["layout"]
    assert figure["layout"]["separators"] == ",."  # the house layout, German separators
    assert all(type(trace) is dict for trace in figure["data"])


def _assert_valid(figures: list[dict]) -> None:
    """Valid Plotly: validated here, once, instead of on every request."""
    for figure in figures:
        go.Figure(figure)


def _overview_figures(db) -> list[dict]:
    figures = [update_overview(db, None, None, metric)[1] for metric in ("kommunen", "paten", "projekte")]
    figures.append(update_overview(db, "2023-01-01", "2023-12-31", "kommunen")[1])
    return figures


def test_overview_progress_is_a_plain_dict(demo_db, no_figure_objects):
    for figure in _overview_figures(demo_db):
        _assert_lean(figure)


def _laender_figures(db) -> list[dict]:
    figures = []
    for stand in (STAND_END, STAND_EARLY):
        figures += [update_laender_growth(db, stand, metric) for metric in ("kommunen", "co2", "ziel")]
        figures.append(update_laender_pipeline(db, stand)[0])
        figures.append(update_laender_milestones(db, stand))
    return figures


def test_laender_figures_are_plain_dicts(demo_db, no_figure_objects):
    for figure in _laender_figures(demo_db):
        _assert_lean(figure)


def _land_figures(db) -> list[dict]:
    figures = [update_land_growth(db, "DE-NW", STAND_END, metric) for metric in ("kommunen", "paten", "ziel")]
    figures += [update_land_measures(db, code, STAND_END)[0] for code in ("DE-NW", "DE-BY")]  # BY: none
    return figures


def test_land_figures_are_plain_dicts(demo_db, no_figure_objects):
    for figure in _land_figures(demo_db):
        _assert_lean(figure)


def _kohorten_figures(db) -> list[dict]:
    figures = []
    for kinds in ([], ["klimatraining"]):
        figures.append(update_kohorten(db, kinds, [], None, None)[1])
        sizes, _note, comparison = update_attendance(db, kinds, [], None, None)
        figures += [sizes, comparison, *update_goals(db, kinds, [], None, None)]
    return figures


def test_kohorten_figures_are_plain_dicts(demo_db, no_figure_objects):
    for figure in _kohorten_figures(demo_db):
        _assert_lean(figure)


def test_meeting_views_built_from_the_pages_builders_are_plain_dicts(demo_db, no_figure_objects):
    for key in ("fortschritt", "pipeline", "kohorten", "status"):
        _assert_lean(build_view(demo_db, key, {}).figure)


def test_the_plain_figures_are_valid_plotly(demo_db):
    figures = _overview_figures(demo_db) + _laender_figures(demo_db) + _land_figures(demo_db)
    _assert_valid(figures + _kohorten_figures(demo_db))
