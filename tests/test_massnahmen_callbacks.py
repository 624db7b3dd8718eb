"""Maßnahmen callbacks called as plain functions over the demo data."""

from __future__ import annotations

import pytest
from dash import no_update
from sqlalchemy import func, select

from callbacks.massnahmen import CONTROLS, cross_filter, render_massnahmen, update_massnahmen
from callbacks.massnahmen_grid import rows_response, save_edits
from callbacks.routing import render_page
from data.models import AuditEntry, Measure
from data.queries.measure_filters import MeasureFilter
from tests.support.accounts import as_coordinator


def _find(component, element_id):
    """The component with ``element_id`` inside a Dash layout tree."""
    if getattr(component, "id", None) == element_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            found = _find(child, element_id)
            if found is not None:
                return found
    return None


def _controls(**values):
    defaults = {key: ([] if key in ("status", "flags") else None) for key in CONTROLS}
    return tuple({**defaults, **values}[key] for key in CONTROLS)


def test_route_renders_page_with_filters_from_url(demo_db):
    layout, title = render_page(
        demo_db, "/massnahmen", "?programm=ksv-muenster&status=verzoegert,umgesetzt&ueberfaellig=1"
    )
    assert title == "Maßnahmen · KlikKS-Dashboard"
    assert _find(layout, "massnahmen-programm").value == "ksv-muenster"
    assert _find(layout, "massnahmen-status").value == ["verzoegert", "umgesetzt"]
    assert _find(layout, "massnahmen-flags").value == ["ueberfaellig"]
    store = _find(layout, "massnahmen-filter").data
    assert store == {"programm": "ksv-muenster", "status": "verzoegert,umgesetzt", "ueberfaellig": "1"}


def test_invalid_url_values_become_german_notes(demo_db):
    layout = render_massnahmen(demo_db, {"land": "DE-XX", "status": "fertig", "kommune": "abc", "ansicht": "karte"})
    text = str(_find(layout, "url-notes").to_plotly_json())
    assert "Land: „DE-XX“ gibt es nicht" in text
    assert "Status: „fertig“ gibt es nicht (möglich: Geplant, In Umsetzung, Verzögert" in text
    assert "Kommune: „abc“ ist keine gültige Nummer" in text
    assert "Ansicht: „karte“ gibt es nicht (möglich: Handlungsfeld, Land, Kommune)" in text
    assert "verzoegert" not in text and "ansicht" not in text  # labels, never internal keys
    assert _find(layout, "massnahmen-filter").data == {}


def test_update_counts_all_demo_measures_and_writes_url(demo_db):
    with demo_db.session() as session:
        total = session.scalar(select(func.count()).select_from(Measure))
        muenster = session.scalar(select(func.count()).select_from(Measure).where(Measure.code.like("MS-%")))
    result = update_massnahmen(demo_db, _controls(), "handlungsfeld", None)
    kpis, status_fig, fresh_fig, money_fig, search, state = result
    assert f"'{total}'" in str(_find(kpis, "massnahmen-kpi-total").to_plotly_json())  # 942 needs no separator
    assert search == ""
    with demo_db.session() as session:
        co2 = float(session.scalar(select(func.sum(Measure.co2_t_per_year))))
    assert sum(money_fig["data"][0]["x"]) == pytest.approx(co2)
    assert state == {}
    assert sum(sum(trace["x"]) for trace in status_fig["data"]) == total
    assert sum(fresh_fig["data"][0]["y"]) == total
    result = update_massnahmen(demo_db, _controls(programm="ksv-muenster"), "land", state)
    assert result[4] == "?programm=ksv-muenster&ansicht=land"
    assert sum(sum(trace["x"]) for trace in result[1]["data"]) == muenster
    assert result[5] == {"programm": "ksv-muenster"}


def test_unchanged_filter_does_not_refresh_the_grid(demo_db):
    state = update_massnahmen(demo_db, _controls(feld="Energie"), "handlungsfeld", None)[5]
    assert update_massnahmen(demo_db, _controls(feld="Energie"), "handlungsfeld", state)[5] is no_update
    # the chart's grouping is not a row filter: switching it keeps the grid as it is
    assert update_massnahmen(demo_db, _controls(feld="Energie"), "kommune", state)[5] is no_update


def test_cross_filter_click_sets_filters_and_undo_restores():
    values = dict(zip(CONTROLS, _controls(programm="klikks"), strict=True))
    click = {"points": [{"customdata": ["DE-SL", "verzoegert"]}]}
    new, stack = cross_filter("massnahmen-status-chart", click, "land", values, [])
    assert new["land"] == "DE-SL" and new["status"] == ["verzoegert"] and new["programm"] == "klikks"
    assert stack == [values]
    again, stack = cross_filter(
        "massnahmen-money-chart", {"points": [{"customdata": ["umgesetzt"]}]}, "land", new, stack
    )
    assert again["status"] == ["umgesetzt"] and len(stack) == 2
    undone, stack = cross_filter("massnahmen-undo", None, "land", again, stack)
    assert undone == new and len(stack) == 1
    undone, stack = cross_filter("massnahmen-undo", None, "land", undone, stack)
    assert undone == values and stack == []
    reset, stack = cross_filter("massnahmen-reset", None, "land", again, [values])
    assert reset["programm"] is None and reset["status"] == [] and stack == []


def test_cross_filter_stale_band_and_unknown_municipality():
    values = dict(zip(CONTROLS, _controls(), strict=True))
    new, _ = cross_filter(
        "massnahmen-fresh-chart", {"points": [{"customdata": ["veraltet"]}]}, "handlungsfeld", values, []
    )
    assert new["flags"] == ["veraltet"]
    same, stack = cross_filter(
        "massnahmen-fresh-chart", {"points": [{"customdata": ["≤ 30 Tage"]}]}, "handlungsfeld", values, []
    )
    assert same is values and stack == []
    # "keine Angabe" (no municipality) cannot be a filter value: only the status is taken.
    new, _ = cross_filter(
        "massnahmen-status-chart", {"points": [{"customdata": [None, "geplant"]}]}, "kommune", values, []
    )
    assert new["kommune"] is None and new["status"] == ["geplant"]


def test_filter_query_round_trip(demo_db):
    layout = render_massnahmen(demo_db, {"feld": "Energie", "suche": "Solar", "veraltet": "1", "ansicht": "kommune"})
    store = _find(layout, "massnahmen-filter").data
    assert store == {"feld": "Energie", "veraltet": "1", "suche": "Solar"}
    assert _find(layout, "massnahmen-dimension").value == "kommune"


def test_rows_response_pages_and_filters(demo_db):
    state = MeasureFilter(program="ksv-muenster").to_store()
    response = rows_response(
        demo_db, {"startRow": 0, "endRow": 10, "sortModel": [{"colId": "code", "sort": "asc"}]}, state
    )
    assert len(response["rowData"]) == 10
    assert response["rowCount"] == 28  # Münster's demo measures
    first = response["rowData"][0]
    assert first["code"] == "MS-KSV-01" and first["title_link"].endswith(f"](/massnahmen/{first['id']})")
    second = rows_response(
        demo_db, {"startRow": 10, "endRow": 20, "sortModel": [{"colId": "code", "sort": "asc"}]}, state
    )
    assert {r["id"] for r in second["rowData"]}.isdisjoint({r["id"] for r in response["rowData"]})


def _event(row, col, value):
    return [{"rowId": str(row["id"]), "colId": col, "value": value, "oldValue": row[col], "data": {**row, col: value}}]


def _save(db, event):
    message, reverts, processed = save_edits(db, as_coordinator("Prüfer:in"), event)
    assert processed
    return str(message.children), reverts


def test_save_edits_success_and_rejections(demo_db):
    row = rows_response(demo_db, {"startRow": 0, "endRow": 1}, {})["rowData"][0]
    text, reverts = _save(demo_db, _event(row, "status", "abgebrochen"))
    assert not reverts and "Gespeichert: Status" in text and "→ Abgebrochen" in text
    text, reverts = _save(demo_db, _event(row, "progress_pct", 150))  # stale version AND invalid
    assert "Nicht gespeichert" in text
    assert reverts == [{"rowId": str(row["id"]), "colId": "progress_pct", "value": row["progress_pct"]}]
    fresh = rows_response(demo_db, {"startRow": 0, "endRow": 1}, {})["rowData"][0]
    assert fresh["status"] == "abgebrochen" and fresh["version"] == row["version"] + 1
    text, _reverts = _save(demo_db, _event(fresh, "progress_pct", 150))
    assert "zwischen 0 und 100" in text
    text, _reverts = _save(demo_db, _event(row, "title", "Neu"))
    assert "kann hier nicht bearbeitet werden" in text
    with demo_db.session() as session:
        audit = session.execute(
            select(AuditEntry.field, AuditEntry.new_value, AuditEntry.actor).where(
                AuditEntry.row_id == row["id"], AuditEntry.table_name == "measures"
            )
        ).all()
    assert ("status", "abgebrochen", "Prüfer:in") in audit
    assert all(field != "progress_pct" for field, _new, _actor in audit)


def test_key_figures_of_several_programs_are_never_summed(demo_db):
    kpis, *_ = update_massnahmen(demo_db, _controls(), "handlungsfeld", None)
    assert _find(kpis, "massnahmen-kpi-co2") is None  # no CO₂ sum across KlikKS and Münster
    per_program = str(_find(kpis, "massnahmen-kpi-programs").to_plotly_json())
    assert "KlikKS" in per_program and "Münster" in per_program and "nicht addiert" in per_program
    total = str(_find(kpis, "massnahmen-kpi-total").to_plotly_json())
    assert "davon KlikKS" in total

    one, *_ = update_massnahmen(demo_db, _controls(programm="klikks"), "handlungsfeld", None)
    assert _find(one, "massnahmen-kpi-co2") is not None
    assert _find(one, "massnahmen-kpi-programs") is None
