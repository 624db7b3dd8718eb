"""Maßnahmen page: URL ⇄ filters → key figures and status charts; clicks on bars filter the page.

URL keys: ``programm``, ``land`` (ISO code), ``kommune`` (id), ``feld``, ``status`` (comma list),
``verantwortlich``, ``ueberfaellig=1``, ``veraltet=1``, ``suche``, ``ansicht`` (handlungsfeld, land, kommune).
The grid, saving and export live in :mod:`callbacks.massnahmen_grid`.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from callbacks import massnahmen_grid
from callbacks.url_state import encode_query, parse_choice
from data.db import Database
from data.queries.massnahmen import (
    STALE_LABEL,
    FilterOptions,
    filter_options,
    freshness_of,
    overview,
    summary_of,
)
from data.queries.measure_filters import MeasureFilter
from data.vocab import MEASURE_STATUSES
from layouts import massnahmen as view
from layouts import massnahmen_charts as charts

VIEWS = {"handlungsfeld": "sector", "land": "state", "kommune": "municipality"}
DEFAULT_DIMENSION = "sector"
CONTROLS = ("programm", "land", "kommune", "feld", "status", "verantwortlich", "flags", "suche")


def parse_filter(query: dict[str, str], options: FilterOptions, notes: list[str]) -> tuple[MeasureFilter, str]:
    """The page filter and chart dimension from the URL; unknown values become notes and are ignored."""
    program = parse_choice(query, "programm", [code for code, _ in options.programs], notes)
    state = parse_choice(query, "land", [code for code, _ in options.states], notes)
    municipality = None
    if "kommune" in query:
        known = {str(mid): mid for mid, _ in options.municipalities}
        municipality = known.get(query["kommune"])
        if municipality is None:
            notes.append(
                f"Eine Kommune mit der Nummer „{query['kommune']}“ hat keine Maßnahmen; der Filter wurde ignoriert."
            )
    sector = parse_choice(query, "feld", options.sectors, notes)
    statuses = []
    for raw in filter(None, query.get("status", "").split(",")):
        if raw in MEASURE_STATUSES:
            statuses.append(raw)
        else:
            notes.append(
                f"Den Status „{raw}“ gibt es nicht (möglich: {', '.join(MEASURE_STATUSES)}); er wurde ignoriert."
            )
    flags = {key: _flag(query, key, notes) for key in ("ueberfaellig", "veraltet")}
    view_key = parse_choice(query, "ansicht", VIEWS, notes)
    flt = MeasureFilter(
        program=program,
        state=state,
        municipality_id=municipality,
        sector=sector,
        statuses=tuple(dict.fromkeys(statuses)),
        responsible=query.get("verantwortlich") or None,
        overdue_only=flags["ueberfaellig"],
        stale_only=flags["veraltet"],
        text=(query.get("suche") or "").strip()[:200] or None,
    )
    return flt, VIEWS[view_key] if view_key else DEFAULT_DIMENSION


def _flag(query: dict[str, str], key: str, notes: list[str]) -> bool:
    raw = query.get(key)
    if raw is None:
        return False
    if raw in ("1", "ja", "true"):
        return True
    notes.append(f"Der Wert „{raw}“ für „{key}“ ist unbekannt (möglich: 1) und wurde ignoriert.")
    return False


def render_massnahmen(db: Database, query: dict[str, str]):
    notes: list[str] = []
    with db.session() as session:
        options = filter_options(session)
    flt, dimension = parse_filter(query, options, notes)
    return view.massnahmen_layout(options, flt, dimension, notes, filter_query(flt, DEFAULT_DIMENSION))


def filter_from_controls(program, state, municipality, sector, statuses, responsible, flags, text) -> MeasureFilter:
    flags = flags or []
    return MeasureFilter(
        program=program or None,
        state=state or None,
        municipality_id=int(municipality) if municipality not in (None, "") else None,
        sector=sector or None,
        statuses=tuple(s for s in (statuses or []) if s in MEASURE_STATUSES),
        responsible=responsible or None,
        overdue_only=view.FLAG_OVERDUE in flags,
        stale_only=view.FLAG_STALE in flags,
        text=(text or "").strip()[:200] or None,
    )


def filter_query(flt: MeasureFilter, dimension: str) -> str:
    views = {value: key for key, value in VIEWS.items()}
    return encode_query(
        {
            "programm": flt.program,
            "land": flt.state,
            "kommune": flt.municipality_id,
            "feld": flt.sector,
            "status": ",".join(flt.statuses),
            "verantwortlich": flt.responsible,
            "ueberfaellig": 1 if flt.overdue_only else None,
            "veraltet": 1 if flt.stale_only else None,
            "suche": flt.text,
            "ansicht": views[dimension] if dimension != DEFAULT_DIMENSION else None,
        }
    )


def update_massnahmen(db: Database, controls: tuple, dimension: str | None, previous: dict | None):
    """Key figures, the three charts with their tables, the URL query and (if changed) the filter store."""
    flt = filter_from_controls(*controls)
    dimension = dimension if dimension in view.DIMENSIONS else DEFAULT_DIMENSION
    with db.session() as session:
        totals, counts = overview(session, flt, dimension, db.cache)
    bands = freshness_of(totals)
    money = totals
    state = view.filter_state(flt)
    return (
        view.kpi_cards(summary_of(totals)),
        charts.status_figure(counts, dimension),
        charts.status_table(counts, dimension),
        charts.freshness_figure(bands),
        charts.freshness_table(bands),
        charts.money_figure(money),
        charts.money_table(money),
        filter_query(flt, dimension),
        state if state != previous else no_update,
    )


def cross_filter(trigger: str | None, click: dict | None, dimension: str, values: dict, stack: list[dict]):
    """New control values after a click on a chart, "zurücknehmen" or "zurücksetzen"; returns (values, stack)."""
    if trigger == "massnahmen-reset":
        return _empty_controls(), []
    if trigger == "massnahmen-undo":
        return (stack[-1], stack[:-1]) if stack else (values, stack)
    point = ((click or {}).get("points") or [{}])[0]
    data = point.get("customdata")
    if not data:
        return values, stack
    new = dict(values)
    if trigger == "massnahmen-status-chart":
        key, status = data[0], data[1]
        if key is not None:
            new[{"sector": "feld", "state": "land", "municipality": "kommune"}[dimension]] = key
        new["status"] = [status]
    elif trigger == "massnahmen-money-chart":
        new["status"] = [data[0]]
    elif trigger == "massnahmen-fresh-chart":
        if data[0] != STALE_LABEL:
            return values, stack
        new["flags"] = sorted({*(values.get("flags") or []), view.FLAG_STALE})
    if new == values:
        return values, stack
    return new, [*stack, values][-20:]


def _empty_controls() -> dict:
    return {key: ([] if key in ("status", "flags") else ("" if key == "suche" else None)) for key in CONTROLS}


def register(app: Dash, db: Database) -> None:
    control_inputs = [Input(f"massnahmen-{key}", "value") for key in CONTROLS]

    @app.callback(
        Output("massnahmen-kpis", "children"),
        Output("massnahmen-status-chart", "figure"),
        Output("massnahmen-status-table", "children"),
        Output("massnahmen-fresh-chart", "figure"),
        Output("massnahmen-fresh-table", "children"),
        Output("massnahmen-money-chart", "figure"),
        Output("massnahmen-money-table", "children"),
        Output("url", "search", allow_duplicate=True),
        Output("massnahmen-filter", "data"),
        *control_inputs,
        Input("massnahmen-dimension", "value"),
        Input("massnahmen-revision", "data"),
        State("massnahmen-filter", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def _update(*args):
        *controls, dimension, _revision, previous = args
        return update_massnahmen(db, tuple(controls), dimension, previous)

    @app.callback(
        *[Output(f"massnahmen-{key}", "value") for key in CONTROLS],
        Output("massnahmen-undo-stack", "data"),
        Output("massnahmen-undo", "disabled"),
        Input("massnahmen-status-chart", "clickData"),
        Input("massnahmen-money-chart", "clickData"),
        Input("massnahmen-fresh-chart", "clickData"),
        Input("massnahmen-undo", "n_clicks"),
        Input("massnahmen-reset", "n_clicks"),
        State("massnahmen-dimension", "value"),
        *[State(f"massnahmen-{key}", "value") for key in CONTROLS],
        State("massnahmen-undo-stack", "data"),
        prevent_initial_call=True,
    )
    def _cross_filter(status_click, money_click, fresh_click, _undo, _reset, dimension, *rest):
        *current, stack = rest
        values = dict(zip(CONTROLS, current, strict=True))
        clicks = {
            "massnahmen-status-chart": status_click,
            "massnahmen-money-chart": money_click,
            "massnahmen-fresh-chart": fresh_click,
        }
        trigger = ctx.triggered_id
        new, new_stack = cross_filter(trigger, clicks.get(trigger), dimension or DEFAULT_DIMENSION, values, stack or [])
        if new is values:  # a click that changes nothing
            return (no_update,) * (len(CONTROLS) + 2)
        return (*[new[key] for key in CONTROLS], new_stack, not new_stack)

    massnahmen_grid.register(app, db)
