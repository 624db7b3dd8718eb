"""The reference page of the page-weight benchmark: a Dash page with one graph and nothing else,
served like the dashboard (assets served locally, the same compression settings).
``gunicorn bench.minimal_page:server``"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Dash, dcc, html
from flask import Flask

from dashboard.compression import compression_config

server = Flask(__name__)
server.config.update(compression_config())
app = Dash(__name__, server=server, serve_locally=True, compress=True)
app.layout = html.Div([html.H1("Referenz"), dcc.Graph(figure=go.Figure(go.Bar(x=["A", "B", "C"], y=[3, 1, 2])))])

# Render the page once while gunicorn preloads the module, so every forked worker already knows Dash's
# component libraries (Dash registers them when it first builds the index page).
server.test_client().get("/")
