"""Malformed and forged callback inputs named in the fuzz test, sent one by one through the real app:
each callback checks them itself (no_update or a German answer), so the app-wide boundary stays silent."""

from __future__ import annotations

import pytest
from dash import no_update

from callbacks.grid_requests import parse_filter_model, parse_rows_request
from callbacks.massnahmen import CONTROLS, cross_filter
from callbacks.massnahmen_grid import rows_response
from callbacks.overview import preset_period
from data.queries.program import program_info
from layouts.shell import APP_ERROR_ID
from tests.support.accounts import DEMO_PASSWORD
from tests.support.http import same_origin_client
from tests.test_fuzz import server_callbacks

# (first output of the callback, values by "id.property" of its inputs and states, changedPropIds)
FORGED = [
    ("kohorte-kpis.children", {"kohorte-id.data": "abc"}, None),
    ("kohorte-kpis.children", {"kohorte-id.data": 2**63}, None),
    ("land-stand-label.children", {"land-code.data": ["DE-NW"], "land-stand.value": 3}, None),
    ("land-stand-label.children", {"land-code.data": "DE-XX"}, None),
    ("land-growth.figure", {"land-code.data": {"a": 1}, "land-metric.value": "kommunen"}, None),
    ("land-municipalities.children", {"land-code.data": 2**63, "land-stand.value": [1]}, None),
    ("land-measures.figure", {"land-code.data": "'; DROP TABLE measures; --"}, None),
    ("massnahmen-grid.getRowsResponse", {"massnahmen-grid.getRowsRequest": {"startRow": "0", "endRow": 2**63}}, None),
    ("massnahmen-grid.getRowsResponse", {"massnahmen-grid.getRowsRequest": {"filterModel": []}}, None),
    ("massnahmen-grid.getRowsResponse", {"massnahmen-grid.getRowsRequest": {"sortModel": [{"colId": [1]}]}}, None),
    (
        "massnahmen-grid.getRowsResponse",
        {"massnahmen-grid.getRowsRequest": {"filterModel": {"code": {"conditions": 5}}}},
        None,
    ),
    ("massnahmen-programm.value", {"massnahmen-status-chart.clickData": {"points": "x"}}, None),
    ("massnahmen-programm.value", {"massnahmen-status-chart.clickData": {"points": [{"customdata": ["a"]}]}}, None),
    ("massnahmen-programm.value", {"massnahmen-undo.n_clicks": 1, "massnahmen-undo-stack.data": "abc"}, None),
    ("massnahmen-programm.value", {"massnahmen-money-chart.clickData": {"points": [{"customdata": {}}]}}, None),
    ("overview-period.start_date", {"overview-preset.value": ["2023"]}, None),
    ("overview-period.start_date", {"overview-preset.value": 2**63}, None),
    ("overview-period.start_date", {"overview-preset.value": 0}, None),
]


@pytest.mark.parametrize(("name", "values", "changed"), FORGED)
def test_forged_input_is_checked_by_the_callback_itself(dash_app, name, values, changed):
    dash_app.server.config["PROPAGATE_EXCEPTIONS"] = False
    client = same_origin_client(dash_app, "koordination", DEMO_PASSWORD)
    callback = next(cb for cb in server_callbacks(client) if cb.name == name)

    def filled(specs):
        return [{**spec, "value": values.get(f"{spec['id']}.{spec['property']}")} for spec in specs]

    inputs = filled(callback.inputs)
    first_given = next((i for i in inputs if i["value"] is not None), inputs[0])
    body = {
        "output": callback.output,
        "outputs": callback.outputs if len(callback.outputs) > 1 else callback.outputs[0],
        "inputs": inputs,
        "state": filled(callback.state),
        "changedPropIds": changed or [f"{first_given['id']}.{first_given['property']}"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204)
    assert APP_ERROR_ID not in response.get_data(as_text=True)


def test_grid_request_models_keep_what_the_grid_sends_and_refuse_the_rest(demo_db):
    request = parse_rows_request(
        {
            "startRow": 0,
            "endRow": 2,
            "sortModel": [{"colId": "code", "sort": "desc"}],
            "filterModel": {
                "title": {"filterType": "text", "operator": "OR", "conditions": [{"type": "contains", "filter": "a"}]}
            },
            "context": None,
        }
    )
    assert request is not None and request.sort_model() == [{"colId": "code", "sort": "desc"}]
    assert request.filter_model() == {
        "title": {"filterType": "text", "operator": "OR", "conditions": [{"type": "contains", "filter": "a"}]}
    }
    assert parse_rows_request(None) is not None  # no request yet: the first block
    for forged in ("abc", {"startRow": -1}, {"endRow": True}, {"sortModel": {}}, {"filterModel": {"x": [1]}}):
        assert parse_rows_request(forged) is None, forged
        assert rows_response(demo_db, forged, {}) is no_update
    assert parse_filter_model(None) == {} and parse_filter_model({"code": "x"}) is None
    assert len(rows_response(demo_db, {"startRow": 0, "endRow": 2}, {})["rowData"]) == 2


def test_odd_clicks_and_undo_stacks_change_no_filter():
    values = dict.fromkeys(CONTROLS)
    for click in ({"points": []}, {"points": [{"customdata": [[1], "geplant"]}]}, {"points": [{"customdata": ["x"]}]}):
        assert cross_filter("massnahmen-status-chart", click, "land", values, []) == (values, [])


def test_a_preset_that_is_no_preset_means_the_whole_program(demo_db):
    program = demo_db.read(program_info)
    for forged in (["2023"], {"a": 1}, 2**63, 0, "0"):
        assert preset_period(demo_db, forged) == (program.starts_on, program.ends_on)
