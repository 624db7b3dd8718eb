"""Rollups of the measures in use, kept exact by triggers, and the indexes their month edges read

Four small tables (``data.models.rollups``) hold counts, CO₂ and cost sums and missing-value counts
per program, state, Handlungsfeld, status and month (of the last update / of planned completion), per
Kommune and per responsible. Triggers on ``measures`` (``data.rollups``) update them in the same
transaction as every write; the migration fills them from the existing measures. The Maßnahmen page
reads only measures in use, so its indexes become partial (``WHERE retired_at IS NULL``), and two new
covering ones serve the live part of an overview: the rows of the months a Stand date cuts in two.

Tables and indexes are created, never rebuilt, so the triggers of 0003 and 0005 stay in place.

Revision ID: 0009_rollups
Revises: 0008_notifications
"""

import sqlalchemy as sa
from alembic import op

from data import rollups

revision = "0009_rollups"
down_revision = "0008_notifications"
branch_labels = None
depends_on = None

KEYS = {
    "program_id": sa.Integer(),
    "state_code": sa.String(length=8),
    "sector": sa.String(length=60),
    "status": sa.String(length=32),
}
IN_USE = sa.text("retired_at IS NULL")
# The Maßnahmen page reads only measures in use: its indexes of 0002 become partial, and two new ones
# serve the live part of an overview.
REBUILT = (
    (
        "ix_measures_overview",
        [
            *("status", "program_id", "state_code", "sector", "municipality_id", "planned_completion_on"),
            *("updated_at", "co2_t_per_year", "cost_eur"),
        ],
    ),
    (
        "ix_measures_sector_status",
        ["sector", "status", "program_id", "state_code", "municipality_id", "planned_completion_on", "updated_at"],
    ),
    (
        "ix_measures_municipality_status",
        ["municipality_id", "status", "program_id", "state_code", "sector", "planned_completion_on", "updated_at"],
    ),
)
ADDED = (
    ("ix_measures_updated_rollup", ["updated_at", "status", "program_id", "state_code", "sector"]),
    ("ix_measures_planned_rollup", ["planned_completion_on", "status", "program_id", "state_code", "sector"]),
)

def _keys(*names: str) -> list[sa.Column]:
    return [sa.Column(name, KEYS[name], nullable=False) for name in names]


def _count(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.BigInteger(), nullable=False) for name in ("measures", *names)]


def upgrade() -> None:
    op.create_table(
        "measure_rollup",
        *_keys("program_id", "state_code", "sector", "status"),
        sa.Column("updated_month", sa.Date(), nullable=False),
        *_count("co2_hundredths", "co2_unknown", "cost_cents", "cost_unknown"),
        sa.PrimaryKeyConstraint("program_id", "state_code", "sector", "status", "updated_month", name="pk_measure_rollup"),
    )
    op.create_table(
        "measure_rollup_planned",
        *_keys("program_id", "state_code", "sector", "status"),
        sa.Column("planned_month", sa.Date(), nullable=False),
        *_count(),
        sa.PrimaryKeyConstraint(
            "program_id", "state_code", "sector", "status", "planned_month", name="pk_measure_rollup_planned"
        ),
    )
    op.create_table(
        "measure_rollup_municipality",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        *_keys("status", "program_id", "state_code"),
        *_count(),
        sa.PrimaryKeyConstraint(
            "municipality_id", "status", "program_id", "state_code", name="pk_measure_rollup_municipality"
        ),
    )
    op.create_table(
        "measure_rollup_responsible",
        sa.Column("responsible", sa.String(length=200), nullable=False),
        *_count(),
        sa.PrimaryKeyConstraint("responsible", name="pk_measure_rollup_responsible"),
    )
    for name, _columns in REBUILT:
        op.drop_index(name, table_name="measures")
    for name, columns in REBUILT + ADDED:
        # retired_at, always NULL here, is a column too: SQLite reads a partial index alone only if
        # it holds every column the query names.
        op.create_index(name, "measures", [*columns, "retired_at"], sqlite_where=IN_USE, postgresql_where=IN_USE)
    bind = op.get_bind()
    for statement in rollups.create_triggers(bind.dialect.name):
        op.execute(statement)
    rollups.rebuild(bind)


def downgrade() -> None:
    for statement in rollups.drop_triggers(op.get_bind().dialect.name):
        op.execute(statement)
    for name, _columns in REBUILT + ADDED:
        op.drop_index(name, table_name="measures")
    for name, columns in REBUILT:
        op.create_index(name, "measures", columns)
    for table in reversed(rollups.TABLES):
        op.drop_table(table)
