"""The frame around every page: skip links to each grid, named after the heading above it."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import html

from layouts.shell import GRID_PLACEHOLDER, grid_skip_links, shell


def test_one_skip_link_per_grid_named_after_its_heading():
    content = html.Div(
        [
            html.H1("Seite"),
            dbc.Card(dbc.CardBody([html.H2("Ziele bearbeiten"), dag.AgGrid(id="ziele")])),
            html.H3(["Kommunen", html.Small(" (Stand)")]),
            html.Div(id="kommunen", **{GRID_PLACEHOLDER: "true"}),
            html.Div(id="kein-grid"),
        ]
    )
    links = grid_skip_links(content)
    assert [(link.children, link.href) for link in links] == [
        ("Zur Tabelle: Ziele bearbeiten", "#ziele"),
        ("Zur Tabelle: Kommunen (Stand)", "#kommunen"),
    ]


def test_shell_starts_with_the_skip_link_and_names_the_menu_button():
    frame = shell(None).to_plotly_json()
    text = str(frame)
    assert text.index("Zum Inhalt springen") < text.index("KlikKS")
    assert "Navigation ein- oder ausblenden" in text
