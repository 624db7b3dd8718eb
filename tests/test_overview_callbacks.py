"""Übersicht and routing callbacks called as plain functions over the demo data."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import pytest
from sqlalchemy import select

from callbacks.overview import preset_for, preset_period, render_overview, update_overview, update_progress_table
from callbacks.routing import render_page
from data.models import AuditEntry
from data.queries.overview import monthly_progress
from data.rules import target_on
from layouts.overview import progress_figure


def _texts(component) -> str:
    """All text inside a Dash component tree, for assertions."""
    return str(component.to_plotly_json())


def _newest_audited_measure(db) -> int:
    """The row of the newest audit entry (in the demo data a measure's status change)."""
    with db.session() as session:
        return session.scalar(
            select(AuditEntry.row_id).order_by(AuditEntry.changed_at.desc(), AuditEntry.id.desc()).limit(1)
        )


def test_update_for_whole_period(demo_db):
    kpis, figure, changes, search = update_overview(demo_db, None, None, "kommunen")
    text = _texts(kpis)
    assert "'201'" in text and "'477'" in text and "'888'" in text
    assert isinstance(figure, dict) and "template" not in figure["layout"]
    assert figure["layout"]["title"]["text"] == "<b>Kommunen: Fortschritt gegenüber dem Ziel</b>"
    assert figure["layout"]["title"]["subtitle"]["text"] == (
        "Programm: KlikKS · Zeitraum: 01.03.2022 – 28.02.2025 · Kommunen"
    )
    assert figure["layout"]["annotations"][-1]["text"] == "Quelle: KlikKS-Programmdatenbank · Stand 28.02.2025"
    figure = go.Figure(figure)  # valid plotly
    assert figure.data[0].y[-1] == 201
    assert figure.data[1].name.startswith("Zielpfad")
    assert "Keine Änderungen an Einträgen von KlikKS" in _texts(changes)  # the demo edits are Münster's
    assert search == ""


def test_the_progress_table_is_built_only_while_its_fold_out_is_open(demo_db):
    assert update_progress_table(demo_db, None, None, None) is None
    assert update_progress_table(demo_db, None, None, 2) is None  # opened and closed again
    whole = _texts(update_progress_table(demo_db, None, None, 1))
    assert "Monatsende" in whole and "28.02.2025" in whole and "31.03.2022" in whole
    year = _texts(update_progress_table(demo_db, "2023-01-01", "2023-12-31", 3))
    assert "31.12.2023" in year and "31.01.2023" in year and "31.12.2022" not in year
    forged = _texts(update_progress_table(demo_db, ["kaputt"], 17, 1))  # bad input: the whole period
    assert "28.02.2025" in forged


def test_update_encodes_non_default_filters_in_the_url(demo_db):
    *_, search = update_overview(demo_db, "2023-01-01", "2023-12-31", "paten")
    assert search == "?von=2023-01-01&bis=2023-12-31&kennzahl=paten"


def test_update_clamps_dates_outside_the_program(demo_db):
    kpis, *_, search = update_overview(demo_db, "2019-01-01", "2030-01-01", "unbekannt")
    assert "'201'" in _texts(kpis)
    assert search == ""


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("gesamt", (date(2022, 3, 1), date(2025, 2, 28))),
        ("2022", (date(2022, 3, 1), date(2022, 12, 31))),
        ("2025", (date(2025, 1, 1), date(2025, 2, 28))),
    ],
)
def test_presets_clip_to_the_program_period(demo_db, preset, expected):
    assert preset_period(demo_db, preset) == expected


def test_render_with_bad_query_shows_notes(demo_db):
    page = render_overview(demo_db, {"von": "kaputt", "kennzahl": "x"})
    text = _texts(page)
    assert "Von: „kaputt“ ist kein Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)" in text
    assert "Kennzahl: „x“ gibt es nicht (möglich: Kommunen, Klimaschutzpat:innen, Projekte)" in text


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "Übersicht"),
        ("/laender", "Länder"),
        ("/kohorten", "Kohorten"),
        ("/massnahmen", "Maßnahmen"),
        ("/nirgendwo", "Nicht gefunden"),
        ("/massnahmen/1/extra", "Nicht gefunden"),
    ],
)
def test_router(demo_db, path, title):
    _page, browser_title = render_page(demo_db, path, "")
    assert browser_title.startswith(title)


def test_progress_figure_without_data_says_so():
    import pandas as pd

    empty = pd.DataFrame(columns=["month", "kommunen", "paten", "projekte", "month_end"])
    figure = progress_figure(empty, "kommunen", 120, date(2022, 3, 1), date(2025, 2, 28))
    assert figure["layout"]["annotations"][0]["text"] == "Keine Daten im gewählten Zeitraum"
    assert figure["layout"]["annotations"][0]["xref"] == "paper"  # centred in the plot area
    assert figure["layout"]["separators"] == ",."
    assert [trace["name"] for trace in figure["data"]] == ["Kommunen (erfasst)"]  # no target path without data


def test_target_path_is_a_straight_line_from_program_start():
    first, due = date(2022, 3, 1), date(2025, 2, 28)
    assert target_on(first, first, due, 120) == 0
    assert target_on(due, first, due, 120) == 120
    assert target_on(date(2030, 1, 1), first, due, 120) == 120
    assert 59 < target_on(date(2023, 8, 30), first, due, 120) < 61


def test_progress_figure_follows_the_query(demo_db):
    from data.queries.program import program_info

    with demo_db.session() as session:
        program = program_info(session)
        progress = monthly_progress(session, program.id, program.starts_on, date(2024, 1, 1), date(2024, 12, 31))
    figure = progress_figure(progress, "projekte", None, program.starts_on, None)
    assert len(figure["data"]) == 1 and len(figure["data"][0]["x"]) == 12
    assert figure["data"][0]["x"][0] == date(2024, 1, 31) and figure["data"][0]["x"][-1] == date(2024, 12, 31)


def test_dates_check_the_preset_they_match(demo_db):
    assert preset_for(demo_db, None, None) == "gesamt"
    assert preset_for(demo_db, "2022-03-01", "2025-02-28") == "gesamt"
    assert preset_for(demo_db, "2023-01-01", "2023-12-31") == "2023"
    assert preset_for(demo_db, "2022-01-01", "2022-12-31") == "2022"  # clipped to the program start
    assert preset_for(demo_db, "2023-02-01", "2023-12-31") is None
