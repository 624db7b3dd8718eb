"""Maßnahmen page: indexes for grouping and sorting at 100 000+ measures

Revision ID: 0002_massnahmen
Revises: 0001
"""
from alembic import op

revision = "0002_massnahmen"
down_revision = "0001"
branch_labels = None
depends_on = None

# (name, columns): the status charts group by (dimension, status) and check the common filters from the
# index alone; the grid sorts by title;
# the per-status overview (counts, overdue, freshness, CO₂ and cost sums) reads only the covering index.
INDEXES = (
    (
        "ix_measures_overview",
        [
            "status",
            "program_id",
            "state_code",
            "sector",
            "municipality_id",
            "planned_completion_on",
            "updated_at",
            "co2_t_per_year",
            "cost_eur",
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
    ("ix_measures_title", ["title"]),
)


def upgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        for name, columns in INDEXES:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        for name, _columns in reversed(INDEXES):
            batch_op.drop_index(name)
