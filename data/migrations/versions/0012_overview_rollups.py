"""A covering index of the measures in use per Land and status, for the overview's live counts

The Maßnahmen overview counts live (from the measures, not the rollups) when the filter asks for
overdue or stale measures only, a responsible person or a search. With a Land chosen, such a count now
reads one range of this index per status — Land, status and planned completion lead, so "überfällig"
(open status, planned completion before the Stand) is a tight range — and never the table: the index
holds every column the overview aggregates. Before, the planner had the choice between an index on
(Land, status) plus one table row per measure, and the covering overview index, which leads with status
and program, so the Land and the date were filters over every open measure.

An index is created, no table rebuilt: the triggers on ``measures`` stay in place.

Revision ID: 0012_overview_rollups
Revises: 0011_grid_indexes
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_overview_rollups"
down_revision = "0011_grid_indexes"
branch_labels = None
depends_on = None

IN_USE = sa.text("retired_at IS NULL")
COLUMNS = [
    *("state_code", "status", "planned_completion_on", "program_id", "sector", "municipality_id"),
    *("updated_at", "co2_t_per_year", "cost_eur", "retired_at"),  # retired_at: see data.models.measures
]


def upgrade() -> None:
    op.create_index("ix_measures_state_overview", "measures", COLUMNS, sqlite_where=IN_USE, postgresql_where=IN_USE)


def downgrade() -> None:
    op.drop_index("ix_measures_state_overview", table_name="measures")
