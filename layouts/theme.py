"""Colours and sizes shared by all figures, chosen to stay readable on a projector."""

from __future__ import annotations

import plotly.graph_objects as go

from layouts.format import PLOTLY_SEPARATORS

INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"
PRIMARY = "#1b6e53"  # a calm green for "actual"
TARGET = "#b45309"  # amber for targets
# Eight clearly different hues (after Okabe & Ito, darkened so line labels in them stay readable on white;
# none is the amber of TARGET)
SERIES = ("#0072b2", "#d55e00", "#007a5e", "#b8407f", "#1f2933", "#8c564b", "#7b2cbf", "#52606d")
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def base_layout(fig: go.Figure, *, height: int = 380, legend: bool = True) -> go.Figure:
    """Apply the house style: German separators, large fonts, light grid, legend on top."""
    fig.update_layout(
        separators=PLOTLY_SEPARATORS,
        height=height,
        margin={"l": 60, "r": 24, "t": 24, "b": 48},
        font={"family": FONT_FAMILY, "size": 15, "color": INK},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        hoverlabel={"font_size": 15},
    )
    fig.update_xaxes(showgrid=False, linecolor=GRID, ticks="outside")
    fig.update_yaxes(gridcolor=GRID, zeroline=False, separatethousands=True)
    return fig
