"""The frame every chart carries inside its figure: title, filters in words, unit, "Quelle · Stand",
the German file name; and the filters said in words by the one filter model."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from data.queries.kohorten import CohortFilter
from data.queries.laender import LaenderFilter
from data.queries.measure_filters import MeasureFilter
from layouts import kohorten_figures, laender_figures
from layouts import massnahmen_charts as charts
from layouts.chart_frame import ChartFrame, framed, legend_room, slug
from layouts.theme import figure_dict, house_layout

STAND = date(2025, 2, 28)


def test_file_name_is_german_and_says_the_stand():
    frame = ChartFrame("Kommunen je Land", STAND)
    assert frame.file_stem == "klikks_kommunen-je-land_stand-2025-02-28"
    assert slug("Größe der Übersicht: CO₂ (t/Jahr)") == "groesse-der-uebersicht-co2-t-jahr"
    assert slug("???") == "diagramm"


def test_framed_figure_carries_title_filters_unit_source_and_stand():
    figure = {"data": [{"type": "bar", "x": [1], "y": ["a"]}], "layout": house_layout(height=300)}
    frame = ChartFrame("Maßnahmen nach Status", STAND, "Programm: KlikKS · Status: Geplant", "Anzahl Maßnahmen")
    result = framed(figure, frame)
    layout = result["layout"]
    assert layout["title"]["text"] == "<b>Maßnahmen nach Status</b>"
    assert layout["title"]["subtitle"]["text"] == "Programm: KlikKS · Status: Geplant · Anzahl Maßnahmen"
    assert layout["annotations"][-1]["text"] == "Quelle: KlikKS-Programmdatenbank · Stand 28.02.2025"
    assert layout["meta"]["datei"] == "klikks_massnahmen-nach-status_stand-2025-02-28"
    assert layout["height"] > 300 and layout["margin"]["t"] > 24  # header and footer get room of their own
    go.Figure(result)  # valid plotly


def test_framed_escapes_user_text_and_says_when_nothing_is_filtered():
    frame = ChartFrame("Titel", STAND, 'Suche: „<b onclick="x">“')
    assert "&lt;b" in framed({"data": [], "layout": {}}, frame)["layout"]["title"]["subtitle"]["text"]
    assert ChartFrame("Titel", STAND).subtitle == "ohne Filter"
    narrow = ChartFrame("Titel", STAND, narrow=True)
    assert framed({"data": [], "layout": {}}, narrow)["layout"]["annotations"][-1]["text"] == (
        "Quelle: KlikKS-Programmdatenbank ·<br>Stand 28.02.2025"
    )
    two_sources = ChartFrame("Karte", STAND, source="KlikKS-Programmdatenbank; Grenzen: © BKG", narrow=True)
    assert two_sources.footer_lines == ["Quelle: KlikKS-Programmdatenbank;", "Grenzen: © BKG ·", "Stand 28.02.2025"]


def test_a_legend_on_top_gets_room_between_header_and_plot():
    names = ["Geplant", "In Umsetzung", "Verzögert", "Umgesetzt", "Nicht erreicht", "Abgebrochen", "Unbekannt"]
    figure = {"data": [{"type": "bar", "name": n} for n in names], "layout": house_layout(height=400)}
    assert legend_room(figure) >= 2 * 26
    assert legend_room({"data": figure["data"], "layout": house_layout(show_legend=False)}) == 0
    top = framed(figure, ChartFrame("T", STAND))["layout"]
    assert top["margin"]["t"] >= 66 + legend_room(figure) and top["legend"]["yref"] == "container"


def test_go_figures_become_plain_dicts_with_lists_and_no_template():
    fig = go.Figure(go.Bar(x=pd.Series([1, 2]), y=pd.Series(["a", "b"])))
    plain = figure_dict(fig)
    assert plain["data"][0]["x"] == [1, 2] and plain["data"][0]["y"] == ["a", "b"]
    assert "template" not in plain["layout"]


def test_filters_in_words_name_values_by_their_labels():
    flt = MeasureFilter.from_values(
        {"programm": "klikks", "land": "DE-NW", "status": ["geplant", "verzoegert"], "ueberfaellig": True}
    )
    labels = {"programs": {"klikks": "KlikKS"}, "states": {"DE-NW": "Nordrhein-Westfalen"}}
    assert flt.describe(labels) == (
        "Programm: KlikKS · Land: Nordrhein-Westfalen · Status: Geplant, Verzögert · Nur überfällige"
    )
    assert MeasureFilter.from_values({"suche": "Solar", "ansicht": "land"}).describe() == "Suche: „Solar“"
    assert LaenderFilter(stand=date(2024, 3, 31)).describe() == "Stand: 31.03.2024"
    assert CohortFilter(kinds=("workshop",), year=2024).describe() == "Format: Workshop · Jahr: 2024"
    assert MeasureFilter().describe() == ""


def test_every_page_builder_takes_a_frame_by_keyword():
    frame = ChartFrame("Titel", STAND, unit="Stück")
    counts = pd.DataFrame([("Energie", "Energie", "geplant", 2)], columns=["key", "label", "status", "count"])
    bands = pd.DataFrame({"band": ["≤ 30 Tage", "veraltet"], "count": [1, 2]})
    built = [
        charts.status_figure(counts, "sector", chart_frame=frame),
        charts.freshness_figure(bands, chart_frame=frame),
        kohorten_figures.goals_status_figure(pd.DataFrame(), chart_frame=frame),
        laender_figures.measure_status_figure(
            pd.DataFrame(columns=["program", "status", "measures"]), chart_frame=frame
        ),
    ]
    for figure in built:
        assert isinstance(figure, dict)
        assert figure["layout"]["title"]["text"] == "<b>Titel</b>"
        assert figure["layout"]["annotations"][-1]["text"].startswith("Quelle: KlikKS-Programmdatenbank")


def test_chart_frames_of_the_massnahmen_page_follow_the_filter():
    flt = MeasureFilter.from_values({"programm": "klikks", "ansicht": "kommune"})
    frames = charts.chart_frames(flt, {"programs": {"klikks": "KlikKS"}}, STAND)
    assert frames["status"].title == "Maßnahmen nach Status und Kommune"
    assert frames["status"].subtitle == "Programm: KlikKS · Anzahl Maßnahmen"
    assert frames["money"].unit == "t CO₂/Jahr" and frames["freshness"].narrow
