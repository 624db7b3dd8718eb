"""The reference page of the page-weight benchmark: a Dash page with one graph and nothing else,
configured like the dashboard (assets served locally, compressed). ``gunicorn bench.minimal_page:server``"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Dash, dcc, html

app = Dash(__name__, serve_locally=True, compress=True)
app.layout = html.Div([html.H1("Referenz"), dcc.Graph(figure=go.Figure(go.Bar(x=["A", "B", "C"], y=[3, 1, 2])))])
server = app.server
