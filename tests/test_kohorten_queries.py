"""Kohorten queries against the tiny hand-built dataset (tests/support/kohorten.py): values computed by hand."""

from __future__ import annotations

import math

import pytest

from data.commands.records import restore, retire
from data.queries.kohorten import CohortFilter, achievement, cohort_kpis, cohort_list, filter_options, goal_counts
from data.queries.kohorten_detail import cohort_facts, enrollment_rows, goal_rows, small_groups
from data.queries.kohorten_funnel import funnel_steps, stage_comparison
from tests.support.accounts import as_coordinator
from tests.support.kohorten import build_tiny_trainings

COORDINATOR = as_coordinator("Erika Muster")


@pytest.fixture
def tiny(empty_db):
    with empty_db.session() as session:
        ids = build_tiny_trainings(session)
    return empty_db, ids


def _counts(steps, cohort_id):
    return list(steps[steps["cohort_id"] == cohort_id]["count"])


def test_funnel_counts_distinct_present_enrollments_per_session_in_position_order(tiny):
    db, ids = tiny
    with db.session() as session:
        steps = funnel_steps(session, [ids.cohorts["A"]])
    assert list(steps["label"]) == [
        "Angemeldet",
        "Auftakt",
        "Workshop",
        "Ausprobierphase",
        "Abschluss",
        "Abgeschlossen",
    ]
    assert list(steps["count"]) == [4, 3, 2, 1, 2, 2]
    assert list(steps["share"]) == [1.0, 0.75, 0.5, 0.25, 0.5, 0.5]
    assert math.isnan(steps["drop"].iloc[0])
    assert list(steps["drop"].iloc[1:]) == [1, 1, 1, -1, 0]


def test_funnel_of_cohort_without_sessions_has_only_registered_and_completed(tiny):
    db, ids = tiny
    with db.session() as session:
        steps = funnel_steps(session, [ids.cohorts["B"]])
    assert list(steps["kind"]) == ["angemeldet", "abgeschlossen"]
    assert list(steps["count"]) == [2, 0]
    assert list(steps["drop"].iloc[1:]) == [2]


def test_funnel_of_cohort_where_everyone_dropped_out_ends_at_zero(tiny):
    db, ids = tiny
    with db.session() as session:
        steps = funnel_steps(session, [ids.cohorts["C"], ids.cohorts["D"]])
    assert _counts(steps, ids.cohorts["C"]) == [3, 2, 0]
    assert list(steps[steps["cohort_id"] == ids.cohorts["C"]]["share"]) == [1.0, 2 / 3, 0.0]
    # a cancelled cohort without enrollments: zero everywhere and no share to divide
    d = steps[steps["cohort_id"] == ids.cohorts["D"]]
    assert list(d["count"]) == [0, 0]
    assert d["share"].isna().all()


def test_stage_comparison_averages_middle_sessions(tiny):
    db, ids = tiny
    with db.session() as session:
        stages = stage_comparison(funnel_steps(session, [ids.cohorts["A"]]))
    assert list(stages["stage"]) == ["angemeldet", "auftakt", "mitte", "ausprobierphase", "abschluss", "abgeschlossen"]
    assert list(stages["share"]) == [1.0, 0.75, 0.5, 0.25, 0.5, 0.5]


def test_kpis_without_filter(tiny):
    db, _ids = tiny
    with db.session() as session:
        kpis = cohort_kpis(session, CohortFilter())
    assert (kpis.cohorts, kpis.cancelled, kpis.registered, kpis.completed) == (4, 1, 9, 2)
    # completion rate only over finished cohorts A and C: 2 of 4 + 3
    assert (kpis.finished_registered, kpis.finished_completed) == (7, 2)
    assert kpis.completion_rate == pytest.approx(2 / 7)
    assert kpis.trainers == 2


@pytest.mark.parametrize(
    ("filt", "titles", "trainers"),
    [
        (CohortFilter(kinds=("workshop",)), ["C", "D"], 1),
        (CohortFilter(kinds=("klimatraining",)), ["A"], 2),
        (CohortFilter(statuses=("geplant", "abgesagt")), ["B", "D"], 1),
        (CohortFilter(year=2024), ["B", "C", "D"], 1),
        (CohortFilter(year=2023), ["A"], 2),
        (CohortFilter(place="bundesweit"), ["B"], 0),
        (CohortFilter(place="DE-NW", year=2024, kinds=("workshop",), statuses=("abgeschlossen",)), ["C"], 0),
    ],
)
def test_filters_narrow_list_and_trainers(tiny, filt, titles, trainers):
    db, _ids = tiny
    with db.session() as session:
        assert list(cohort_list(session, filt)["title"]) == titles
        assert cohort_kpis(session, filt).trainers == trainers


def test_cohort_list_counts(tiny):
    db, _ids = tiny
    with db.session() as session:
        frame = cohort_list(session, CohortFilter()).set_index("title")
    assert frame.loc["A", ["registered", "completed", "dropped"]].tolist() == [4, 2, 2]
    assert frame.loc["C", ["registered", "completed", "dropped"]].tolist() == [3, 0, 3]
    assert frame.loc["D", ["registered", "completed", "dropped"]].tolist() == [0, 0, 0]


def test_completion_rate_is_unknown_without_finished_registrations(tiny):
    db, _ids = tiny
    with db.session() as session:
        kpis = cohort_kpis(session, CohortFilter(statuses=("geplant",)))
    assert kpis.registered == 2 and kpis.completion_rate is None


def test_goal_achievement_per_cohort_and_topic(tiny):
    db, ids = tiny
    with db.session() as session:
        counts = goal_counts(session, CohortFilter())
    by_cohort = achievement(counts, "cohort_id").set_index("cohort_id")
    assert by_cohort.loc[ids.cohorts["A"], ["goals", "achieved"]].tolist() == [5, 2]
    assert by_cohort.loc[ids.cohorts["A"], "rate"] == pytest.approx(0.4)
    assert by_cohort.loc[ids.cohorts["A"], "co2_achieved"] == pytest.approx(0.6)  # the missing estimate adds 0
    assert by_cohort.loc[ids.cohorts["C"], ["goals", "achieved", "rate"]].tolist() == [1, 1, 1.0]
    by_topic = achievement(counts, "topic").set_index("topic")
    assert by_topic.loc["mobilitaet", ["goals", "achieved", "rate"]].tolist() == [2, 1, 0.5]
    assert by_topic.loc["konsum", ["goals", "achieved", "rate"]].tolist() == [1, 0, 0.0]
    assert by_topic["co2_achieved"].sum() == pytest.approx(0.65)


def test_goal_counts_of_a_filter_without_goals_are_empty(tiny):
    db, _ids = tiny
    with db.session() as session:
        counts = goal_counts(session, CohortFilter(statuses=("geplant",)))
    assert counts.empty
    assert achievement(counts, "topic").empty


def test_filter_options_offer_only_values_in_the_data(tiny):
    db, _ids = tiny
    with db.session() as session:
        options = filter_options(session)
    assert options.states == ["DE-NW"]
    assert options.years == [2023, 2024]
    assert options.has_nationwide


def test_detail_queries_show_codes_groups_and_trainers(tiny):
    db, ids = tiny
    with db.session() as session:
        facts = cohort_facts(session, ids.cohorts["A"])
        groups = small_groups(session, ids.cohorts["A"])
        rows = enrollment_rows(session, ids.cohorts["A"])
        goals = goal_rows(session, ids.cohorts["A"])
        assert cohort_facts(session, 999_999) is None
    assert facts.trainers == ["Trainerin Eins"] and facts.state == "Nordrhein-Westfalen"
    assert groups[["name", "trainer", "members", "completed"]].values.tolist() == [
        ["A1", "Trainer Zwei", 2, 2],
        ["A2", "Trainerin Eins", 2, 0],
    ]
    assert [r["code"] for r in rows] == ["A-1", "A-2", "A-3", "A-4"]
    assert rows[3]["present"] == {}
    assert rows[1]["present"][ids.sessions["A3"]] is False
    assert len(goals) == 5 and goals[0]["co2_t_per_year"] == 0.6


def test_funnel_leaves_out_retired_enrollments_with_their_attendance_and_retired_sessions(tiny):
    db, ids = tiny
    with db.session() as session:
        retire(session, COORDINATOR, "enrollments", ids.enrollments["A-2"])  # present 1 2 . 4, abgeschlossen
    with db.session() as session:
        steps = funnel_steps(session, [ids.cohorts["A"]])
    assert list(steps["count"]) == [3, 2, 1, 1, 1, 1]
    with db.session() as session:
        retire(session, COORDINATOR, "cohort_sessions", ids.sessions["A3"])
    with db.session() as session:
        steps = funnel_steps(session, [ids.cohorts["A"]])
        rows = enrollment_rows(session, ids.cohorts["A"])
    assert list(steps["label"]) == ["Angemeldet", "Auftakt", "Workshop", "Abschluss", "Abgeschlossen"]
    assert list(steps["count"]) == [3, 2, 1, 1, 1]
    assert "A-2" not in {row["code"] for row in rows}
    with db.session() as session:
        restore(session, COORDINATOR, "enrollments", ids.enrollments["A-2"])
        restore(session, COORDINATOR, "cohort_sessions", ids.sessions["A3"])
    with db.session() as session:
        assert list(funnel_steps(session, [ids.cohorts["A"]])["count"]) == [4, 3, 2, 1, 2, 2]
