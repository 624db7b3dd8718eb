"""Figures of the Länder pages: map, growth against the target path, pipeline, milestones, measure status."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from math import cos, radians

import pandas as pd
from plotly.colors import sample_colorscale

from data import vocab
from data.geo import state_outlines
from data.queries.laender import STAGES
from data.queries.laender_view import Selection, state_targets
from data.rules import target_on
from layouts import format as fmt
from layouts.chart_frame import SOURCE, ChartFrame, framed_if
from layouts.laender_metrics import BKG_CREDIT, METRICS, metric_value, target_status_text
from layouts.status import MEASURE_STATUS_STYLES, STAGE_STYLES
from layouts.theme import GRID, INK, MUTED, SERIES, TARGET, empty_note, house_layout

NOT_PARTICIPATING = "#d1d5db"
# Plotly formats hover numbers itself; the house layout's German separators make them "1.234,5".
HOVER_VALUE = {
    "kommunen": "%{y:,.0f} Kommunen",
    "paten": "%{y:,.0f} Pat:innen",
    "projekte": "%{y:,.0f} Projekte",
    "co2": "%{y:,.1f} t CO₂/Jahr",
    "ziel": "%{y:,.0f} % des Ziels",
}
MAP_SCALE = [[0.0, "#e3f2ea"], [0.5, "#5fb58d"], [1.0, "#0f4d39"]]
# "% des Ziels": diverging around 100 % — behind the target brown, on target pale yellow, ahead green
TARGET_SCALE = [[0.0, "#8a3b0b"], [0.35, "#e8a45c"], [0.5, "#fbf3cf"], [0.65, "#7cc29d"], [1.0, "#0f4d39"]]
# The map in plain degrees: Germany's extent, latitude stretched by 1 / cos(51.2°) (its middle), so
# shapes look as on a map of the country (an equirectangular projection true to scale at its centre)
LON_RANGE = [5.8, 15.1]
LAT_RANGE = [47.2, 55.1]
LAT_SCALE = 1 / cos(radians(51.2))


def map_figure(frame: pd.DataFrame, metric: str, day: date, *, chart_frame: ChartFrame | None = None) -> dict:
    """All 16 states: participating ones coloured by ``metric``, the others grey; lagging outlined amber.

    Drawn as SVG (one filled outline per state in :func:`data.geo.state_outlines` order, so a click's
    ``curveNumber`` names the state), not as a WebGL map: no tiles, no GeoJSON to fetch after the figure,
    nothing for a browser without a GPU to render in software. The colour bar and the chart's CSV come
    from an invisible marker per participating state."""
    rows = {row.code: row for row in frame.itertuples()}
    taking_part = [row for row in frame.itertuples() if row.participating]
    values = {row.code: metric_value(row, metric) or 0 for row in taking_part}
    scale = _colour_range(metric, max(values.values(), default=0))
    lowest, highest = scale["cmin"], scale["cmax"]
    fills = dict(
        zip(
            values,
            sample_colorscale(scale["colorscale"], [_share(v, lowest, highest) for v in values.values()]),
            strict=True,
        )
    )
    traces: list[dict] = []
    grey_named = False
    for outline in state_outlines():
        row = rows.get(outline.code)
        taking = outline.code in values
        first_grey = not taking and not grey_named
        grey_named = grey_named or first_grey
        traces.append(
            dict(
                type="scatter",
                x=list(outline.lon),
                y=list(outline.lat),
                mode="lines",
                fill="toself",
                fillcolor=fills[outline.code] if taking else NOT_PARTICIPATING,
                line={"color": "white", "width": 1},
                hoveron="fills",
                hoverinfo="text",
                text=_hover(row, day) if taking else f"<b>{outline.name}</b><br>nimmt nicht an KlikKS teil",
                name="nimmt nicht teil" if first_grey else outline.name,
                showlegend=first_grey,
            )
        )
    lagging = [outline for outline in state_outlines() if outline.code in values and rows[outline.code].lagging]
    if lagging:
        # on top of every state, so no neighbour covers the outline; it ignores the mouse
        traces.append(
            dict(
                type="scatter",
                x=[x for outline in lagging for x in outline.lon],
                y=[y for outline in lagging for y in outline.lat],
                mode="lines",
                line={"color": TARGET, "width": 3},
                hoverinfo="skip",
                name="hinter dem Zielpfad",
            )
        )
    centres = [outline for outline in state_outlines() if outline.code in values]
    traces.append(
        dict(
            type="scatter",
            x=[outline.centre[0] for outline in centres],
            y=[outline.centre[1] for outline in centres],
            mode="markers",
            text=[outline.name for outline in centres],
            marker={
                "color": [values[outline.code] for outline in centres],
                **scale,
                "showscale": True,
                "opacity": 0,
                "size": 1,
                "colorbar": {"title": {"text": METRICS[metric], "side": "right"}, "thickness": 14, "len": 0.7},
            },
            hoverinfo="skip",
            name=METRICS[metric],
            showlegend=False,
        )
    )
    hidden = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    layout = house_layout(
        height=560,
        xaxis={**hidden, "range": LON_RANGE},
        yaxis={**hidden, "range": LAT_RANGE, "scaleanchor": "x", "scaleratio": LAT_SCALE},
        margin={"l": 0, "r": 0, "t": 0, "b": 36},
        clickmode="event",
        dragmode=False,
        hovermode="closest",
        meta={"kategorie": "Land"},  # the first header of the chart's CSV
        legend={  # below the map, where it covers no state
            "orientation": "h",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "top",
            "itemclick": False,
            "itemdoubleclick": False,
        },
    )
    # a plain dict, never a go.Figure: with Plotly validating some 4 000 boundary points the figure took
    # 39 ms of CPU to build, as a dict 3.5 ms
    return framed_if({"data": traces, "layout": layout}, chart_frame)


def _share(value: float, lowest: float, highest: float) -> float:
    """Where ``value`` lies on the colour scale, 0 … 1 (values beyond its ends take the end's colour)."""
    return min(max((value - lowest) / (highest - lowest), 0.0), 1.0)


def _colour_range(metric: str, highest: float) -> dict:
    """Counts are coloured from 0 (so a small value never looks like a grey, non-participating state);
    the share of the target diverges around 100 % (0 … 200 %, higher values take the darkest green)."""
    if metric == "ziel":
        return {"colorscale": TARGET_SCALE, "cmin": 0, "cmax": 200}
    return {"colorscale": MAP_SCALE, "cmin": 0, "cmax": max(float(highest), 1.0)}


def stand_line(day: date) -> dict:
    """A dotted vertical line at the Stand day across the plot (cheaper than ``add_vline``)."""
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": day,
        "x1": day,
        "y0": 0,
        "y1": 1,
        "line": {"color": MUTED, "width": 1, "dash": "dot"},
    }


def _hover(row, day: date) -> str:
    """German hover text of one state at the Stand day."""
    target = "" if fmt.is_missing(row.target) else f" von {fmt.number(row.target)} ({fmt.percent(row.reached)})"
    lines = [
        f"<b>{row.name}</b> · Stand {fmt.day(day)}",
        f"Kommunen: {fmt.number(row.kommunen)}{target}",
        f"Klimaschutzpat:innen: {fmt.number(row.paten)}",
        f"Projekte: {fmt.number(row.projekte)}",
        f"CO₂-Einsparung: {fmt.tonnes(row.co2)}/Jahr",
        f"Zielpfad: {target_status_text(row)}",
        "Klick öffnet die Länderseite",
    ]
    return "<br>".join(lines)


def growth_figure(
    growth: pd.DataFrame,
    names: dict[str, str],
    metric: str,
    lagging: set[str],
    first: date,
    last: date,
    targets: dict[str, tuple[float, date]],
    day: date,
    *,
    chart_frame: ChartFrame | None = None,
) -> dict:
    """Cumulative month-end values per state up to the Stand, with the straight-line target path(s).

    ``growth`` is long format (month_end, state_code, value) already in the unit of ``metric``
    (for "ziel": percent of the state's target). ``targets``: state → (value, due) for Kommunen.
    """
    series: dict[str, tuple[list, list]] = {}  # state → (month ends, values), one pass over the rows
    for code, month_end, value in zip(growth["state_code"], growth["month_end"], growth["value"], strict=True):
        xs, ys = series.setdefault(code, ([], []))
        xs.append(month_end)
        ys.append(float(value))
    traces: list[dict] = []
    for index, code in enumerate(sorted(series, key=lambda c: names.get(c, c))):
        xs, ys = series[code]
        name = names.get(code, code)
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "name": f"⚠ {name}" if code in lagging else name,
                "line": {"color": SERIES[index % len(SERIES)], "width": 4 if code in lagging else 2.5},
                "hovertemplate": f"{name} %{{x|%d.%m.%Y}}: {HOVER_VALUE[metric]}<extra></extra>",
            }
        )
    if metric in ("kommunen", "ziel") and targets:
        paths = {(1.0 if metric == "ziel" else value, due) for value, due in targets.values()}
        for value, due in sorted(paths):
            end = 100.0 if metric == "ziel" else value
            label = "Zielpfad: 100 %" if metric == "ziel" else f"Zielpfad: {fmt.number(value)} je Land"
            traces.append(
                {
                    "type": "scatter",
                    "x": [first, due],
                    "y": [0, target_on(due, first, due, end)],
                    "mode": "lines",
                    "name": f"{label} bis {fmt.day(due)}",
                    "line": {"color": TARGET, "width": 3, "dash": "dash"},
                    "hoverinfo": "skip",
                }
            )
    stand_label = {
        "x": day,
        "y": 1,
        "yref": "paper",
        "text": f"Stand {fmt.day(day)}",
        "showarrow": False,
        "yanchor": "bottom",
        "font": {"color": MUTED},
    }
    annotations = [stand_label, *_end_labels(traces)]
    if not series:
        annotations.append(empty_note("Keine Daten bis zum Stand"))
    layout = house_layout(
        height=520,
        show_legend=False,
        shapes=[stand_line(day)],
        annotations=annotations,
        margin={"r": 190, "t": 30},
        xaxis={"range": [first, last], "tickformat": "%m/%Y"},
        meta={"kategorie": "Monatsende"},  # the first header of the chart's CSV
        yaxis={"title": {"text": METRICS[metric]}, "rangemode": "tozero"},
    )
    return framed_if({"data": traces, "layout": layout}, chart_frame)


def _end_labels(traces: list[dict]) -> list[dict]:
    """Each line named at its end, in its own colour (no legend to decode); labels pushed apart so
    close lines stay readable."""
    ends = []
    for trace in traces:
        xs, ys = trace["x"], trace["y"]
        if xs and ys:
            ends.append([float(ys[-1]), xs[-1], trace["name"], trace["line"]["color"]])
    if not ends:
        return []
    top = max(max(float(y) for y in trace["y"]) for trace in traces if len(trace["y"])) or 1.0
    gap = top / 22  # about one line of label text on a 520 px high chart
    ends.sort(key=lambda end: end[0])
    for lower, upper in pairwise(ends):
        upper[0] = max(upper[0], lower[0] + gap)
    return [
        {
            "x": x,
            "y": y,
            "text": name.replace(" bis ", "<br>bis "),  # "Zielpfad: … bis 28.02.2025" on two lines
            "showarrow": False,
            "xanchor": "left",
            "xshift": 6,
            "font": {"color": colour, "size": 14},
        }
        for y, x, name, colour in ends
    ]


def stacked_bar(rows: list[str], counts: list[int], label: str, colour: str) -> dict:
    """One segment of a horizontal stacked bar chart: German counts inside the bars and in the hover."""
    return {
        "type": "bar",
        "y": rows,
        "x": counts,
        "orientation": "h",
        "name": label,
        "marker": {"color": colour, "line": {"color": "white", "width": 1}},
        "text": [fmt.number(c) if c else "" for c in counts],
        "textposition": "inside",
        "textangle": 0,
        "customdata": [[fmt.number(c)] for c in counts],
        "hovertemplate": "%{y}: %{customdata[0]} " + label + "<extra></extra>",
    }


def pipeline_figure(frame: pd.DataFrame, *, chart_frame: ChartFrame | None = None) -> dict:
    """Stacked horizontal bars: municipalities of each participating state by pipeline stage at the Stand."""
    data = frame[frame["participating"]].sort_values("name", ascending=False)
    states = list(data["name"])
    traces: list[dict] = []
    for stage in STAGES:
        style = STAGE_STYLES[stage]
        counts = [int(count) for count in data[f"stage_{stage}"]]
        traces.append({**stacked_bar(states, counts, style.label, style.colour), "insidetextanchor": "middle"})
    layout = house_layout(
        height=max(320, 60 + 44 * len(states)),
        barmode="stack",
        margin={"l": 200, "t": 60},
        legend={"traceorder": "normal"},
        xaxis={"title": {"text": "Kommunen"}, "showgrid": True, "gridcolor": GRID},
    )
    if not states:
        layout["annotations"] = [empty_note("Keine Länder")]
    return framed_if({"data": traces, "layout": layout}, chart_frame)


MILESTONE_COLOURS = {"programm": SERIES[3], "kickoff_bund": SERIES[2], "coaching": SERIES[1], "kickoff_land": SERIES[0]}


def milestone_row(kind: str, title: str, state_name: str | None) -> str:
    """The timeline row of a milestone: one per state for kick-offs, one per kind otherwise."""
    if kind == "kickoff_land" and state_name:
        return f"Kick-off {state_name}"
    return vocab.MILESTONE_KINDS.get(kind, kind)


def milestones_figure(
    milestones: pd.DataFrame,
    names: dict[str, str],
    day: date,
    first: date,
    last: date,
    *,
    chart_frame: ChartFrame | None = None,
) -> dict:
    """A timeline: program events on top, then one row per state kick-off; those after the Stand are hollow."""
    traces: list[dict] = []
    rows: list[str] = []
    for kind, colour in MILESTONE_COLOURS.items():
        events = [event for event in milestones.itertuples() if event.kind == kind]
        if not events:
            continue
        labels = [milestone_row(kind, e.title, names.get(e.state_code)) for e in events]
        rows.extend(label for label in labels if label not in rows)
        reached = [e.happened_on <= day for e in events]
        traces.append(
            {
                "type": "scatter",
                "x": [e.happened_on for e in events],
                "y": labels,
                "mode": "markers+text",
                "text": [_short_title(e) for e in events],
                "textposition": [_text_position(e, last) for e in events],
                "marker": {
                    "size": 15,
                    "symbol": ["circle" if r else "circle-open" for r in reached],
                    "color": colour,
                    "line": {"width": 2, "color": colour},
                },
                "customdata": [
                    [f"{e.title}<br>{fmt.day(e.happened_on)} · {'erreicht' if ok else 'nach dem Stand'}"]
                    for e, ok in zip(events, reached, strict=True)
                ],
                "hovertemplate": "%{customdata[0]}<extra></extra>",
                "name": vocab.MILESTONE_KINDS.get(kind, kind),
                "cliponaxis": False,
            }
        )
    layout = house_layout(
        height=max(260, 60 + 34 * len(rows)),
        show_legend=False,
        shapes=[stand_line(day)],
        meta={"kategorie": "Datum"},
        margin={"l": 250, "t": 20, "b": 40, "r": 30},
        xaxis={"range": [first - timedelta(days=20), last + timedelta(days=90)], "tickformat": "%m/%Y"},
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(rows)), "showgrid": True},
    )
    if milestones.empty:
        layout["annotations"] = [empty_note("Keine Meilensteine erfasst")]
    return framed_if({"data": traces, "layout": layout}, chart_frame)


def _short_title(row) -> str:
    if row.kind == "coaching":
        return row.title.split(" ")[0]  # "1." – the row says "Coaching", the hover gives the date
    if row.kind == "programm":
        return f"{row.title.replace(' KlikKS', '')} {fmt.day(row.happened_on)}"
    return fmt.day(row.happened_on)


def _text_position(row, last: date) -> str:
    """Labels right of the marker, except near the end of the axis where they would be cut off."""
    return "middle left" if (last - row.happened_on).days < 200 else "middle right"


def measure_status_figure(status: pd.DataFrame, *, chart_frame: ChartFrame | None = None) -> dict:
    """Stacked horizontal bars: the state's measures per program by current status."""
    counted: dict[tuple[str, str], int] = {}  # (program, status) → measures, one pass over the rows
    for program, key, measures in zip(status["program"], status["status"], status["measures"], strict=True):
        counted[program, key] = counted.get((program, key), 0) + int(measures)
    programs = list(dict.fromkeys(status["program"]))
    traces: list[dict] = []
    for key, style in MEASURE_STATUS_STYLES.items():
        counts = [counted.get((program, key), 0) for program in programs]
        if not any(counts):
            continue
        traces.append(stacked_bar(programs, counts, style.label, style.colour))
    layout = house_layout(
        height=max(240, 140 + 60 * len(programs)),
        barmode="stack",
        margin={"l": 220, "t": 70},
        legend={"traceorder": "normal"},
        xaxis={"title": {"text": "Maßnahmen"}, "showgrid": True, "gridcolor": GRID},
        yaxis={"tickfont": {"color": INK}},
    )
    if not programs:
        layout["annotations"] = [empty_note("Keine Maßnahmen bis zum Stand")]
    return framed_if({"data": traces, "layout": layout}, chart_frame)


def laender_frame(sel: Selection, chart: str, state_name: str | None = None) -> ChartFrame:
    """The frame of a chart of the Länder pages (``karte``, ``wachstum``, ``pipeline``, ``meilensteine``,
    ``massnahmen``): title and unit, the program as its filter (the metric is in the title), the Stand."""
    metric = METRICS[sel.metric]
    growth = f"{state_name}: {metric} im Zeitverlauf" if state_name else f"Wachstum je Land: {metric}"
    title, unit, source = {
        "karte": (f"{metric} je Land", metric, f"{SOURCE}; {BKG_CREDIT}"),
        "wachstum": (growth, metric, SOURCE),
        "pipeline": ("Kommunen je Land nach Phase", "Anzahl Kommunen", SOURCE),
        "meilensteine": ("Meilensteine des Programms", "", SOURCE),
        "massnahmen": (f"{state_name}: Maßnahmen nach Status", "Anzahl Maßnahmen", SOURCE),
    }[chart]
    # the map's column is narrow and its footer long (the boundaries' credit): two lines
    return ChartFrame(title, sel.day, f"Programm: {sel.program.short_name}", unit, source, narrow=chart == "karte")


def growth_chart(sel: Selection, frame: pd.DataFrame, growth: pd.DataFrame, *, state_name: str | None = None):
    """The growth figure of a view, framed (both Länder pages show it)."""
    names = dict(zip(frame["code"], frame["name"], strict=True))
    return growth_figure(
        growth,
        names,
        sel.metric,
        set(frame.loc[frame["lagging"], "code"]),
        sel.program.starts_on,
        sel.program.ends_on,
        state_targets(frame),
        sel.day,
        chart_frame=laender_frame(sel, "wachstum", state_name),
    )
