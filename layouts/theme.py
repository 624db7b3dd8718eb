"""Colours and sizes shared by all figures, chosen to stay readable on a projector.

The house style is declared once as a plain layout dict (:func:`house_layout`); every figure is a plain
dict that starts from it (no ``go.Figure`` and its validation pass per request). No Plotly default
template travels with a figure: every setting the charts rely on is written here.
"""

from __future__ import annotations

import base64
import copy
import functools
import re
from typing import Any

import numpy
import plotly.graph_objects as go

from layouts.format import PLOTLY_SEPARATORS

INK = "#1f2933"
MUTED = "#6b7280"
SUBTLE = "#52606d"  # subtitle and footer text: quieter than INK, still ≥ 4.5:1 on white
GRID = "#e5e7eb"
PRIMARY = "#1b6e53"  # a calm green for "actual"
TARGET = "#b45309"  # amber for targets
# Eight clearly different hues (after Okabe & Ito, darkened so line labels in them stay readable on white;
# none is the amber of TARGET)
SERIES = ("#0072b2", "#d55e00", "#007a5e", "#b8407f", "#1f2933", "#8c564b", "#7b2cbf", "#52606d")
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT_SIZE = 15

_AXIS = {"showgrid": False, "linecolor": GRID, "ticks": "outside"}
_HOUSE: dict[str, Any] = {
    "separators": PLOTLY_SEPARATORS,
    "margin": {"l": 60, "r": 24, "t": 24, "b": 48},
    "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": INK},
    "plot_bgcolor": "white",
    "paper_bgcolor": "white",
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
    "hoverlabel": {"font": {"size": FONT_SIZE}},
    "colorway": list(SERIES),
    "xaxis": _AXIS,
    "yaxis": {
        **_AXIS,
        "automargin": True,
        "showgrid": True,
        "gridcolor": GRID,
        "zeroline": False,
        "separatethousands": True,
    },
}


def merge(target: dict, updates: dict) -> dict:
    """Merge ``updates`` into ``target`` in place: nested dicts are merged, everything else replaced."""
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
    return target


def house_layout(*, height: int = 380, show_legend: bool = True, **layout: Any) -> dict:
    """A fresh layout dict in the house style with ``layout`` merged in (nested dicts merged)."""
    base = copy.deepcopy(_HOUSE)
    base.update(height=height, showlegend=show_legend)
    return merge(base, layout)


def empty_note(text: str) -> dict:
    """The annotation an empty chart shows instead of data: muted, centred in the plot area (paper
    coordinates, independent of the axes' types and ranges)."""
    return {"text": text, "showarrow": False, "font": {"color": MUTED, "size": 18}, "xref": "paper", "yref": "paper"}


def figure_dict(fig: go.Figure | dict) -> dict:
    """A figure as the plain dict ``dcc.Graph`` takes, without a template (the house style is in the layout),
    its arrays as plain lists (the download menu writes a chart's CSV from them)."""
    if isinstance(fig, dict):
        return fig
    plain = _plain(fig.to_plotly_json())
    plain["layout"].pop("template", None)
    return {"data": plain["data"], "layout": plain["layout"]}


def _plain(value: Any) -> Any:
    """numpy arrays and Plotly's base64 typed arrays (``{"dtype", "bdata"}``) as lists, recursively."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = numpy.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            shape = value.get("shape")
            if isinstance(shape, str):
                shape = [int(part) for part in shape.split(",")]
            return (array.reshape(shape) if shape else array).tolist()
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, numpy.ndarray):
        return [_plain(item) for item in value.tolist()]
    return value


def with_font_size(fig: go.Figure | dict, size: int) -> dict:
    """A copy of ``fig`` (as a plain dict) whose every text is at least ``size`` px (for a projector): the
    base font, the title, axes, legend, hover labels, trace texts and annotations. Sizes already larger are
    kept. Works on the dict, without a validation pass; trace types name the properties they have."""
    big = copy.deepcopy(figure_dict(fig))
    layout = big["layout"]

    def at_least(current):
        if isinstance(current, list | tuple):  # one size per point
            return [at_least(one) for one in current]
        return max(int(current or 0), size)

    def grow(parent: dict, *path: str, extra: int = 0) -> None:
        """``parent[path…]["size"]`` raised to at least ``size`` (plus ``extra``), creating what is missing."""
        for key in path:
            parent = parent.setdefault(key, {})
        grown = at_least(parent.get("size"))
        parent["size"] = grown + extra if extra else grown

    grow(layout, "font")
    grow(layout, "title", "font", extra=4)
    grow(layout, "legend", "font")
    grow(layout, "hoverlabel", "font")
    for name in [name for name in layout if _AXIS_NAME.match(name)]:
        axis = layout[name]
        axis["automargin"] = True
        grow(axis, "tickfont")
        grow(axis, "title", "font")
    for trace in big["data"]:
        properties = _trace_properties(trace.get("type", "scatter"))
        if "textfont" in properties:
            grow(trace, "textfont")
        if "colorbar" in properties:
            grow(trace, "colorbar", "tickfont")
            grow(trace, "colorbar", "title", "font")
    for annotation in layout.get("annotations", []):
        grow(annotation, "font")
    return big


_AXIS_NAME = re.compile(r"^[xy]axis\d*$")


@functools.cache
def _trace_properties(trace_type: str) -> frozenset[str]:
    """The properties a Plotly trace type has (asked of Plotly once per type)."""
    return frozenset(go.Figure(data=[{"type": trace_type}]).data[0]._valid_props)
