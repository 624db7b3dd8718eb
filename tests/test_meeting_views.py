"""Presentation and report, called as plain functions: every slide and section renders from the pages'
filters, the slide list lives in the URL, the report covers program, state and Stand."""

from __future__ import annotations

from datetime import date

from callbacks.bericht import render_bericht
from callbacks.meeting import build_view
from callbacks.praesentation import position_in, render_praesentation, show_slide
from callbacks.routing import render_page
from data.meeting import SECTIONS, SLIDES, PresentationFilter
from layouts.meeting import SLIDE_FONT_PX
from layouts.theme import with_font_size


def _text(component) -> str:
    return str(component.to_plotly_json() if hasattr(component, "to_plotly_json") else component)


def test_every_section_renders_with_a_title_and_a_figure_or_a_body(demo_db):
    for key, title in SECTIONS.items():
        view = build_view(demo_db, key, {"programm": "klikks"})
        assert view.title == title and view.subtitle
        assert view.figure is not None or view.body is not None


def test_the_slides_follow_the_pages_filters(demo_db):
    status = build_view(demo_db, "status", {"programm": "klikks", "land": "DE-NW"})
    assert "KlikKS · Nordrhein-Westfalen" in status.subtitle and "Stand 28.02.2025" in status.subtitle
    overdue = build_view(demo_db, "ueberfaellig", {"programm": "klikks", "stand": "2024-06-30"})
    assert "geplanter Abschluss vor dem Stand" in overdue.subtitle
    card = build_view(demo_db, "karte", {"stand": "2023-12-31", "kennzahl": "paten"})
    assert card.subtitle == "Klimaschutzpat:innen je Land · Stand 31.12.2023"


def test_slide_positions_stay_within_the_deck():
    assert position_in(1, 3) == 1
    assert position_in(7, 3) == 2
    assert position_in(-4, 3) == 0
    assert position_in("kaputt", 3) == 0
    assert position_in(True, 3) == 0  # a forged boolean is no index


def test_the_chosen_slides_are_kept_in_the_url(demo_db):
    content, counter, search = show_slide(
        demo_db, 1, ["status", "karte"], "?programm=klikks&folien=karte&seite=/massnahmen"
    )
    assert counter == "Folie 2 von 2 · Maßnahmen nach Status"
    assert search == "?programm=klikks&folien=karte%2Cstatus&seite=%2Fmassnahmen"
    assert "Maßnahmen nach Status" in _text(content)
    # forged values: no list, an unknown slide, a huge index
    _content, counter, _search = show_slide(demo_db, 10**9, "kaputt", {"a": 1})
    assert counter.startswith(f"Folie {len(SLIDES)} von {len(SLIDES)}")


def test_the_presentation_page_returns_to_its_page_with_the_filters(demo_db):
    page = render_praesentation(demo_db, {"programm": "klikks", "seite": "/massnahmen", "folien": "karte,x"})
    text = _text(page)
    assert "/massnahmen?programm=klikks" in text
    flt, notes = PresentationFilter.from_query({"seite": "//boese.example", "folien": "karte,x"})
    assert flt.origin is None and flt.shown == ("karte",) and len(notes) == 2
    _content, title = render_page(demo_db, "/praesentation", "?folien=karte")
    assert title.startswith("Präsentation")


def test_slide_figures_have_text_of_at_least_22_px(demo_db):
    for key in SLIDES:
        figure = build_view(demo_db, key, {}).figure
        if figure is None:
            continue
        big = with_font_size(figure, SLIDE_FONT_PX)
        layout = big["layout"]
        assert "template" not in layout  # a plain dict, no Plotly default template underneath the house style
        assert layout["font"]["size"] >= 22 and layout["legend"]["font"]["size"] >= 22
        axes = [layout[name] for name in layout if name.startswith(("xaxis", "yaxis"))]
        for axis in axes:
            assert axis["tickfont"]["size"] >= 22 and axis["title"]["font"]["size"] >= 22
        for annotation in layout.get("annotations", []):
            assert annotation["font"]["size"] >= 22
        for trace in big["data"]:
            if trace["type"] in ("bar", "scatter"):
                assert min(_sizes(trace["textfont"]["size"])) >= 22
            if trace["type"] == "choroplethmap":
                assert trace["colorbar"]["tickfont"]["size"] >= 22


def _sizes(size) -> list:
    return size if isinstance(size, list) else [size]


def test_with_font_size_keeps_larger_sizes_and_leaves_the_figure_alone():
    figure = {
        "data": [{"type": "bar", "x": [1], "textfont": {"size": [12, 30]}}],
        "layout": {"font": {"size": 15}, "annotations": [{"text": "Titel", "font": {"size": 40}}]},
    }
    big = with_font_size(figure, SLIDE_FONT_PX)
    assert big["data"][0]["textfont"]["size"] == [22, 30]
    assert big["layout"]["annotations"][0]["font"]["size"] == 40
    assert big["layout"]["title"]["font"]["size"] == 26  # titles 4 px above the rest
    assert figure["layout"]["font"]["size"] == 15 and figure["data"][0]["textfont"]["size"] == [12, 30]


def test_the_report_has_a_cover_and_every_section(demo_db):
    page = render_bericht(demo_db, {"programm": "klikks", "land": "DE-NW"}, today=date(2026, 11, 25))
    text = _text(page)
    for title in SECTIONS.values():
        assert title in text
    assert "Nordrhein-Westfalen" in text and "28.02.2025" in text and "25.11.2026" in text
    city = _text(render_bericht(demo_db, {"programm": "ksv-muenster"}, today=date(2026, 11, 25)))
    assert "Maßnahmen nach Status" in city and "Karte der Länder" not in city
    forged = _text(render_bericht(demo_db, {"land": "XX", "stand": "morgen"}))
    assert "Land:" in forged and "Stand:" in forged
