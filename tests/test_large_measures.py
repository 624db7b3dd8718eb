"""The bulk generator of the benchmark: realistic rows, and the database afterwards exactly as the
migrations left it (indexes, triggers, search index) — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text, update

from bench.large_measures import MUNICIPALITIES_PER_STATE, add_municipalities, generate
from data.models import Measure, Municipality
from data.queries.measure_filters import MeasureFilter, apply_filter

TODAY = date(2025, 2, 28)


def _schema_objects(db) -> set[tuple[str, str]]:
    with db.engine.connect() as connection:
        if db.dialect == "sqlite":
            rows = connection.execute(
                text("SELECT type, name FROM sqlite_master WHERE tbl_name LIKE 'measures%' AND sql IS NOT NULL")
            )
        else:
            rows = connection.execute(
                text(
                    "SELECT 'index', indexname FROM pg_indexes WHERE tablename = 'measures' "
                    "UNION ALL SELECT 'trigger', tgname FROM pg_trigger "
                    "WHERE tgrelid = 'measures'::regclass AND NOT tgisinternal"
                )
            )
        return {tuple(row) for row in rows}


def _search_count(db, words: str) -> int:
    with db.session() as session:
        query = apply_filter(select(func.count()).select_from(Measure), MeasureFilter(text=words, today=TODAY))
        return session.scalar(query)


def test_generated_measures_are_realistic_and_the_schema_is_restored(demo_db):
    before = _schema_objects(demo_db)
    with demo_db.session() as session:
        demo_count = session.scalar(select(func.count()).select_from(Measure))
    total = generate(demo_db, 5000, today=TODAY)
    assert total == demo_count + 5000
    assert _schema_objects(demo_db) == before  # every index and trigger is back

    with demo_db.session() as session:
        generated = select(Measure).where(Measure.code.like("GEN-%")).subquery()
        by_status = dict(session.execute(select(generated.c.status, func.count()).group_by(generated.c.status)).all())
        assert set(by_status) == {"umgesetzt", "in_umsetzung", "geplant", "verzoegert", "nicht_erreicht"} | {
            "abgebrochen",
            "unbekannt",
        }
        assert 0.30 < by_status["umgesetzt"] / 5000 < 0.40  # weight 35 %
        no_co2 = session.scalar(select(func.count()).select_from(generated).where(generated.c.co2_t_per_year.is_(None)))
        assert 0.25 < no_co2 / 5000 < 0.35  # 30 % without an estimate
        newest = session.execute(select(Measure).where(Measure.code == "GEN-0005000")).scalar_one()
        assert newest.started_on < newest.planned_completion_on
        assert newest.updated_at.date() <= TODAY
        assert newest.municipality.state_code == newest.state_code
        assert (newest.completed_on is not None) == (newest.status == "umgesetzt")

    # The search index knows the new rows and still follows edits (its triggers are back).
    assert _search_count(demo_db, "Thermografie-Spaziergang") > 0
    with demo_db.session() as session:
        session.execute(update(Measure).where(Measure.code == "GEN-0000001").values(title="Zaunkönig-Zählung"))
        session.commit()
    assert _search_count(demo_db, "Zaunkönig") == 1


def test_generation_continues_the_numbering(demo_db):
    generate(demo_db, 300, today=TODAY)
    generate(demo_db, 200, today=TODAY)
    with demo_db.session() as session:
        codes = session.scalars(select(Measure.code).where(Measure.code.like("GEN-%")).order_by(Measure.code)).all()
    assert codes == [f"GEN-{n:07d}" for n in range(1, 501)]


def test_municipalities_are_topped_up_to_national_scale(demo_db):
    import numpy as np

    added = add_municipalities(demo_db, 2000, np.random.default_rng(1))
    with demo_db.session() as session:
        per_state = dict(
            session.execute(select(Municipality.state_code, func.count()).group_by(Municipality.state_code)).all()
        )
        ags = session.scalars(select(Municipality.ags).where(Municipality.ags.like("__9%"))).all()
    assert added == len(ags) > 0
    assert sum(per_state.values()) >= 2000
    share = 2000 / sum(MUNICIPALITIES_PER_STATE.values())
    assert per_state["DE-BY"] >= round(MUNICIPALITIES_PER_STATE["DE-BY"] * share)  # Bayern has the most
    assert all(len(code) == 8 for code in ags)
    assert add_municipalities(demo_db, 2000, np.random.default_rng(1)) == 0  # already there
