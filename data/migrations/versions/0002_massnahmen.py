"""Maßnahmen page: indexes for grouping and sorting at 100 000+ measures

Revision ID: 0002_massnahmen
Revises: 0001
"""
from alembic import op

revision = "0002_massnahmen"
down_revision = "0001"
branch_labels = None
depends_on = None

# (name, columns): the status charts group by these pairs from the index alone; the grid sorts by title.
INDEXES = (
    ("ix_measures_sector_status", ["sector", "status"]),
    ("ix_measures_municipality_status", ["municipality_id", "status"]),
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
