"""Figures of the cohort pages: timeline, sizes, attendance funnels and goals. Pure functions of DataFrames.

Figures are plain Plotly figure dicts (which ``dcc.Graph`` takes as they are) on top of the house style
from :func:`layouts.theme.house_layout`: building ``go.Figure`` objects validates every property again
and cost most of the callbacks' time at demo scale.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import ParamSpec

import pandas as pd

from data import vocab
from data.filters import Choices, FilterModel
from data.queries.kohorten_funnel import STAGES
from layouts import format as fmt
from layouts.chart_frame import ChartFrame, framed_if
from layouts.status import COHORT_STATUS_STYLES, GOAL_STATUS_STYLES
from layouts.theme import PRIMARY, empty_note, house_layout

# five formats, five clearly different hues (the two greens of SERIES would look alike side by side)
KIND_COLOURS = {
    "coaching": "#475569",
    "schulung": "#2563eb",
    "workshop": "#9333ea",
    "vernetzung": "#c2410c",
    "klimatraining": "#1b6e53",
}
LINE_COLOURS = ("#1b6e53", "#2563eb", "#9333ea", "#c2410c", "#be123c", "#4d7c0f", "#475569", "#0f766e")
TOPIC_ORDER = list(vocab.GOAL_TOPICS)
MIN_BAR = timedelta(days=12)

Figure = dict
P = ParamSpec("P")

# chart → (title, unit) of the Kohorten charts; detail charts name their cohort in front
CHART_TITLES = {
    "zeitleiste": ("Kohorten im Zeitverlauf", ""),
    "groessen": ("Größe der Kohorten", "Angemeldete je Kohorte"),
    "vergleich": ("Teilnahme je Schritt im Vergleich", "% der Angemeldeten"),
    "ziele": ("Persönliche Ziele nach Themenfeld und Status", "Anzahl Ziele"),
    "erreicht": ("Erreichte Ziele je Kohorte", "% der Ziele"),
    "trichter": ("Teilnahme je Schritt", "Personen"),
}


def kohorten_frame(
    chart: str, filt: FilterModel | None, stand: date, choices: Choices | None = None, cohort: str | None = None
) -> ChartFrame:
    """The frame of a Kohorten chart: title and unit, the page's filters in words (or the cohort), the Stand."""
    title, unit = CHART_TITLES[chart]
    if cohort:
        return ChartFrame(title, stand, f"Kohorte: {cohort}", unit, name=f"{cohort} {title}")
    return ChartFrame(title, stand, filt.describe(choices) if filt else "", unit)


def frameable(builder: Callable[P, Figure]) -> Callable[..., Figure]:
    """Gives a figure builder the keyword ``chart_frame``: with it, the figure carries its frame."""

    @wraps(builder)
    def build(*args: P.args, chart_frame: ChartFrame | None = None, **kwargs: P.kwargs) -> Figure:
        return framed_if(builder(*args, **kwargs), chart_frame)

    return build


def short_title(title: str) -> str:
    """Cohort titles without the words every legend entry would repeat."""
    return title.replace("KlimaTraining Münster – ", "").replace("Schulung Klimaschutzpat:innen ", "Schulung ")


def figure(data: list[dict], height: int, show_legend: bool = True, **layout: object) -> Figure:
    """A figure dict in the house style with ``layout`` merged in (nested dicts are merged, not replaced)."""
    return {"data": data, "layout": house_layout(height=height, show_legend=show_legend, **layout)}


def _empty(text: str, height: int = 320, show_legend: bool = True) -> Figure:
    return figure(
        [],
        height,
        show_legend,
        annotations=[empty_note(text)],
        xaxis={"visible": False},
        yaxis={"visible": False},
    )


@frameable
def timeline_figure(cohorts: pd.DataFrame) -> Figure:
    """Gantt chart: one bar per cohort from start to end, coloured by format; cancelled ones hatched."""
    if cohorts.empty:
        return _empty("Keine Kohorten für diese Auswahl", 260)
    every = list(cohorts.itertuples())
    labels = [f"{row.title} ({row.starts_on.year})" for row in every]
    by_kind: dict[str, list[tuple]] = {}  # one pass over the cohorts, not a mask per format
    for row, row_label in zip(every, labels, strict=True):
        by_kind.setdefault(row.kind, []).append((row, row_label))
    data = []
    for kind, label in vocab.COHORT_KINDS.items():
        if kind not in by_kind:
            continue
        rows, kind_labels = zip(*by_kind[kind], strict=True)
        # one-day events are drawn MIN_BAR wide so they stay visible; the hover shows the real dates
        ends = [max((r.ends_on or r.starts_on) + timedelta(days=1), r.starts_on + MIN_BAR) for r in rows]
        data.append(
            {
                "type": "bar",
                "name": label,
                "orientation": "h",
                "y": list(kind_labels),
                "base": [r.starts_on.isoformat() for r in rows],
                "x": [(end - r.starts_on).days * 86_400_000 for r, end in zip(rows, ends, strict=True)],
                "marker": {
                    "color": KIND_COLOURS[kind],
                    "pattern": {"shape": ["x" if r.status == "abgesagt" else "" for r in rows]},
                },
                "customdata": [
                    [
                        int(r.id),
                        f"{fmt.day(r.starts_on)} – {fmt.day(r.ends_on)}",
                        _status_text(r.status),
                        fmt.number(r.registered),
                        fmt.number(r.completed),
                    ]
                    for r in rows
                ],
                "hovertemplate": "<b>%{y}</b><br>"
                + label
                + " · %{customdata[2]}<br>%{customdata[1]}<br>Angemeldet: %{customdata[3]} · "
                "abgeschlossen: %{customdata[4]}<extra></extra>",
            }
        )
    return figure(
        data,
        max(300, 90 + 24 * len(cohorts)),
        xaxis={"type": "date", "tickformat": "%m/%Y", "showgrid": True, "gridcolor": "#eef0f2"},
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels, "automargin": True},
        meta={"kategorie": "Kohorte"},  # the first header of the chart's CSV
        barmode="overlay",
        bargap=0.25,
        margin={"l": 10},
    )


def _status_text(status: str) -> str:
    style = COHORT_STATUS_STYLES.get(status)
    return f"{style.icon} {style.label}" if style else fmt.UNKNOWN


@frameable
def sizes_figure(cohorts: pd.DataFrame) -> Figure:
    """Cohort size over time: registered per cohort at its start date, coloured by format."""
    by_kind: dict[str, list] = {}  # one pass over the cohorts, not a mask per format
    for row in cohorts.itertuples():
        if row.registered > 0:
            by_kind.setdefault(row.kind, []).append(row)
    if not by_kind:
        return _empty("Keine Anmeldungen für diese Auswahl", 340)
    data = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": label,
            "x": [row.starts_on.isoformat() for row in by_kind[kind]],
            "y": [int(row.registered) for row in by_kind[kind]],
            "marker": {"color": KIND_COLOURS[kind], "size": 13, "line": {"width": 1, "color": "white"}},
            "customdata": [[row.title, int(row.completed)] for row in by_kind[kind]],
            "hovertemplate": "<b>%{customdata[0]}</b><br>Beginn %{x|%d.%m.%Y}<br>Angemeldet: %{y:,.0f}"
            "<br>Abgeschlossen: %{customdata[1]:,.0f}<extra></extra>",
        }
        for kind, label in vocab.COHORT_KINDS.items()
        if kind in by_kind
    ]
    return figure(
        data,
        340,
        xaxis={"tickformat": "%m/%Y", "title": {"text": "Beginn"}},
        yaxis={"title": {"text": "Angemeldete je Kohorte"}, "rangemode": "tozero"},
    )


@frameable
def funnel_figure(steps: pd.DataFrame) -> Figure:
    """One cohort's funnel: people at each step, with share of registered and drop-off to the step before."""
    if steps.empty or int(steps["count"].iloc[0]) == 0:
        return _empty("Noch keine Anmeldungen", 300, show_legend=False)
    rows = list(steps.itertuples())
    outer = ("angemeldet", "abgeschlossen")
    trace = {
        "type": "funnel",
        "y": [_step_label(row) for row in rows],
        "x": [int(row.count) for row in rows],
        "text": [_step_text(row) for row in rows],
        "textinfo": "text",
        "textposition": "inside",
        "marker": {"color": ["#0f766e" if row.kind in outer else PRIMARY for row in rows]},
        "connector": {"fillcolor": "#d1e7dd"},
        "hovertemplate": "%{y}: %{x:,.0f}<extra></extra>",
    }
    return figure(
        [trace],
        max(300, 70 + 52 * len(rows)),
        show_legend=False,
        margin={"l": 10, "r": 24, "t": 16, "b": 24},
        yaxis={"automargin": True},
    )


def _step_label(row) -> str:
    return f"{row.label} ({fmt.day(row.held_on)})" if row.held_on is not None else row.label


def _step_text(row) -> str:
    share = fmt.UNKNOWN if fmt.is_missing(row.share) else fmt.percent(row.share)
    text = f"{fmt.number(row.count)} · {share}"
    if not fmt.is_missing(row.drop) and row.drop != 0:
        text += f" · {'−' if row.drop > 0 else '+'}{fmt.number(abs(row.drop))}"
    return text


@frameable
def funnel_comparison_figure(stages: pd.DataFrame, titles: dict[int, str]) -> Figure:
    """Share of registered still present at each stage, one line per cohort."""
    if stages.empty:
        return _empty("Keine Kohorten mit mehreren Terminen in dieser Auswahl", 360)
    by_cohort: dict[int, dict[str, tuple]] = {}  # cohort → stage label → (count, share), in the rows' order
    for cohort_id, label, count, share in zip(
        stages["cohort_id"], stages["label"], stages["count"], stages["share"], strict=True
    ):
        by_cohort.setdefault(cohort_id, {}).setdefault(label, (count, share))
    data = []
    for index, (cohort_id, found) in enumerate(by_cohort.items()):
        # every step on the axis, a gap where a cohort has no such step: no line is drawn across it
        points = [found.get(label, (None, None)) for label in STAGES.values()]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "connectgaps": False,
                "name": short_title(titles.get(cohort_id, str(cohort_id))),
                "x": [_wrap(label) for label in STAGES.values()],
                "y": [None if fmt.is_missing(share) else float(share) * 100 for _count, share in points],
                "line": {"width": 3, "color": LINE_COLOURS[index % len(LINE_COLOURS)]},
                "marker": {"size": 8},
                "customdata": [None if fmt.is_missing(count) else float(count) for count, _share in points],
                "hovertemplate": "%{x}: %{y:.0f} % (Ø %{customdata:,.1f} Personen)<extra>%{fullData.name}</extra>",
            }
        )
    return figure(
        data,
        460,
        xaxis={
            "categoryorder": "array",
            "categoryarray": [_wrap(s) for s in STAGES.values()],
            "tickangle": 0,
            "tickfont": {"size": 13},
        },
        yaxis={"title": {"text": "% der Angemeldeten"}, "range": [0, 105], "ticksuffix": " %"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0, "font": {"size": 13}},
        margin={"b": 70 + 22 * -(-len(data) // 2)},  # room for the legend below (two names a row)
    )


def _wrap(label: str) -> str:
    """Axis labels on two lines so six of them fit side by side in half a screen."""
    return (
        label.replace(" & ", " &<br>")
        .replace("Ausprobierphase", "Ausprobier-<br>phase")
        .replace("Abgeschlossen", "Abge-<br>schlossen")
    )


@frameable
def goals_status_figure(counts: pd.DataFrame) -> Figure:
    """Goals per topic field, stacked by status (colour + icon + label in the legend and on hover)."""
    if counts.empty:
        return _empty("Keine persönlichen Ziele erfasst", 320)
    totals: dict[tuple[str, str], int] = {}  # (topic, status) → goals
    for topic, status, goals in zip(counts["topic"], counts["status"], counts["goals"], strict=True):
        totals[topic, status] = totals.get((topic, status), 0) + int(goals)
    topics = [t for t in TOPIC_ORDER if any(topic == t for topic, _status in totals)]
    data = [
        {
            "type": "bar",
            "name": f"{style.icon} {style.label}",
            "x": [vocab.GOAL_TOPICS[t] for t in topics],
            "y": [totals.get((t, status), 0) for t in topics],
            "marker": {"color": style.colour},
            "hovertemplate": "%{x}: %{y:,.0f} Ziele " + style.label.lower() + "<extra></extra>",
        }
        for status, style in GOAL_STATUS_STYLES.items()
    ]
    return figure(data, 340, barmode="stack", yaxis={"title": {"text": "Ziele"}})


@frameable
def achievement_figure(by_cohort: pd.DataFrame, titles: dict[int, str]) -> Figure:
    """Achievement rate per cohort (bars) with the CO₂ of achieved goals as bar text."""
    if by_cohort.empty:
        return _empty("Keine persönlichen Ziele erfasst", 320, show_legend=False)
    rows = list(by_cohort.itertuples())
    trace = {
        "type": "bar",
        "x": [short_title(titles.get(r.cohort_id, str(r.cohort_id))) for r in rows],
        "y": [float(r.rate) * 100 for r in rows],
        "marker": {"color": GOAL_STATUS_STYLES["erreicht"].colour},
        "text": [f"{fmt.percent(r.rate)}<br>{fmt.number(r.co2_achieved, 1)} t CO₂/Jahr" for r in rows],
        "textposition": "outside",
        "textfont": {"size": 14},
        "cliponaxis": False,
        "customdata": [[int(r.achieved), int(r.goals)] for r in rows],
        "hovertemplate": "%{x}: %{customdata[0]:,.0f} von %{customdata[1]:,.0f} Zielen erreicht<extra></extra>",
    }
    return figure(
        [trace],
        340,
        show_legend=False,
        yaxis={"title": {"text": "Ziele erreicht (%)"}, "range": [0, 110], "ticksuffix": " %"},
    )
