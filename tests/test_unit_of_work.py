"""The command framework: one transaction per unit of work, caller-owned batches, audit naming the actor,
the write check, and field specs that drive both validation and the grid's editors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from data.commands.errors import CommandError, ConflictError, StorageError, ValidationError
from data.commands.fields import Kind
from data.commands.kohorten import GOAL_FIELDS
from data.commands.massnahmen import update_measure
from data.commands.massnahmen_fields import MEASURE_FIELDS
from data.commands.unit_of_work import Actor, Scope, UnitOfWork
from data.models import AuditEntry, Measure
from layouts.massnahmen_grid import column_defs
from tests.support.accounts import as_coordinator
from tests.support.massnahmen import add_tiny_measures

ERIKA = as_coordinator("Erika Muster")


@pytest.fixture
def tiny(empty_db):
    return empty_db, add_tiny_measures(empty_db)


def _state(db) -> tuple:
    with db.session() as session:
        versions = tuple(session.execute(select(Measure.code, Measure.version, Measure.status).order_by(Measure.code)))
        audits = session.scalar(select(func.count()).select_from(AuditEntry))
    return versions, audits


def test_one_command_commits_its_own_transaction_and_audits_naming_the_actor(tiny):
    db, ids = tiny
    with db.session() as session:
        update_measure(session, ERIKA, ids["T-1"], {"status": "verzoegert", "cost_eur": "1.234,5"}, 1)
    with db.session() as session:
        row = session.get(Measure, ids["T-1"])
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.field)).all()
    assert (row.status, row.cost_eur, row.version, row.updated_by) == (
        "verzoegert",
        Decimal("1234.50"),
        2,
        "Erika Muster",
    )
    assert [(a.field, a.old_value, a.new_value, a.actor, a.source) for a in audit] == [
        ("cost_eur", "1000", "1234.5", "Erika Muster", "ui"),
        ("status", "umgesetzt", "verzoegert", "Erika Muster", "ui"),
    ]


def test_caller_owned_transaction_commits_once_at_the_end(tiny):
    db, ids = tiny
    with db.session() as session:
        with UnitOfWork(session, as_coordinator("Import"), "import") as batch:
            update_measure(session, as_coordinator("Import"), ids["T-1"], {"status": "verzoegert"}, 1, source="import")
            update_measure(session, as_coordinator("Import"), ids["T-2"], {"progress_pct": "60"}, 1, source="import")
            # Not committed yet: another connection still sees the old rows.
            with db.session() as other:
                assert other.get(Measure, ids["T-1"]).version == 1
        assert batch.committed
    with db.session() as session:
        assert session.get(Measure, ids["T-1"]).status == "verzoegert"
        assert session.get(Measure, ids["T-2"]).progress_pct == 60
        sources = set(session.scalars(select(AuditEntry.source)))
    assert sources == {"import"}


def test_a_failed_command_in_a_caller_owned_transaction_stores_nothing_of_the_batch(tiny):
    db, ids = tiny
    before = _state(db)
    with db.session() as session:
        with UnitOfWork(session, as_coordinator("Import"), "import") as batch:
            update_measure(session, as_coordinator("Import"), ids["T-1"], {"status": "verzoegert"}, 1, source="import")
            with pytest.raises(ValidationError):
                update_measure(
                    session, as_coordinator("Import"), ids["T-2"], {"progress_pct": "12,5"}, 1, source="import"
                )
        assert not batch.committed
    assert _state(db) == before


def test_any_error_rolls_back_everything_the_command_wrote(tiny):
    db, ids = tiny
    before = _state(db)
    with db.session() as session, pytest.raises(RuntimeError), UnitOfWork(session, ERIKA) as work:
        work.authorise(Scope())
        work.bump_version(Measure, ids["T-1"], 1, status="abgebrochen")
        work.audit("measures", ids["T-1"], "status", "umgesetzt", "abgebrochen")
        session.flush()
        raise RuntimeError("Absturz mitten im Befehl")
    assert _state(db) == before


def test_a_database_error_becomes_a_german_storage_error_and_nothing_is_stored(tiny):
    db, ids = tiny
    before = _state(db)
    with (
        db.session() as session,
        pytest.raises(StorageError, match="widerspricht einer Regel"),
        UnitOfWork(session, ERIKA) as work,
    ):
        work.authorise(Scope())
        work.bump_version(Measure, ids["T-1"], 1, status="kein_status")  # violates the CHECK constraint
        session.flush()
    assert _state(db) == before


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        (as_coordinator(""), "melden Sie sich an"),
        (as_coordinator("   "), "melden Sie sich an"),
        (Actor("Ohne Rolle"), "melden Sie sich an"),
        (as_coordinator("x" * 121), "höchstens 120 Zeichen"),
        ("Erika Muster", "melden Sie sich an"),
        (None, "melden Sie sich an"),
    ],
)
def test_unnamed_or_untyped_actors_are_refused_and_nothing_is_stored(tiny, actor, message):
    db, ids = tiny
    before = _state(db)
    with db.session() as session, pytest.raises(CommandError, match=message):
        update_measure(session, actor, ids["T-1"], {"status": "verzoegert"}, 1)
    assert _state(db) == before


def test_a_command_cannot_write_without_the_authorisation_check(tiny):
    db, ids = tiny
    with db.session() as session, pytest.raises(RuntimeError, match="authorise"), UnitOfWork(session, ERIKA) as work:
        work.bump_version(Measure, ids["T-1"], 1, status="verzoegert")
    assert _state(db)[0][0] == ("T-1", 1, "umgesetzt")


def test_stale_version_conflicts_in_german(tiny):
    db, ids = tiny
    with db.session() as session, pytest.raises(ConflictError, match="inzwischen geändert"):
        update_measure(session, ERIKA, ids["T-1"], {"status": "verzoegert"}, 7)


def test_unknown_source_is_refused(tiny):
    db, ids = tiny
    with db.session() as session, pytest.raises(ValidationError, match="Quelle"):
        update_measure(session, ERIKA, ids["T-1"], {"status": "verzoegert"}, 1, source="hack")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=300)
@given(st.sampled_from([*MEASURE_FIELDS.values(), *GOAL_FIELDS.values()]), _JSON)
def test_any_json_value_is_parsed_or_refused_with_a_validation_error(spec, raw):
    try:
        spec.parse(raw)
    except ValidationError as exc:
        assert exc.message


def test_grid_columns_follow_the_field_specs():
    columns = {c.get("field"): c for c in column_defs()}
    editable = {name for name, c in columns.items() if c.get("editable")}
    assert editable == {name for name, spec in MEASURE_FIELDS.items() if spec.editable}
    for name, spec in MEASURE_FIELDS.items():
        column = columns[name]
        if spec.kind is Kind.TEXT:
            assert column["cellEditorParams"]["maxLength"] == spec.max_length
            assert (column["cellEditor"] == "agLargeTextCellEditor") == spec.multiline
        if spec.kind in (Kind.INTEGER, Kind.DECIMAL):  # German text, parsed by the server: never the number editor
            assert column["cellEditor"] == {"function": "GermanNumberEditor"}
        if spec.kind is Kind.CHOICE:
            options = column["cellEditorParams"]["options"]
            assert [o["value"] for o in options] == list(spec.options)
            assert [o["label"] for o in options] == list(spec.options.values())
            assert all(o["colour"].startswith("#") and o["icon"] for o in options)
    assert not any(c.get("cellEditor") == "agNumberCellEditor" for c in column_defs())
