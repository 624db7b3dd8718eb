"""The frame every chart carries inside the figure, like Our World in Data's Grapher: title, a subtitle
with the active filters in words and the unit, and a footer "Quelle: … · Stand TT.MM.JJJJ".

Because the frame is part of the figure (layout title and an annotation), a PNG or SVG export carries
it. The figure's ``layout.meta.datei`` holds the German file name stem the download menu uses
(``klikks_kommunen-je-land_stand-2025-02-28``) and, where no axis title names them, what the
categories are (``layout.meta.kategorie``, the CSV's first header); the menu is :func:`download_menu`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from layouts import format as fmt
from layouts.theme import SUBTLE, figure_dict

SOURCE = "KlikKS-Programmdatenbank"
FILE_PREFIX = "klikks"
TITLE_SIZE = 19
SUBTITLE_SIZE = 14
HEADER_HEIGHT = 66  # title and subtitle above the plot (and above a legend on top)
FOOTER_HEIGHT = 30
FOOTER_LINE = 16
LEGEND_ROW, LEGEND_ITEM, LEGEND_CHAR, LEGEND_WIDTH = 26, 44, 8, 450  # px, for legend_room()
NO_FILTER = "ohne Filter"
DOWNLOADS = (("png", "Bild (PNG)"), ("svg", "Vektorgrafik (SVG)"), ("csv", "Daten (CSV)"))


@dataclass(frozen=True)
class ChartFrame:
    """What a chart says about itself. ``filters``: the active filters in words (see
    :meth:`data.filters.FilterModel.describe`); ``name``: the file name part, derived from the title."""

    title: str
    stand: date
    filters: str = ""
    unit: str = ""
    source: str = SOURCE
    name: str = ""
    narrow: bool = False  # a chart in a narrow column: the footer takes two lines

    @property
    def subtitle(self) -> str:
        """``Programm: KlikKS · Status: Geplant · Anzahl Maßnahmen``: the filters, then the unit."""
        return " · ".join(part for part in (self.filters or NO_FILTER, self.unit) if part)

    @property
    def footer(self) -> str:
        return f"Quelle: {self.source} · Stand {fmt.day(self.stand)}"

    @property
    def footer_lines(self) -> list[str]:
        """One line; in a narrow chart the Stand and each of several sources (``a; b``) on a line of its own."""
        if self.narrow:
            *firsts, last = self.source.split("; ")
            lines = [f"{part};" for part in firsts] + [f"{last} ·", f"Stand {fmt.day(self.stand)}"]
            return [f"Quelle: {lines[0]}", *lines[1:]]
        return [self.footer]

    @property
    def file_stem(self) -> str:
        """``klikks_kommunen-je-land_stand-2025-02-28``."""
        return f"{FILE_PREFIX}_{slug(self.name or self.title)}_stand-{self.stand.isoformat()}"


def slug(text: str) -> str:
    """``Kommunen je Land`` → ``kommunen-je-land``; umlauts written out as Germans do (ä → ae, ß → ss)."""
    text = text.lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("₂", "2")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "diagramm"


def framed(figure: go.Figure | dict, frame: ChartFrame) -> dict:
    """The figure as a plain dict with title, subtitle, unit and the "Quelle · Stand" footer inside it.

    Header and footer get bands of their own (top and bottom margins grow, and the height with them),
    so the plot area keeps the size its builder chose; a legend on top gets room between title and plot."""
    plain = figure_dict(figure)
    layout = plain["layout"]
    margin = layout.setdefault("margin", {})
    top, bottom = margin.get("t", 24), margin.get("b", 48)
    header = HEADER_HEIGHT + legend_room(plain)
    footer_height = FOOTER_HEIGHT + FOOTER_LINE * (len(frame.footer_lines) - 1)
    margin.update(t=max(top, header + 8), b=bottom + footer_height)
    margin.setdefault("l", 60)
    margin.setdefault("r", 24)
    if "height" in layout:
        layout["height"] += margin["t"] - top + footer_height
        if legend_room(plain):  # right under the header, wherever the plot's left edge ends up
            layout["legend"] = {
                **layout.get("legend", {}),
                "yref": "container",
                "y": 1 - HEADER_HEIGHT / layout["height"],
                "yanchor": "top",
            }
    layout["title"] = {
        "text": f"<b>{_escape(frame.title)}</b>",
        "subtitle": {"text": _escape(frame.subtitle), "font": {"size": SUBTITLE_SIZE, "color": SUBTLE}},
        "x": 0,
        "xref": "container",
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"t": 12, "l": 12},
        "font": {"size": TITLE_SIZE},
    }
    footer = {
        "text": "<br>".join(_escape(line) for line in frame.footer_lines),
        "showarrow": False,
        # at the figure's right edge: the right margin is the builders' own (no automargin there), so the
        # footer has the whole width, whatever room the axis labels on the left take
        "xref": "paper",
        "x": 1,
        "xanchor": "right",
        "xshift": margin["r"] - 12,
        "yref": "paper",
        "y": 0,
        "yanchor": "bottom",
        "yshift": -(bottom + footer_height) + 4,
        "align": "right",
        "font": {"size": 12, "color": SUBTLE},
        "name": "quelle-stand",
    }
    layout["annotations"] = [*layout.get("annotations", []), footer]
    layout["meta"] = {**(layout.get("meta") or {}), "datei": frame.file_stem}
    return plain


def framed_if(figure: go.Figure | dict, frame: ChartFrame | None) -> go.Figure | dict:
    """:func:`framed` when a frame is given; otherwise the figure as its builder made it."""
    return figure if frame is None else framed(figure, frame)


def chart(graph_id: str, title: str, *, loading: bool = True, **graph_props) -> html.Div:
    """A chart as pages show it: its "Herunterladen" menu above the graph (in the house config)."""
    graph = dcc.Graph(id=graph_id, config=fmt.GRAPH_CONFIG, **graph_props)
    return html.Div(
        [
            html.Div(download_menu(graph_id, title), className="d-flex justify-content-end"),
            dcc.Loading(graph, delay_show=300) if loading else graph,
        ]
    )


def legend_room(figure: dict) -> int:
    """Height to keep free for a horizontal legend above the plot: its rows estimated from the names'
    lengths for a chart about 600 px wide (a wider chart needs fewer rows and leaves a small gap)."""
    layout = figure["layout"]
    legend = layout.get("legend") or {}
    if layout.get("showlegend") is False or legend.get("orientation") != "h" or legend.get("y", 1.02) < 1:
        return 0
    names = [trace.get("name") or "" for trace in figure["data"] if trace.get("showlegend", True)]
    if not names:
        return 0
    width = sum(LEGEND_ITEM + LEGEND_CHAR * len(name) for name in names)
    return LEGEND_ROW * -(-width // LEGEND_WIDTH)


def _escape(text: str) -> str:
    """Plotly renders a subset of HTML in titles: user-entered text (filter values) must not add tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def download_menu(graph_id: str, title: str) -> html.Div:
    """The visible "Herunterladen" menu of one chart: PNG, SVG, CSV of the chart's data and "Link kopieren".

    Plain buttons with ``data-chart`` attributes; ``assets/22-chart-download.js`` handles their clicks
    in the browser (Plotly draws the image, the CSV is written from the figure's data, the link is the
    page's URL, which holds every filter). A status line confirms in German."""
    items = [
        html.Button(label, className="dropdown-item", type="button", **{"data-chart": graph_id, "data-action": kind})
        for kind, label in DOWNLOADS
    ]
    items.append(html.Hr(className="dropdown-divider"))
    items.append(
        html.Button(
            "Link kopieren",
            className="dropdown-item",
            type="button",
            **{"data-chart": graph_id, "data-action": "link"},
        )
    )
    return html.Div(
        [
            dbc.DropdownMenu(
                items,
                label=["Herunterladen", html.Span(f": {title}", className="visually-hidden")],
                size="sm",
                color="secondary",
                align_end=True,
                toggle_class_name="chart-download-toggle",
            ),
            html.Span(className="chart-download-status small", role="status", **{"aria-live": "polite"}),
        ],
        className="chart-download d-flex align-items-center gap-2",
    )
