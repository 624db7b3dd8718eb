"""Länder queries on a tiny hand-built program (tests/support/laender.py); expected values by hand."""

from __future__ import annotations

from datetime import date

import pytest

from data.queries import laender as q
from data.queries import laender_detail as detail
from tests.support.laender import END, START, build_laender_fixture


@pytest.fixture
def fixture_db(empty_db):
    with empty_db.session() as session:
        ids = build_laender_fixture(session)
    return empty_db, ids


def _row(frame, code):
    return frame.set_index("code").loc[code]


def test_comparison_at_end_of_2023(fixture_db):
    db, ids = fixture_db
    with db.session() as session:
        frame = q.state_comparison(session, ids["program_id"], date(2023, 12, 31))
    assert list(frame["code"]) == ["DE-BY", "DE-NW", "DE-SL"]  # ordered by name
    nw = _row(frame, "DE-NW")
    assert nw["kommunen"] == 2  # Adorf and Bedorf; Dedorf joins 2024
    assert (nw["stage_aktiv"], nw["stage_interessiert"], nw["stage_angesprochen"]) == (2, 1, 1)
    assert nw["stage_pausiert"] == nw["stage_ausgeschieden"] == 0
    assert nw["paten"] == 3  # V1, V2 (leaves 31.01.2024), V3; V4 joins 2024
    assert nw["projekte"] == 2  # M1, M2; M3 cancelled, M4 begins 2024, MS1 is Münster's
    assert (nw["status_umgesetzt"], nw["status_in_umsetzung"], nw["status_geplant"]) == (1, 1, 0)
    assert nw["co2"] == pytest.approx(2.5)
    assert nw["co2_unknown"] == 1
    assert nw["target"] == 15 and nw["target_due"] == END
    assert nw["last_activity"] == date(2023, 11, 1)  # Dedorf became interessiert
    assert nw["partner"] == "NRW Agentur GmbH" and nw["partner_short"] == "NRWA"
    assert nw["contact"] == "Erika Test"


def test_comparison_state_without_data_and_non_participating_state(fixture_db):
    db, ids = fixture_db
    with db.session() as session:
        frame = q.state_comparison(session, ids["program_id"], date(2023, 12, 31))
    sl, by = _row(frame, "DE-SL"), _row(frame, "DE-BY")
    for row in (sl, by):
        assert row["kommunen"] == row["paten"] == row["projekte"] == 0
        assert row["co2"] == 0
        assert row["last_activity"] is None
    assert sl["target"] == 15 and sl["partner_short"] == "SV" and sl["contact"] is None
    assert not by["participating"] and by["partner"] is None and by["target_due"] is None


def test_comparison_at_program_end_counts_leavers_pauses_and_later_projects(fixture_db):
    db, ids = fixture_db
    with db.session() as session:
        nw = _row(q.state_comparison(session, ids["program_id"], END), "DE-NW")
    assert nw["kommunen"] == 2  # Adorf and Dedorf (paused, still a member); Bedorf left
    assert (nw["stage_aktiv"], nw["stage_pausiert"], nw["stage_ausgeschieden"], nw["stage_angesprochen"]) == (
        1,
        1,
        1,
        1,
    )
    assert nw["paten"] == 1  # only V1 is left
    assert nw["projekte"] == 3 and nw["status_geplant"] == 1
    assert nw["co2"] == pytest.approx(4.0)
    assert nw["last_activity"] == date(2024, 10, 1)


def test_comparison_before_any_kickoff_is_empty(fixture_db):
    db, ids = fixture_db
    with db.session() as session:
        frame = q.state_comparison(session, ids["program_id"], date(2022, 5, 31))
    stage_columns = [c for c in frame.columns if c.startswith("stage_")]
    assert frame[["kommunen", "paten", "projekte", *stage_columns]].to_numpy().sum() == 0
    assert frame["last_activity"].isna().all()


def test_comparison_of_one_state_matches_the_full_table(fixture_db):
    db, ids = fixture_db
    with db.session() as session:
        full = _row(q.state_comparison(session, ids["program_id"], END), "DE-NW")
        one = q.state_comparison(session, ids["program_id"], END, "DE-NW")
    assert len(one) == 1
    assert one.iloc[0].drop("code").to_dict() == full.to_dict()


def test_stage_on_a_day_with_two_events_takes_the_later_stage(fixture_db):
    db, _ids = fixture_db
    with db.session() as session:
        stages = q.stage_counts(session, date(2024, 1, 15), ["DE-NW"])
    assert stages.loc["DE-NW", "stage_onboarding"] == 1  # Dedorf: ratsbeschluss and onboarding that day
    assert stages.loc["DE-NW", "stage_ratsbeschluss"] == 0


def test_growth_of_municipalities_counts_joins_and_departures(fixture_db):
    db, ids = fixture_db
    with db.session() as session:
        growth = q.state_growth(session, ids["program_id"], START, date(2024, 6, 30), "kommunen")
    nw = growth[growth["state_code"] == "DE-NW"].set_index("month")["value"]
    sl = growth[growth["state_code"] == "DE-SL"].set_index("month")["value"]
    assert set(growth["state_code"]) == {"DE-NW", "DE-SL"}  # participating states only
    assert (nw["2022-12"], nw["2023-01"], nw["2023-03"], nw["2024-01"], nw["2024-06"]) == (0, 1, 2, 3, 2)
    assert sl.sum() == 0
    last = growth[growth["month"] == "2024-06"]["month_end"].iloc[0]
    assert last == date(2024, 6, 30)


def test_growth_of_volunteers_projects_and_co2(fixture_db):
    db, ids = fixture_db
    with db.session() as session:
        paten = q.state_growth(session, ids["program_id"], START, END, "paten", "DE-NW").set_index("month")["value"]
        projects = q.state_growth(session, ids["program_id"], START, END, "projekte", "DE-NW").set_index("month")
        co2 = q.state_growth(session, ids["program_id"], START, END, "co2", "DE-NW").set_index("month")["value"]
    assert (paten["2023-02"], paten["2023-03"], paten["2024-01"], paten["2024-02"], paten["2025-02"]) == (1, 3, 2, 3, 1)
    assert set(projects["state_code"]) == {"DE-NW"}
    assert (projects.loc["2023-03", "value"], projects.loc["2023-06", "value"], projects.loc["2024-03", "value"]) == (
        1,
        2,
        3,
    )
    assert co2["2023-03"] == pytest.approx(2.5) and co2["2025-02"] == pytest.approx(4.0)


def test_growth_rejects_unknown_metric(fixture_db):
    db, ids = fixture_db
    with db.session() as session, pytest.raises(ValueError):
        q.state_growth(session, ids["program_id"], START, END, "ziel")


def test_pipeline_medians_odd_and_even_groups(fixture_db):
    db, _ids = fixture_db
    with db.session() as session:
        at_end = q.pipeline_medians(session, END)
        autumn = q.pipeline_medians(session, date(2023, 10, 31))
    medians = {row.transition: (row.median_days, row.pairs) for row in at_end.itertuples()}
    assert medians == {
        "angesprochen>interessiert": (45.0, 3),  # 31, 45, 61 days
        "interessiert>ratsbeschluss": (70.0, 3),  # 45, 70, 75
        "ratsbeschluss>onboarding": (10.0, 3),  # 0, 10, 10
        "onboarding>aktiv": (21.0, 3),  # 21, 21, 31
    }
    assert set(at_end["state_code"]) == {"DE-NW"}
    early = autumn.set_index("transition").loc["angesprochen>interessiert"]
    assert (early["median_days"], early["pairs"]) == (38.0, 2)  # mean of 31 and 45


def test_milestones_in_date_order_and_per_state(fixture_db):
    db, ids = fixture_db
    with db.session() as session:
        everything = q.milestones(session, ids["program_id"])
        nw = q.milestones(session, ids["program_id"], "DE-NW")
    assert list(everything["happened_on"]) == sorted(everything["happened_on"])
    assert len(everything) == 6
    assert "Landes-Kick-off Saarland" not in set(nw["title"]) and len(nw) == 5


def test_state_info_and_unknown_code(fixture_db):
    db, _ids = fixture_db
    with db.session() as session:
        info = detail.state_info(session, "DE-NW")
        assert detail.state_info(session, "DE-XX") is None
    assert info.partner == "NRW Agentur GmbH" and info.partner_role == "partner"
    assert [c.name for c in info.contacts] == ["Erika Test"]
    assert info.contacts[0].email == "erika@example.org"


def test_state_municipalities_at_end_of_2023(fixture_db):
    db, ids = fixture_db
    with db.session() as session:
        frame = detail.state_municipalities(session, ids["program_id"], "DE-NW", date(2023, 12, 31))
    rows = frame.set_index("name")
    assert list(frame["name"]) == ["Adorf", "Bedorf", "Cedorf", "Dedorf"]
    assert rows.loc["Adorf", ["stage", "paten", "projekte"]].tolist() == ["aktiv", 2, 2]
    assert rows.loc["Adorf", "co2"] == pytest.approx(2.5)
    assert rows.loc["Adorf", "last_activity"] == date(2023, 6, 15)
    assert rows.loc["Bedorf", ["stage", "paten", "projekte"]].tolist() == ["aktiv", 1, 0]
    assert rows.loc["Bedorf", "last_activity"] == date(2023, 4, 1)
    assert rows.loc["Dedorf", "stage"] == "interessiert" and rows.loc["Dedorf", "stage_since"] == date(2023, 11, 1)
    assert rows.loc["Cedorf", "paten"] == 0


def test_state_municipalities_before_any_contact_is_empty(fixture_db):
    db, ids = fixture_db
    with db.session() as session:
        assert detail.state_municipalities(session, ids["program_id"], "DE-NW", date(2022, 5, 31)).empty
        assert detail.state_municipalities(session, ids["program_id"], "DE-SL", END).empty


def test_state_measure_status_includes_other_programs_and_cancelled(fixture_db):
    db, _ids = fixture_db
    with db.session() as session:
        frame = detail.state_measure_status(session, "DE-NW", END)
    counts = {(r.program_code, r.status): r.measures for r in frame.itertuples()}
    assert counts == {
        ("klikks", "abgebrochen"): 1,
        ("klikks", "geplant"): 1,
        ("klikks", "in_umsetzung"): 1,
        ("klikks", "umgesetzt"): 1,
        ("ksv-muenster", "umgesetzt"): 1,
    }


def test_state_cohorts_up_to_the_stand(fixture_db):
    db, _ids = fixture_db
    with db.session() as session:
        nw = detail.state_cohorts(session, "DE-NW", END)
        sl_2023 = detail.state_cohorts(session, "DE-SL", date(2023, 12, 31))
        sl_end = detail.state_cohorts(session, "DE-SL", END)
    assert nw[["title", "enrolled"]].values.tolist() == [["Schulung NW", 2]]
    assert sl_2023.empty and list(sl_end["title"]) == ["Workshop SL"]
