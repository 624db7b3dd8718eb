"""The write command update_measure: valid edits, every kind of invalid value, stale versions, races, audit."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from data.commands.errors import ConflictError, NotFoundError, ValidationError
from data.commands.massnahmen import update_measure
from data.models import AuditEntry, Measure
from data.permissions import PermissionDenied
from tests.support.accounts import as_coordinator
from tests.support.massnahmen import add_tiny_measures


@pytest.fixture
def tiny(empty_db):
    return empty_db, add_tiny_measures(empty_db)


def _row(db, measure_id):
    with db.session() as session:
        return session.get(Measure, measure_id)


def _audit(db, measure_id):
    with db.session() as session:
        return (
            session.execute(
                select(AuditEntry).where(AuditEntry.table_name == "measures", AuditEntry.row_id == measure_id)
            )
            .scalars()
            .all()
        )


def test_valid_edit_writes_values_bumps_version_and_audits_each_field(tiny):
    db, ids = tiny
    with db.session() as session:
        result = update_measure(
            session,
            as_coordinator("Erika Muster"),
            ids["T-2"],
            {"status": "umgesetzt", "progress_pct": 100, "co2_t_per_year": "3,25", "responsible": " Team C "},
            expected_version=1,
        )
    assert result.version == 2
    row = _row(db, ids["T-2"])
    assert (row.status, row.progress_pct, row.responsible, row.version) == ("umgesetzt", 100, "Team C", 2)
    assert row.co2_t_per_year == Decimal("3.25")
    assert row.updated_by == "Erika Muster"
    audit = {entry.field: entry for entry in _audit(db, ids["T-2"])}
    assert set(audit) == {"status", "progress_pct", "co2_t_per_year", "responsible"}
    assert (audit["status"].old_value, audit["status"].new_value) == ("in_umsetzung", "umgesetzt")
    assert (audit["progress_pct"].old_value, audit["progress_pct"].new_value) == ("50", "100")
    assert (audit["co2_t_per_year"].old_value, audit["co2_t_per_year"].new_value) == (None, "3.25")
    assert all(e.actor == "Erika Muster" and e.source == "ui" and e.table_name == "measures" for e in audit.values())
    assert len({e.changed_at for e in audit.values()}) == 1


def test_dates_and_clearing_values(tiny):
    db, ids = tiny
    with db.session() as session:
        update_measure(
            session,
            as_coordinator("A"),
            ids["T-1"],
            {"planned_completion_on": "2026-09-30", "cost_eur": None, "steps": ""},
            1,
        )
    row = _row(db, ids["T-1"])
    assert row.planned_completion_on == date(2026, 9, 30)
    assert row.cost_eur is None and row.steps is None
    audit = {entry.field: entry for entry in _audit(db, ids["T-1"])}
    assert (audit["planned_completion_on"].old_value, audit["planned_completion_on"].new_value) == (
        "2026-01-01",
        "2026-09-30",
    )
    assert (audit["cost_eur"].old_value, audit["cost_eur"].new_value) == ("1000", None)
    assert "steps" not in audit  # was empty and stays empty: nothing changed, nothing audited


def test_unchanged_value_keeps_version_and_writes_no_audit(tiny):
    db, ids = tiny
    with db.session() as session:
        result = update_measure(
            session, as_coordinator("A"), ids["T-1"], {"co2_t_per_year": 10.50, "status": "umgesetzt"}, 1
        )
    assert result.changed == {} and result.version == 1
    assert _row(db, ids["T-1"]).version == 1
    assert _audit(db, ids["T-1"]) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "fertig"}, "„fertig“ ist kein bekannter Status"),
        ({"status": None}, "„Status“ darf nicht leer sein"),
        ({"progress_pct": 150}, "zwischen 0 und 100"),
        ({"progress_pct": -1}, "zwischen 0 und 100"),
        ({"progress_pct": 12.5}, "ganze Zahl"),
        ({"progress_pct": "viel"}, "keine gültige Zahl"),
        ({"progress_pct": True}, "keine gültige Zahl"),
        ({"planned_completion_on": "31.02.2026"}, "kein gültiges Datum"),
        ({"planned_completion_on": "1899-01-01"}, "zwischen 01.01.2000 und 31.12.2100"),
        ({"co2_t_per_year": -0.5}, "zwischen 0 und 1.000.000.000 t/Jahr"),
        ({"co2_t_per_year": float("nan")}, "keine gültige Zahl"),
        ({"cost_eur": -1}, "zwischen 0 und"),
        ({"cost_eur": 10**13}, "zwischen 0 und 100.000.000.000 €"),
        ({"responsible": "x" * 201}, "höchstens 200 Zeichen"),
        ({"involved": "x" * 401}, "höchstens 400 Zeichen"),
        ({"steps": "x" * 4001}, "höchstens 4000 Zeichen"),
        ({"title": "Neu"}, "„title“ kann hier nicht bearbeitet werden"),
        ({"version": 7}, "„version“ kann hier nicht bearbeitet werden"),
    ],
)
def test_invalid_values_are_rejected_and_nothing_changes(tiny, changes, message):
    db, ids = tiny
    before = _row(db, ids["T-2"])
    # A valid change next to the invalid one must not be stored either.
    with db.session() as session, pytest.raises(ValidationError, match=message):
        update_measure(session, as_coordinator("A"), ids["T-2"], {"responsible": "Team Z", **changes}, 1)
    after = _row(db, ids["T-2"])
    assert (after.responsible, after.status, after.progress_pct, after.version) == (
        before.responsible,
        before.status,
        before.progress_pct,
        1,
    )
    assert _audit(db, ids["T-2"]) == []


def test_missing_actor_version_or_changes_are_rejected(tiny):
    db, ids = tiny
    with db.session() as session, pytest.raises(ValidationError, match="nichts geändert"):
        update_measure(session, as_coordinator("A"), ids["T-2"], {}, 1)
    with db.session() as session, pytest.raises(PermissionDenied, match="melden Sie sich an"):
        update_measure(session, as_coordinator(" "), ids["T-2"], {"status": "umgesetzt"}, 1)
    with db.session() as session, pytest.raises(PermissionDenied, match="melden Sie sich an"):
        update_measure(session, None, ids["T-2"], {"status": "umgesetzt"}, 1)
    with db.session() as session, pytest.raises(ValidationError, match="Version"):
        update_measure(session, as_coordinator("A"), ids["T-2"], {"status": "umgesetzt"}, None)


def test_unknown_measure_is_not_found(tiny):
    db, _ids = tiny
    with db.session() as session, pytest.raises(NotFoundError, match=r"Nr\. 99999"):
        update_measure(session, as_coordinator("A"), 99999, {"status": "umgesetzt"}, 1)


def test_stale_version_is_a_conflict_and_changes_nothing(tiny):
    db, ids = tiny
    with db.session() as session:
        update_measure(session, as_coordinator("Erste:r"), ids["T-3"], {"status": "in_umsetzung"}, 1)
    with db.session() as session, pytest.raises(ConflictError, match="Diese Maßnahme wurde inzwischen geändert"):
        update_measure(session, as_coordinator("Zweite:r"), ids["T-3"], {"status": "abgebrochen", "progress_pct": 0}, 1)
    row = _row(db, ids["T-3"])
    assert (row.status, row.progress_pct, row.version, row.updated_by) == ("in_umsetzung", 20, 2, "Erste:r")
    assert [(e.field, e.actor) for e in _audit(db, ids["T-3"])] == [("status", "Erste:r")]


def test_two_concurrent_saves_of_one_row_exactly_one_wins(tiny):
    db, ids = tiny
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(actor: str, status: str) -> None:
        with db.session() as session:
            barrier.wait(timeout=10)
            try:
                outcomes[actor] = update_measure(session, as_coordinator(actor), ids["T-4"], {"status": status}, 1)
            except ConflictError as exc:
                outcomes[actor] = exc

    threads = [threading.Thread(target=save, args=args) for args in (("A", "in_umsetzung"), ("B", "abgebrochen"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    conflicts = [actor for actor, outcome in outcomes.items() if isinstance(outcome, ConflictError)]
    winners = [actor for actor, outcome in outcomes.items() if not isinstance(outcome, ConflictError)]
    assert len(winners) == 1 and len(conflicts) == 1
    assert "Diese Maßnahme wurde inzwischen geändert" in outcomes[conflicts[0]].message
    row = _row(db, ids["T-4"])
    assert row.version == 2 and row.updated_by == winners[0]
    assert row.status == {"A": "in_umsetzung", "B": "abgebrochen"}[winners[0]]
    audit = _audit(db, ids["T-4"])
    assert [(e.field, e.actor) for e in audit] == [("status", winners[0])]


def test_other_rows_are_untouched(tiny):
    db, ids = tiny
    with db.session() as session:
        update_measure(session, as_coordinator("A"), ids["T-1"], {"progress_pct": "90"}, 1)
    with db.session() as session:
        versions = dict(session.execute(select(Measure.code, Measure.version)).all())
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1
    assert versions == {"T-1": 2, "T-2": 1, "T-3": 1, "T-4": 1, "T-5": 1, "T-6": 1}
