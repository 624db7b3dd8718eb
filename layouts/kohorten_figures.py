"""Figures of the cohort pages: timeline, sizes, attendance funnels and goals. Pure functions of DataFrames."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go

from data import vocab
from data.queries.kohorten_funnel import STAGES
from layouts import format as fmt
from layouts.status import COHORT_STATUS_STYLES, GOAL_STATUS_STYLES
from layouts.theme import MUTED, PRIMARY, SERIES, base_layout

KIND_COLOURS = dict(zip(vocab.COHORT_KINDS, SERIES, strict=False))
TOPIC_ORDER = list(vocab.GOAL_TOPICS)
MIN_BAR = timedelta(days=12)


def short_title(title: str) -> str:
    """Cohort titles without the words every legend entry would repeat."""
    return title.replace("KlimaTraining Münster – ", "").replace("Schulung Klimaschutzpat:innen ", "Schulung ")


def _empty(fig: go.Figure, text: str) -> go.Figure:
    fig.add_annotation(text=text, showarrow=False, font={"color": MUTED, "size": 18}, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def timeline_figure(cohorts: pd.DataFrame) -> go.Figure:
    """Gantt chart: one bar per cohort from start to end, coloured by format; cancelled ones hatched."""
    fig = go.Figure()
    if cohorts.empty:
        return _empty(base_layout(fig, height=260), "Keine Kohorten für diese Auswahl")
    labels = [f"{row.title} ({fmt.day(row.starts_on)[-4:]})" for row in cohorts.itertuples()]
    for kind, label in vocab.COHORT_KINDS.items():
        part = cohorts[cohorts["kind"] == kind]
        if part.empty:
            continue
        rows = list(part.itertuples())
        # one-day events are drawn MIN_BAR_DAYS wide so they stay visible; the hover shows the real dates
        ends = [max((r.ends_on or r.starts_on) + timedelta(days=1), r.starts_on + MIN_BAR) for r in rows]
        fig.add_trace(
            go.Bar(
                name=label,
                orientation="h",
                y=[labels[cohorts.index.get_loc(i)] for i in part.index],
                base=[r.starts_on.isoformat() for r in rows],
                x=[(end - r.starts_on).days * 86_400_000 for r, end in zip(rows, ends, strict=True)],
                marker={
                    "color": KIND_COLOURS[kind],
                    "pattern": {"shape": ["x" if r.status == "abgesagt" else "" for r in rows]},
                },
                customdata=[
                    [
                        r.id,
                        f"{fmt.day(r.starts_on)} – {fmt.day(r.ends_on)}",
                        _status_text(r.status),
                        fmt.number(r.registered),
                        fmt.number(r.completed),
                    ]
                    for r in rows
                ],
                hovertemplate="<b>%{y}</b><br>"
                + label
                + " · %{customdata[2]}<br>%{customdata[1]}<br>Angemeldet: %{customdata[3]} · "
                "abgeschlossen: %{customdata[4]}<extra></extra>",
            )
        )
    fig.update_xaxes(type="date", tickformat="%m/%Y", showgrid=True, gridcolor="#eef0f2")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels, automargin=True)
    base_layout(fig, height=max(300, 90 + 24 * len(cohorts)))
    fig.update_layout(barmode="overlay", bargap=0.25, margin={"l": 10})
    return fig


def _status_text(status: str) -> str:
    style = COHORT_STATUS_STYLES.get(status)
    return f"{style.icon} {style.label}" if style else fmt.UNKNOWN


def sizes_figure(cohorts: pd.DataFrame) -> go.Figure:
    """Cohort size over time: registered (filled) and completed (ring) per cohort at its start date."""
    fig = go.Figure()
    data = cohorts[cohorts["registered"] > 0]
    if data.empty:
        return _empty(base_layout(fig, height=340), "Keine Anmeldungen für diese Auswahl")
    for kind, label in vocab.COHORT_KINDS.items():
        part = data[data["kind"] == kind]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["starts_on"],
                y=part["registered"],
                mode="markers",
                name=label,
                marker={"color": KIND_COLOURS[kind], "size": 13, "line": {"width": 1, "color": "white"}},
                customdata=part[["title", "completed"]].to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b><br>Beginn %{x|%d.%m.%Y}<br>Angemeldet: %{y:,.0f}"
                "<br>Abgeschlossen: %{customdata[1]:,.0f}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text="Angemeldete je Kohorte", rangemode="tozero")
    fig.update_xaxes(tickformat="%m/%Y", title_text="Beginn")
    return base_layout(fig, height=340)


def funnel_figure(steps: pd.DataFrame) -> go.Figure:
    """One cohort's funnel: people at each step, with share of registered and drop-off to the step before."""
    fig = go.Figure()
    if steps.empty or int(steps["count"].iloc[0]) == 0:
        return _empty(base_layout(fig, height=300, legend=False), "Noch keine Anmeldungen")
    labels = [_step_label(row) for row in steps.itertuples()]
    fig.add_trace(
        go.Funnel(
            y=labels,
            x=steps["count"],
            text=[_step_text(row) for row in steps.itertuples()],
            textinfo="text",
            textposition="inside",
            marker={
                "color": [
                    PRIMARY if row.kind not in ("angemeldet", "abgeschlossen") else "#0f766e"
                    for row in steps.itertuples()
                ]
            },
            connector={"fillcolor": "#d1e7dd"},
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        )
    )
    base_layout(fig, height=max(300, 70 + 52 * len(steps)), legend=False)
    fig.update_layout(margin={"l": 10, "r": 24, "t": 16, "b": 24})
    fig.update_yaxes(automargin=True)
    return fig


def _step_label(row) -> str:
    return f"{row.label} ({fmt.day(row.held_on)})" if row.held_on is not None else row.label


def _step_text(row) -> str:
    share = fmt.percent(row.share) if row.share is not None and not fmt.is_missing(row.share) else fmt.UNKNOWN
    text = f"{fmt.number(row.count)} · {share}"
    if row.drop is not None and not fmt.is_missing(row.drop) and row.drop != 0:
        text += f" · {'−' if row.drop > 0 else '+'}{fmt.number(abs(row.drop))}"
    return text


def funnel_comparison_figure(stages: pd.DataFrame, titles: dict[int, str]) -> go.Figure:
    """Share of registered still present at each stage, one line per cohort."""
    fig = go.Figure()
    if stages.empty:
        return _empty(base_layout(fig, height=360), "Keine Kohorten mit mehreren Terminen in dieser Auswahl")
    for index, (cohort_id, part) in enumerate(stages.groupby("cohort_id", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=[_wrap(label) for label in part["label"]],
                y=part["share"] * 100,
                mode="lines+markers",
                name=short_title(titles.get(cohort_id, str(cohort_id))),
                line={"width": 3, "color": SERIES[index % len(SERIES)]},
                marker={"size": 8},
                customdata=part["count"],
                hovertemplate="%{x}: %{y:.0f} % (Ø %{customdata:,.1f} Personen)<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_xaxes(categoryorder="array", categoryarray=[_wrap(s) for s in STAGES.values()], tickangle=0)
    fig.update_yaxes(title_text="% der Angemeldeten", range=[0, 105], ticksuffix=" %")
    base_layout(fig, height=460)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "font": {"size": 13}})
    return fig


def _wrap(label: str) -> str:
    return label.replace(" & ", " &<br>").replace(" (Ø)", "<br>(Ø)")


def goals_status_figure(counts: pd.DataFrame) -> go.Figure:
    """Goals per topic field, stacked by status (colour + label in the legend and on hover)."""
    fig = go.Figure()
    if counts.empty:
        return _empty(base_layout(fig, height=320), "Keine persönlichen Ziele erfasst")
    table = counts.groupby(["topic", "status"])["goals"].sum().unstack(fill_value=0)
    topics = [t for t in TOPIC_ORDER if t in table.index]
    for status, style in GOAL_STATUS_STYLES.items():
        values = [int(table.at[t, status]) if status in table.columns else 0 for t in topics]
        fig.add_trace(
            go.Bar(
                name=f"{style.icon} {style.label}",
                x=[vocab.GOAL_TOPICS[t] for t in topics],
                y=values,
                marker={"color": style.colour},
                hovertemplate="%{x}: %{y:,.0f} Ziele " + style.label.lower() + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text="Ziele")
    return base_layout(fig, height=340)


def achievement_figure(by_cohort: pd.DataFrame, titles: dict[int, str]) -> go.Figure:
    """Achievement rate per cohort (bars) with the CO₂ of achieved goals as bar text."""
    fig = go.Figure()
    if by_cohort.empty:
        return _empty(base_layout(fig, height=320, legend=False), "Keine persönlichen Ziele erfasst")
    names = [short_title(titles.get(c, str(c))) for c in by_cohort["cohort_id"]]
    fig.add_trace(
        go.Bar(
            x=names,
            y=by_cohort["rate"] * 100,
            marker={"color": GOAL_STATUS_STYLES["erreicht"].colour},
            text=[
                f"{fmt.percent(r.rate)}<br>{fmt.number(r.co2_achieved, 1)} t CO₂/Jahr" for r in by_cohort.itertuples()
            ],
            textposition="outside",
            textfont={"size": 14},
            cliponaxis=False,
            customdata=by_cohort[["achieved", "goals"]].to_numpy(),
            hovertemplate="%{x}: %{customdata[0]:,.0f} von %{customdata[1]:,.0f} Zielen erreicht<extra></extra>",
        )
    )
    fig.update_yaxes(title_text="Ziele erreicht (%)", range=[0, 110], ticksuffix=" %")
    return base_layout(fig, height=340, legend=False)
