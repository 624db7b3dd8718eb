"""Results cached under the data version: every write path bumps the version in its own transaction
(triggers of migration 0004), so an edit, an insert, a delete or a bulk load is never answered with a
stale number — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

from flask import Flask
from flask_caching import Cache
from sqlalchemy import delete, event, func, select, text, update

from bench.large_measures import generate
from callbacks.massnahmen import update_massnahmen
from data.commands.massnahmen import update_measure
from data.models import Measure
from data.queries.data_version import cached, data_version
from layouts import format as fmt
from tests.support.accounts import as_coordinator


def _version(db) -> int:
    with db.session() as session:
        return data_version(session)


def test_every_kind_of_write_bumps_the_version_and_a_rollback_does_not(demo_db):
    seen = [_version(demo_db)]
    with demo_db.session() as session:
        measure = session.execute(select(Measure).where(Measure.code == "MS-KSV-01")).scalar_one()
        update_measure(session, as_coordinator("Test"), measure.id, {"progress_pct": 55}, measure.version)
    seen.append(_version(demo_db))
    with demo_db.engine.begin() as connection:  # direct SQL, outside the command framework
        connection.execute(update(Measure).where(Measure.code == "MS-KSV-02").values(title="Neu"))
    seen.append(_version(demo_db))
    with demo_db.engine.begin() as connection:
        connection.execute(delete(Measure).where(Measure.code == "MS-KSV-03"))
    seen.append(_version(demo_db))
    generate(demo_db, 50, today=date(2025, 2, 28))
    seen.append(_version(demo_db))
    assert seen == sorted(set(seen))  # strictly increasing: each write counted
    with demo_db.engine.connect() as connection:
        connection.execute(update(Measure).where(Measure.code == "MS-KSV-04").values(title="verworfen"))
        connection.rollback()
    assert _version(demo_db) == seen[-1]


def test_cached_results_are_reused_until_the_data_changes(demo_db):
    cache = Cache(Flask(__name__), config={"CACHE_TYPE": "SimpleCache"})
    calls = []

    def compute(session):
        calls.append(1)
        return session.execute(text("SELECT count(*) FROM measures")).scalar_one()

    with demo_db.session() as session:
        first = cached(session, cache, "anzahl", lambda: compute(session))
        again = cached(session, cache, "anzahl", lambda: compute(session))
    assert first == again and len(calls) == 1
    with demo_db.engine.begin() as connection:
        connection.execute(delete(Measure).where(Measure.code == "MS-KSV-05"))
    with demo_db.session() as session:
        assert cached(session, cache, "anzahl", lambda: compute(session)) == first - 1
    assert len(calls) == 2


def _kpis(output) -> str:
    """The key figure cards of the overview callback's answer, as JSON text."""
    return json.dumps(output[0].to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)


def _done(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Measure).where(Measure.status == "umgesetzt"))


CONTROLS = (None, None, None, None, ["umgesetzt"], None, [], None, None)


def test_the_overview_never_shows_a_stale_number_after_an_edit(dash_app, demo_db):
    assert demo_db.cache is not None  # the app gave the database handle its cache
    statements: list[str] = []
    event.listen(demo_db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    before = update_massnahmen(demo_db, CONTROLS, "handlungsfeld", None)
    assert f'"{fmt.number(_done(demo_db))}"' in _kpis(before)
    statements.clear()
    assert _kpis(update_massnahmen(demo_db, CONTROLS, "handlungsfeld", None)) == _kpis(before)
    assert len(statements) == 1  # served from the cache: only the version was read
    with demo_db.session() as session:
        measure = session.scalars(select(Measure).where(Measure.status != "umgesetzt")).first()
        update_measure(session, as_coordinator("Test"), measure.id, {"status": "umgesetzt"}, measure.version)
    after = update_massnahmen(demo_db, CONTROLS, "handlungsfeld", None)
    assert f'"{fmt.number(_done(demo_db))}"' in _kpis(after)
    assert _kpis(after) != _kpis(before)
