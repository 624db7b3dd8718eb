"""Every page's layout in one tree, built from example values without a database.

The app uses it as ``validation_layout``: Dash then knows every component a callback may address, and
:func:`unknown_callback_ids` lets the app refuse to start when a callback names an id that no page has.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from datetime import date

import pandas as pd
from dash import html
from dash._utils import split_callback_id

from data.imports.reading import Limits
from data.queries.kohorten import CohortFilter
from data.queries.kohorten import FilterOptions as CohortOptions
from data.queries.kohorten_detail import CohortFacts
from data.queries.laender_detail import StateInfo
from data.queries.massnahmen import FilterOptions as MeasureOptions
from data.queries.measure_detail import MeasureDetail
from data.queries.measure_filters import MeasureFilter
from data.rules import stand_days
from layouts import (
    admin_users,
    bericht,
    import_page,
    kohorten,
    kohorten_detail,
    kohorten_grids,
    laender,
    laender_detail,
    massnahmen,
    measure_detail,
    praesentation,
)
from layouts import overview as overview_view
from layouts.shell import shell

_FIRST, _LAST = date(2022, 3, 1), date(2025, 2, 28)


def every_page(demo_note: str | None = None) -> html.Div:
    """The shell with one example of each page inside it."""
    days = stand_days(_FIRST, _LAST)
    state = StateInfo("DE-NW", "Nordrhein-Westfalen", True, _FIRST, None, None, None, ())
    facts = CohortFacts(1, "Kohorte", "klimatraining", "laufend", "KlikKS", None, None, _FIRST, None, None, None, [])
    unknown = dict.fromkeys(MeasureDetail.__dataclass_fields__)  # every optional fact "keine Angabe"
    example = {"id": 1, "code": "M-1", "program": "KlikKS", "title": "Maßnahme", "sector": "Energie"}
    measure = MeasureDetail(**{**unknown, **example, "status": "geplant", "volunteer_led": False, "version": 1})
    empty = html.Div()
    no_requests = pd.DataFrame(columns=["answered_at"])
    pages = [
        overview_view.overview_layout("Programm", _FIRST, _LAST, _FIRST, _LAST, "kommunen", []),
        laender.laender_layout("Programm", days, len(days) - 1, "kommunen", []),
        laender_detail.land_layout(state, days, len(days) - 1, "kommunen", [], "", can_edit=True),
        kohorten.kohorten_layout(CohortOptions([], [], [], False), CohortFilter(), [], can_edit=True),
        kohorten_detail.detail_layout(
            facts,
            empty,
            {"funnel": {}, "goals": {}},
            {"funnel": empty, "goals": empty, "sessions": empty, "groups": empty},
            kohorten_grids.attendance_grid(pd.DataFrame(columns=["id", "position", "title", "held_on"]), [], False),
            kohorten_grids.goals_grid([], False),
            can_edit=True,
        ),
        massnahmen.massnahmen_layout(MeasureOptions([], [], [], [], []), MeasureFilter(), [], can_edit=True),
        measure_detail.measure_detail_layout(measure, pd.DataFrame(), no_requests, _LAST, can_retire=True),
        admin_users.users_layout([]),
        import_page.import_layout([], Limits()),
        praesentation.presentation_layout(("kennzahlen",), "/", []),
        bericht.report_layout("Programm", "alle Länder", _LAST, _LAST, [], []),
    ]
    return html.Div([shell(demo_note), *pages])


def validation_layout(demo_note: str | None = None) -> html.Div:
    """One empty component of the right type per id of :func:`every_page`: all Dash needs to check the
    callbacks, at a fraction of the size of the full pages (it is sent with every index page)."""
    skeletons = {element_id: _skeleton(component) for element_id, component in _with_ids(every_page(demo_note))}
    return html.Div(list(skeletons.values()))


def _skeleton(component):
    try:
        return type(component)(id=component.id)
    except TypeError:  # a component with required properties keeps them, without its children
        bare = copy.copy(component)
        if hasattr(bare, "children"):
            bare.children = None
        return bare


def _with_ids(component: object) -> Iterator[tuple[str, object]]:
    element_id = getattr(component, "id", None)
    if isinstance(element_id, str):
        yield element_id, component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _with_ids(child)


def component_ids(component: object) -> Iterator[str]:
    """Every string id inside a component tree."""
    return (element_id for element_id, _ in _with_ids(component))


def callback_ids(callback_map: Mapping[str, Mapping]) -> set[str]:
    """Every component id that a Dash app's callbacks (``app.callback_map``) read or write."""
    found: set[str] = set()
    for output, spec in callback_map.items():
        outputs = split_callback_id(output)
        for item in [*(outputs if isinstance(outputs, list) else [outputs]), *spec["inputs"], *spec["state"]]:
            if isinstance(item["id"], str):
                found.add(item["id"])
    return found


def unknown_callback_ids(callback_map: Mapping[str, Mapping], layout: object) -> list[str]:
    """The ids callbacks use that no page contains (sorted)."""
    return sorted(callback_ids(callback_map) - set(component_ids(layout)))
