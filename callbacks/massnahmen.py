"""Maßnahmen page: URL ⇄ filters → key figures and status charts; clicks on bars filter the page.

URL keys: ``programm``, ``land`` (ISO code), ``kommune`` (id), ``feld``, ``status`` (comma list),
``verantwortlich``, ``ueberfaellig=1``, ``veraltet=1``, ``suche``, ``stand`` (the reference day of overdue and
stale), ``ansicht`` (handlungsfeld, land, kommune).
The grid, saving and export live in :mod:`callbacks.massnahmen_grid`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from dash import Dash, Input, Output, State, no_update
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, TypeAdapter, ValidationError

from callbacks import massnahmen_grid
from callbacks.fold_outs import is_open, open_tables
from callbacks.session_user import current_actor
from callbacks.triggers import triggered_id
from data.db import Database
from data.permissions import can_edit_anything
from data.queries.filter_labels import measure_filter_labels
from data.queries.massnahmen import (
    STALE_LABEL,
    filter_options,
    freshness_of,
    overview,
    summary_of,
)
from data.queries.measure_filters import MeasureFilter
from layouts import ids
from layouts import massnahmen as view
from layouts import massnahmen_charts as charts

# Control ids are ``massnahmen-<key>``: the URL keys, except that one checklist holds both flags.
CONTROLS = ("programm", "land", "kommune", "feld", "status", "verantwortlich", "flags", "suche", "stand")
# The bar a click stands for sets this control, by the chart's grouping (``ansicht``).
VIEW_CONTROL = {"handlungsfeld": "feld", "land": "land", "kommune": "kommune"}

ClickValue = Annotated[StrictStr, Field(max_length=500)] | StrictInt | None


class ChartPoint(BaseModel):
    """A clicked bar: its ``customdata`` is the filter value(s) it stands for (see the charts)."""

    model_config = ConfigDict(extra="ignore")

    customdata: Annotated[list[ClickValue], Field(min_length=1, max_length=2)]


class ChartClick(BaseModel):
    """Plotly's ``clickData``: the clicked points, the first of which filters."""

    model_config = ConfigDict(extra="ignore")

    points: Annotated[list[ChartPoint], Field(min_length=1)]


_UNDO_STACK = TypeAdapter(Annotated[list[dict[str, Any]], Field(max_length=100)])


def render_massnahmen(db: Database, query: dict[str, str]):
    options = db.read(filter_options)
    flt, notes = MeasureFilter.from_query(query, options.choices())
    return view.massnahmen_layout(options, flt, notes, can_edit_anything(current_actor()))


def filter_from_controls(values: Mapping[str, object], view_key: object = None) -> MeasureFilter:
    """The model for the controls' values (validated like the URL; the flags checklist holds two fields)."""
    flags = values.get("flags")
    flags = flags if isinstance(flags, list) else []
    return MeasureFilter.from_values({**values, **{key: key in flags for key in view.FLAGS}, "ansicht": view_key})


def update_massnahmen(db: Database, controls: tuple, view_key: object, previous: object):
    """Key figures, the three framed charts, the URL query and (if changed) the filter store.

    The charts' tables are built by :func:`update_tables`, only while their fold-out is open."""
    flt = filter_from_controls(dict(zip(CONTROLS, controls, strict=True)), view_key)
    dimension = flt.dimension
    totals, counts, programs, stand = db.read(overview, flt, dimension, db.cache)
    frames = charts.chart_frames(flt, db.read(measure_filter_labels, flt, db.cache), stand)
    state = flt.to_store()
    return (
        view.kpi_cards(summary_of(totals), programs, stand, chosen=flt.stand is not None),
        charts.status_figure(counts, dimension, chart_frame=frames["status"]),
        charts.freshness_figure(freshness_of(totals), chart_frame=frames["freshness"]),
        charts.money_figure(totals, chart_frame=frames["money"]),
        flt.to_query(),
        state if state != previous else no_update,
    )


def update_tables(db: Database, state: object, view_key: object, toggles: tuple) -> tuple:
    """The status, freshness and money tables for the page's filter (its store): each only while its
    fold-out is open, so a closed table costs neither time nor bytes."""
    if not any(is_open(clicks) for clicks in toggles):
        return (None, None, None)
    flt = MeasureFilter.from_values({**(state if isinstance(state, dict) else {}), "ansicht": view_key})
    totals, counts, _programs, _stand = db.read(overview, flt, flt.dimension, db.cache)
    builders = (
        lambda: charts.status_table(counts, flt.dimension),
        lambda: charts.freshness_table(freshness_of(totals)),
        lambda: charts.money_table(totals),
    )
    return open_tables(toggles, builders)


def cross_filter(trigger: str | None, click: dict | None, view_key: object, values: dict, stack: list[dict]):
    """New control values after a click on a chart, "zurücknehmen" or "zurücksetzen"; returns (values, stack)."""
    if trigger == ids.Massnahmen.RESET:
        return _empty_controls(), []
    if trigger == ids.Massnahmen.UNDO:
        return (stack[-1], stack[:-1]) if stack else (values, stack)
    data = _clicked(click)
    if data is None:
        return values, stack
    new = dict(values)
    if trigger == ids.Massnahmen.STATUS_CHART:
        if len(data) != 2:
            return values, stack
        key, status = data
        if key is not None:
            new[VIEW_CONTROL.get(view_key if isinstance(view_key, str) else "", "feld")] = key
        new["status"] = [status]
    elif trigger == ids.Massnahmen.MONEY_CHART:
        new["status"] = [data[0]]
    elif trigger == ids.Massnahmen.FRESH_CHART:
        if data[0] != STALE_LABEL:
            return values, stack
        flags = values.get("flags") if isinstance(values.get("flags"), list) else []
        new["flags"] = [key for key in view.FLAGS if key in flags or key == "veraltet"]
    if new == values:
        return values, stack
    return new, [*stack, values][-20:]


def _clicked(click: object) -> list[ClickValue] | None:
    """The ``customdata`` of the clicked bar, or None for no click or a malformed one."""
    try:
        return ChartClick.model_validate(click).points[0].customdata
    except ValidationError:
        return None


def _undo_stack(raw: object) -> list[dict]:
    """The stored earlier control values (each with every control), or none if the store is malformed."""
    try:
        stack = _UNDO_STACK.validate_python(raw or [])
    except ValidationError:
        return []
    return [values for values in stack if set(CONTROLS) <= values.keys()]


def _empty_controls() -> dict:
    return view.control_values(MeasureFilter())


def register(app: Dash, db: Database) -> None:
    control_inputs = [Input(ids.Massnahmen.control(key), "value") for key in CONTROLS]

    @app.callback(
        Output(ids.Massnahmen.KPIS, "children"),
        Output(ids.Massnahmen.STATUS_CHART, "figure"),
        Output(ids.Massnahmen.FRESH_CHART, "figure"),
        Output(ids.Massnahmen.MONEY_CHART, "figure"),
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        Output(ids.Massnahmen.FILTER, "data"),
        *control_inputs,
        Input(ids.Massnahmen.DIMENSION, "value"),
        Input(ids.Massnahmen.REVISION, "data"),
        State(ids.Massnahmen.FILTER, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def _update(*args):
        *controls, dimension, _revision, previous = args
        return update_massnahmen(db, tuple(controls), dimension, previous)

    @app.callback(
        Output(ids.Massnahmen.STATUS_TABLE, "children"),
        Output(ids.Massnahmen.FRESH_TABLE, "children"),
        Output(ids.Massnahmen.MONEY_TABLE, "children"),
        Input(ids.Massnahmen.FILTER, "data"),
        Input(ids.Massnahmen.DIMENSION, "value"),
        Input(ids.Massnahmen.REVISION, "data"),
        Input(ids.Massnahmen.STATUS_TABLE_TOGGLE, "n_clicks"),
        Input(ids.Massnahmen.FRESH_TABLE_TOGGLE, "n_clicks"),
        Input(ids.Massnahmen.MONEY_TABLE_TOGGLE, "n_clicks"),
        prevent_initial_call=True,
    )
    def _tables(state, dimension, _revision, *toggles):
        return update_tables(db, state, dimension, toggles)

    @app.callback(
        *[Output(ids.Massnahmen.control(key), "value") for key in CONTROLS],
        Output(ids.Massnahmen.UNDO_STACK, "data"),
        Output(ids.Massnahmen.UNDO, "disabled"),
        Input(ids.Massnahmen.STATUS_CHART, "clickData"),
        Input(ids.Massnahmen.MONEY_CHART, "clickData"),
        Input(ids.Massnahmen.FRESH_CHART, "clickData"),
        Input(ids.Massnahmen.UNDO, "n_clicks"),
        Input(ids.Massnahmen.RESET, "n_clicks"),
        State(ids.Massnahmen.DIMENSION, "value"),
        *[State(ids.Massnahmen.control(key), "value") for key in CONTROLS],
        State(ids.Massnahmen.UNDO_STACK, "data"),
        prevent_initial_call=True,
    )
    def _cross_filter(status_click, money_click, fresh_click, _undo, _reset, dimension, *rest):
        *current, stack = rest
        values = dict(zip(CONTROLS, current, strict=True))
        clicks = {
            ids.Massnahmen.STATUS_CHART: status_click,
            ids.Massnahmen.MONEY_CHART: money_click,
            ids.Massnahmen.FRESH_CHART: fresh_click,
        }
        trigger = triggered_id()
        new, new_stack = cross_filter(trigger, clicks.get(trigger), dimension, values, _undo_stack(stack))
        if new is values:  # a click that changes nothing
            return (no_update,) * (len(CONTROLS) + 2)
        return (*[new[key] for key in CONTROLS], new_stack, not new_stack)

    massnahmen_grid.register(app, db)
