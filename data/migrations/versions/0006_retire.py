"""Retire, never delete: a ``retired_at`` stamp on every record people create in the UI or by import,
and an optimistic-locking ``version`` on the records that had none yet

A retired record keeps its history (audit rows, stage events, attendance) and drops out of the default
views; restoring clears the stamp. Who retired or restored it is in the audit log, like every write.

Columns are added and dropped with plain ``ALTER TABLE`` (SQLite ≥ 3.35 has DROP COLUMN), never by
rebuilding a table: a rebuild would drop the data-version triggers of 0005.

Revision ID: 0006_retire
Revises: 0005_data_version
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_retire"
down_revision = "0005_data_version"
branch_labels = None
depends_on = None

RETIRABLE = ("measures", "municipalities", "volunteers", "cohorts", "cohort_sessions", "enrollments", "goals")
NEWLY_VERSIONED = ("municipalities", "volunteers", "cohorts")


def upgrade() -> None:
    for table in RETIRABLE:
        op.add_column(table, sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
    for table in NEWLY_VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")))


def downgrade() -> None:
    for table in NEWLY_VERSIONED:
        op.execute(f"ALTER TABLE {table} DROP COLUMN version")
    for table in RETIRABLE:
        op.execute(f"ALTER TABLE {table} DROP COLUMN retired_at")
