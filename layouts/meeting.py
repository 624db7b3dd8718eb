"""Pieces shared by the presentation and the report: the state comparison and measure lists as plain
tables (they print without cutting columns off), and a view drawn as a slide or as a report section."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from data.queries.massnahmen_lists import MeasureList
from layouts import format as fmt
from layouts.components import data_table
from layouts.laender_metrics import target_status_text
from layouts.status import MEASURE_STATUS_STYLES, status_badge
from layouts.theme import figure_dict, with_font_size

SLIDE_FONT_PX = 22  # the smallest chart text on a slide (legible from the back of a room at 1920×1080)
REPORT_WIDTH_PX = 680  # the printable width of A4 with 15 mm margins at 96 px per inch
REPORT_HEIGHT_PX = 360
REPORT_HEIGHTS_PX = {"karte": 640}  # Germany is taller than wide


def stacked(*parts: Component) -> html.Div:
    return html.Div([html.Div(part, className="mb-3") for part in parts])


def comparison_table(frame: pd.DataFrame) -> html.Div:
    """The participating states at the Stand: Kommunen against target, Pat:innen, projects, t CO₂/year."""
    rows = [
        [
            row.name,
            fmt.number(row.kommunen),
            fmt.number(None if fmt.is_missing(row.target) else row.target),
            fmt.percent(row.reached),
            fmt.number(row.paten),
            fmt.number(row.projekte),
            fmt.quantity(row.co2),
            target_status_text(row),
        ]
        for row in frame[frame["participating"]].itertuples()
    ]
    header = ["Land", "Kommunen", "Ziel", "erreicht", "Pat:innen", "Projekte", "t CO₂/Jahr", "Zielpfad"]
    return data_table(header, rows, numeric_from=1)


def list_subtitle(scope: str, found: MeasureList, definition: str) -> str:
    shown = len(found.rows)
    more = f" (die {shown} ältesten gezeigt)" if found.total > shown else ""
    return f"{scope} · {fmt.number(found.total)} Maßnahmen{more} · {definition}"


def measure_list(found: MeasureList, day_column: str, day_label: str) -> html.Div | html.P:
    """Measures with status (colour, icon and text), place and the day the list is about."""
    if found.rows.empty:
        return html.P("Keine – alle Maßnahmen sind in diesem Sinne aktuell.", className="text-muted")
    rows = [
        [
            html.A(f"{row.code} · {row.title}", href=f"/massnahmen/{row.id}"),
            row.program,
            " · ".join(part for part in (row.municipality, row.state) if part) or fmt.UNKNOWN,
            status_badge(MEASURE_STATUS_STYLES, row.status),
            fmt.day(_as_day(getattr(row, day_column))),
        ]
        for row in found.rows.itertuples()
    ]
    return data_table(["Maßnahme", "Programm", "Ort", "Status", day_label], rows, numeric_from=4)


def _as_day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def slide(title: str, subtitle: str, figure, body: Component | None) -> list:
    """A slide's content: a large heading, the view in words, and the chart filling the rest."""
    content: list = [
        html.H1(title, className="slide-title"),
        html.P(subtitle, className="slide-subtitle"),
    ]
    if figure is not None:
        big = with_font_size(figure, SLIDE_FONT_PX)
        big["layout"].pop("height", None)  # the slide's CSS gives the height
        big["layout"]["autosize"] = True
        content.append(
            dcc.Graph(
                figure=big,
                config={**fmt.GRAPH_CONFIG, "displayModeBar": False, "responsive": True},
                className="slide-graph",
            )
        )
    if body is not None:
        content.append(html.Div(body, className="slide-body"))
    return content


def report_section(key: str, title: str, subtitle: str, figure, body: Component | None) -> html.Section:
    """One section of the A4 report: heading, the view in words, a static chart at print width, a table."""
    parts: list = [html.H2(title, className="report-heading"), html.P(subtitle, className="report-subtitle")]
    if figure is not None:
        plain = figure_dict(figure)
        print_size = {
            "width": REPORT_WIDTH_PX,
            "height": REPORT_HEIGHTS_PX.get(key, REPORT_HEIGHT_PX),
            "autosize": False,
        }
        sized = {"data": plain["data"], "layout": {**plain["layout"], **print_size}}  # the page's figure untouched
        parts.append(
            dcc.Graph(
                figure=sized,
                config={**fmt.GRAPH_CONFIG, "staticPlot": True, "responsive": False},
                className="report-graph",
            )
        )
    if body is not None:
        parts.append(html.Div(body, className="report-body"))
    return html.Section(parts, className="report-section", id=f"bericht-{key}")
