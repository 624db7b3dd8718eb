"""An overview interaction on /massnahmen answers with little data: the figures are plain dicts without
Plotly's default template, the chart tables are not built while folded away (≤ 25 KB, uncompressed)."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest

from callbacks.massnahmen import CONTROLS
from tests.support.http import DashClient

LIMIT = 25 * 1024
OVERVIEW = "massnahmen-kpis.children"
TABLES = "massnahmen-status-table.children"


def _controls(**values) -> list:
    defaults = {key: ([] if key in ("status", "flags") else None) for key in CONTROLS}
    return [{**defaults, **values}[key] for key in CONTROLS]


@pytest.mark.parametrize(
    ("controls", "view"),
    [
        ({}, "handlungsfeld"),
        ({"programm": "klikks", "status": ["in_umsetzung", "verzoegert"]}, "kommune"),
        ({"land": "DE-NW", "flags": ["ueberfaellig"]}, "land"),
        ({"suche": "Solar"}, "kommune"),
    ],
)
def test_overview_interaction_answers_with_at_most_25_kb(dash_app, controls, view):
    client = DashClient(dash_app)
    response = client.fire(OVERVIEW, [*_controls(**controls), view, 0], [None], trigger=0)
    assert response.status_code == 200
    assert len(response.data) <= LIMIT, len(response.data)
    answer = json.loads(response.data)["response"]
    for chart in ("massnahmen-status-chart", "massnahmen-fresh-chart", "massnahmen-money-chart"):
        layout = answer[chart]["figure"]["layout"]
        assert "template" not in layout  # the house style is in the layout, not Plotly's 20 KB template
        assert layout["title"]["text"] and "Quelle:" in layout["annotations"][-1]["text"]
    assert "massnahmen-status-table" not in answer  # tables are built only when opened


def test_tables_are_built_only_while_their_fold_out_is_open(dash_app):
    client = DashClient(dash_app)
    state = {"programm": "klikks"}
    closed = json.loads(client.fire(TABLES, [state, "land", 0, None, None, None]).data)["response"]
    assert all(closed[key]["children"] is None for key in closed)
    opened = json.loads(client.fire(TABLES, [state, "land", 0, 1, None, 3], trigger=3).data)["response"]
    assert "Rheinland-Pfalz" in json.dumps(opened["massnahmen-status-table"]["children"])
    assert opened["massnahmen-fresh-table"]["children"] is None
    assert "Summe" in json.dumps(opened["massnahmen-money-table"]["children"])
    closed_again = json.loads(client.fire(TABLES, [state, "land", 0, 2, None, 3], trigger=3).data)["response"]
    assert closed_again["massnahmen-status-table"]["children"] is None


def test_callbacks_answer_inside_a_running_event_loop(dash_app):
    """Callbacks are dispatched synchronously whatever is installed: with asgiref present Dash would
    switch to async dispatch, which fails under a running event loop (a browser test's Playwright
    leaves one in the thread) and costs a thread and a loop per request."""
    client = DashClient(dash_app)
    answers = []

    async def fire_inside_a_loop():
        answers.append(client.fire(OVERVIEW, [*_controls(), "handlungsfeld", 0], [None], trigger=0))

    # a thread of its own: this one may already run a loop (Playwright's, after a browser test)
    worker = threading.Thread(target=asyncio.run, args=(fire_inside_a_loop(),))
    worker.start()
    worker.join(timeout=60)
    (response,) = answers
    assert response.status_code == 200
    assert "massnahmen-status-chart" in json.loads(response.data)["response"]
