"""Retired records drop out of the default views and aggregates, and come back when restored."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from data.commands.records import restore, retire
from data.models import Cohort, Measure, Municipality
from data.permissions import Actor
from data.queries import laender
from data.queries.kohorten import CohortFilter, cohort_list
from data.queries.laender_detail import state_municipalities
from data.queries.massnahmen import summary
from data.queries.massnahmen_grid import grid_page
from data.queries.measure_filters import MeasureFilter
from data.queries.program import program_info
from tests.support.accounts import as_coordinator

COORDINATOR: Actor = as_coordinator("Erika Muster")
STAND = date(2025, 2, 28)


def _set(db, table: str, row_id: int, retired: bool) -> None:
    with db.session() as session:
        (retire if retired else restore)(session, COORDINATOR, table, row_id)


def test_a_retired_measure_leaves_grid_and_figures_unless_asked_for(demo_db):
    with demo_db.session() as session:
        measure = session.scalars(select(Measure).where(Measure.code == "MS-KSV-01")).one()
    flt = MeasureFilter(text="Durchführung von KlimaTrainings")
    shown = MeasureFilter(text="Durchführung von KlimaTrainings", show_retired=True)
    before = demo_db.read(summary, MeasureFilter())
    _set(demo_db, "measures", measure.id, True)
    assert demo_db.read(grid_page, flt).row_count == 0
    rows = demo_db.read(grid_page, shown).rows
    assert [(row["code"], row["retired"]) for row in rows] == [("MS-KSV-01", True)]
    assert demo_db.read(summary, MeasureFilter()).total == before.total - 1
    _set(demo_db, "measures", measure.id, False)
    assert demo_db.read(grid_page, flt).row_count == 1
    assert demo_db.read(summary, MeasureFilter()).total == before.total


def test_a_retired_municipality_leaves_the_state_counts_pipeline_and_list(demo_db):
    program = demo_db.read(program_info)
    with demo_db.session() as session:
        place = session.scalars(
            select(Municipality)
            .where(Municipality.state_code == "DE-NW", Municipality.stage == "aktiv")
            .order_by(Municipality.id)
            .limit(1)
        ).one()

    def figures():
        counts = demo_db.read(laender.target_progress, program.id, STAND, "DE-NW")
        stages = demo_db.read(laender.stage_counts, STAND, ["DE-NW"], "DE-NW")
        listed = demo_db.read(state_municipalities, program.id, "DE-NW", STAND)
        return int(counts["kommunen"].iloc[0]), int(stages["stage_aktiv"].iloc[0]), set(listed["id"])

    kommunen, active, listed = figures()
    assert place.id in listed
    _set(demo_db, "municipalities", place.id, True)
    assert figures() == (kommunen - 1, active - 1, listed - {place.id})
    with_retired = demo_db.read(state_municipalities, program.id, "DE-NW", STAND, show_retired=True)
    assert bool(with_retired.set_index("id").loc[place.id, "retired"]) is True
    _set(demo_db, "municipalities", place.id, False)
    assert figures() == (kommunen, active, listed)


def test_a_retired_cohort_leaves_the_list_but_keeps_its_page(demo_db):
    with demo_db.session() as session:
        cohort_id = session.scalar(select(Cohort.id).order_by(Cohort.id).limit(1))
    before = set(demo_db.read(cohort_list, CohortFilter())["id"])
    _set(demo_db, "cohorts", cohort_id, True)
    assert set(demo_db.read(cohort_list, CohortFilter())["id"]) == before - {cohort_id}
    assert list(demo_db.read(cohort_list, CohortFilter(cohort_ids=(cohort_id,)))["id"]) == [cohort_id]
    _set(demo_db, "cohorts", cohort_id, False)
    assert set(demo_db.read(cohort_list, CohortFilter())["id"]) == before
