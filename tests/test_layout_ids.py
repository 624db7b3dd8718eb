"""Component ids are checked when the app is created: a callback that names an id no page layout
contains stops the start, not a user's click."""

from __future__ import annotations

import pytest
from dash import Input, Output

from callbacks import overview
from dashboard.app import LayoutError, create_app
from layouts import ids
from layouts.pages import callback_ids, component_ids, every_page, validation_layout


def _constants() -> set[str]:
    pages = (ids.Shell, ids.Overview, ids.Laender, ids.Land, ids.Kohorten, ids.Kohorte, ids.Massnahmen, ids.Measure)
    return {value for page in pages for name, value in vars(page).items() if name.isupper()}


def test_every_id_constant_names_a_component_of_some_page():
    built_by_callbacks = {ids.Kohorte.ATTENDANCE_ALERT, ids.Kohorte.GOALS_ALERT, ids.Laender.MEDIANS_TABLE}
    assert _constants() - set(component_ids(every_page())) == built_by_callbacks | {ids.Land.MEDIANS_TABLE}


def test_the_validation_layout_has_every_id_of_every_page_once():
    skeleton = list(component_ids(validation_layout()))
    assert len(skeleton) == len(set(skeleton)) and set(skeleton) == set(component_ids(every_page()))


def test_app_wires_only_ids_that_pages_contain(app_config, demo_db):
    app = create_app(app_config, demo_db)
    used = callback_ids(app.callback_map)
    assert ids.Massnahmen.control("status") in used and ids.Land.STAND in used
    assert used <= set(component_ids(app.validation_layout))
    assert not app.config.suppress_callback_exceptions


def test_a_callback_with_a_misspelt_id_stops_app_creation(app_config, demo_db, monkeypatch):
    register = overview.register

    def register_with_typo(app, db):
        register(app, db)
        app.callback(Output("overview-kpi", "children"), Input(ids.Overview.METRIC, "value"))(lambda _m: None)

    monkeypatch.setattr(overview, "register", register_with_typo)
    with pytest.raises(LayoutError, match="overview-kpi"):
        create_app(app_config, demo_db)
