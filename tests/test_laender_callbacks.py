"""Länder callbacks called as plain functions on the demo data."""

from __future__ import annotations

import json

import plotly
import plotly.graph_objects as go
import pytest

from callbacks import routing
from callbacks.laender import (
    render_laender,
    state_link,
    update_laender,
    update_laender_growth,
    update_laender_milestones,
    update_laender_pipeline,
    update_laender_tables,
)
from callbacks.laender_detail import (
    render_land,
    update_land,
    update_land_growth,
    update_land_measures,
    update_land_municipalities,
    update_land_tables,
)
from data.geo import state_outlines

END, DEC_2023, MAR_2022 = 35, 21, 0


def _text(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_render_notes_bad_parameters_and_snaps_the_stand(demo_db):
    layout = _text(render_laender(demo_db, {"stand": "2023-05-15", "kennzahl": "unsinn"}))
    assert "15.05.2023 wurde auf 31.05.2023 gesetzt" in layout
    assert "Kennzahl: „unsinn“ gibt es nicht" in layout
    assert "© GeoBasis-DE / BKG" in layout


def test_program_end_totals_match_the_published_program_result(demo_db):
    label, _map, rows, published, query = update_laender(demo_db, END, "kommunen")
    assert label == "28.02.2025" and query == ""
    assert len(rows) == 8
    assert sum(r["kommunen"] for r in rows) == 201
    assert sum(r["paten"] for r in rows) == 477
    assert sum(r["projekte"] for r in rows) == 888
    nw = next(r for r in rows if r["code"] == "DE-NW")
    assert (nw["kommunen"], nw["projekte"], nw["co2_text"]) == (24, 59, "410")  # no spurious ",0"
    text = _text(published)
    assert "Nordrhein-Westfalen" in text and "410 t CO₂" in text and "veröffentlicht" in text


def test_earlier_stand_and_metric_go_into_the_url(demo_db):
    label, figure, rows, _published, query = update_laender(demo_db, DEC_2023, "ziel")
    assert label == "31.12.2023" and query == "?stand=2023-12-31&kennzahl=ziel"
    assert sum(r["kommunen"] for r in rows) < 201
    assert all(r["name"].endswith("?stand=2023-12-31&kennzahl=ziel)") for r in rows)  # the state page keeps the view
    assert go.Figure(figure).data[-1].marker.colorbar.title.text == "% des Ziels (Kommunen)"
    figure = update_laender(demo_db, DEC_2023, "kommunen")[1]
    assert figure["layout"]["meta"]["datei"] == "klikks_kommunen-je-land_stand-2023-12-31"
    assert figure["layout"]["title"]["text"] == "<b>Kommunen je Land</b>"
    footer = figure["layout"]["annotations"][-1]["text"]  # the map's column is narrow: one line per source
    assert footer.startswith("Quelle: KlikKS-Programmdatenbank;<br>Grenzen: © GeoBasis-DE / BKG")
    assert footer.endswith("<br>Stand 31.12.2023")


def test_before_any_kickoff_every_state_lags(demo_db):
    _label, _figure, rows, _published, query = update_laender(demo_db, MAR_2022, None)
    assert query == "?stand=2022-03-31"
    assert all(r["kommunen"] == 0 and r["lagging"] for r in rows)
    assert {r["status"] for r in rows} == {"⚠ hinter dem Zielpfad"}


def test_growth_pipeline_and_milestones(demo_db):
    growth = update_laender_growth(demo_db, END, "paten")
    _map, table, _pipeline, _milestones = update_laender_tables(demo_db, END, "paten", (None, 1, 0, None))
    assert _map is _pipeline is _milestones is None  # tables are built only while their fold-out is open
    growth = go.Figure(growth)
    assert len(growth.data) == 8  # no target path for Pat:innen
    assert growth.layout.yaxis.title.text == "Klimaschutzpat:innen"
    assert "Monatsende" in _text(table)
    growth = update_laender_growth(demo_db, END, "kommunen")
    growth = go.Figure(growth)
    assert growth.data[-1].name == "Zielpfad: 15 je Land bis 28.02.2025"
    pipeline, medians = update_laender_pipeline(demo_db, END)
    pipeline = go.Figure(pipeline)
    members = ("Ratsbeschluss", "Onboarding", "Aktiv", "Pausiert")  # joined and not left
    assert sum(sum(t.x) for t in pipeline.data if t.name in members) == 201
    assert "Angesprochen → Interessiert" in _text(medians)
    timeline = update_laender_milestones(demo_db, DEC_2023)
    *_others, mtable = update_laender_tables(demo_db, DEC_2023, None, (0, 0, 0, 1))
    assert "Kick-off Saarland" in _text(timeline) and "Bundesweiter Kick-off" in _text(mtable)


def test_state_page_numbers_match_the_comparison(demo_db):
    rows = update_laender(demo_db, DEC_2023, "kommunen")[2]
    nw = next(r for r in rows if r["code"] == "DE-NW")
    label, kpis, pipeline, query = update_land(demo_db, "DE-NW", DEC_2023, "kommunen")
    text = _text(kpis)
    assert label == "31.12.2023" and query == "?stand=2023-12-31"
    assert f'"{nw["kommunen_text"]}"' in text and f'"{nw["paten_text"]}"' in text
    assert "veröffentlicht: 24" in text and "veröffentlicht: 410 t CO₂" in text
    assert "Landes-Kick-off Nordrhein-Westfalen" in _text(pipeline)


def test_state_page_parts(demo_db):
    growth = update_land_growth(demo_db, "DE-SL", END, "ziel")
    assert growth["layout"]["title"]["text"] == "<b>Saarland: % des Ziels (Kommunen) im Zeitverlauf</b>"
    growth = go.Figure(growth)
    assert growth.data[0].name == "Saarland" and growth.data[-1].name == "Zielpfad: 100 % bis 28.02.2025"
    grid = update_land_municipalities(demo_db, "DE-SL", END)
    assert len([r for r in grid.rowData if r["stage"].endswith("Aktiv")]) == 21
    figure, cohorts = update_land_measures(demo_db, "DE-NW", END)
    assert update_land_tables(demo_db, "DE-NW", END, None, (None, 0)) == (None, None)  # folded: nothing built
    growth_table, table = update_land_tables(demo_db, "DE-NW", END, None, (1, 1))
    assert "Nordrhein-Westfalen" in _text(growth_table)
    figure = go.Figure(figure)
    programs = set().union(*[set(t.y) for t in figure.data])
    assert programs == {"KlikKS", "Klimastadt-Vertrag Münster"}
    assert "KlimaTraining Münster" in _text(cohorts) and "Umgesetzt" in _text(table)


def test_non_participating_state_page_renders_without_data(demo_db):
    assert "nimmt nicht an KlikKS teil" in _text(render_land(demo_db, {}, "DE-BY"))
    _label, kpis, _pipeline, _query = update_land(demo_db, "DE-BY", END, None)
    assert "nimmt nicht teil" in _text(kpis)
    assert "keine Kommune" in _text(update_land_municipalities(demo_db, "DE-BY", END))


def test_unknown_state_code_gives_the_friendly_404(demo_db):
    with pytest.raises(routing.PageNotFound):
        render_land(demo_db, {}, "DE-XX")
    page, title = routing.render_page(demo_db, "/laender/XX", "")
    assert title.startswith("Nicht gefunden") and "„XX“" in _text(page)
    page, title = routing.render_page(demo_db, "/laender/de-nw", "?stand=2023-12-31")
    assert title.startswith("Land") and "Nordrhein-Westfalen" in _text(page)


def test_map_click_opens_the_state_page_keeping_the_view():
    saarland = [state.code for state in state_outlines()].index("DE-SL")
    click = {"points": [{"curveNumber": saarland, "x": 6.9, "y": 49.4}]}  # a click on a state's shape
    assert state_link(click, "?stand=2023-12-31&kennzahl=paten") == (
        "/laender/DE-SL",
        "?stand=2023-12-31&kennzahl=paten",
    )
    assert state_link(click, None) == ("/laender/DE-SL", "")
    assert state_link({"points": []}, None) is None
    assert state_link({"points": [{"curveNumber": 16}]}, None) is None  # the outline or colour-bar trace
    assert state_link({"points": [{"curveNumber": -1}]}, None) is None
    assert state_link({"points": [{"curveNumber": "<script>"}]}, None) is None
    assert state_link(None, None) is None
