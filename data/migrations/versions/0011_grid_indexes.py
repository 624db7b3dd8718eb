"""Indexes that serve the Maßnahmen grid's sorts, so a page reads about as many index entries as it shows

One partial index (measures in use) per sortable column, in the grid's order: the column with NULL
first (the order :func:`data.queries.massnahmen_grid.order_by` sorts in on both databases), then the id.
Each also holds the page filter's columns (program, state, status, Handlungsfeld), so the grid's first
step — the ids of one page — is read from the index alone and only the page's rows are fetched
(PostgreSQL: ``INCLUDE``; SQLite: trailing columns, ``retired_at`` too, see ``in_use_index``). One
more holds a state's measures in id order with the columns that column filters and "Nur überfällige" /
"Nur veraltete" compare, so a state's count and unsorted pages read it alone. A NULL
sort key must come first on PostgreSQL as well, where the index says so explicitly; SQLite sorts NULL
first anyway and has no ``NULLS FIRST`` in ``CREATE INDEX``, so the models cannot declare these
indexes for both databases: they live here only (``data.migrate.UNMODELLED_OBJECTS``).

Indexes are created, never a table rebuilt, so the triggers of 0003, 0005 and 0009 stay in place.

Revision ID: 0011_grid_indexes
Revises: 0010_code_per_program
"""

from alembic import op

revision = "0011_grid_indexes"
down_revision = "0010_code_per_program"
branch_labels = None
depends_on = None

# The grid's sortable columns an index serves (keyed like the grid's columns); "id" is the order
# without a sort. The names of Land and Kommune live in other tables and are sorted without an index.
SORTED = (
    "id",
    "code",
    "title",
    "sector",
    "status",
    "progress_pct",
    "responsible",
    "planned_completion_on",
    "co2_t_per_year",
    "cost_eur",
    "updated_at",
)
FILTERED = ("program_id", "state_code", "status", "sector")
# A state's measures (a regional manager's usual view) in the grid's unsorted order, with the columns
# a column filter or "Nur überfällige" / "Nur veraltete" compare: its count and its pages read this
# index alone instead of every measure with, say, CO₂ ≥ 10 in the whole country.
STATE = "state_code"
STATE_COMPARED = ("co2_t_per_year", "cost_eur", "progress_pct", "planned_completion_on", "updated_at")


def index_name(column: str) -> str:
    return f"ix_measures_grid_{column}"


def create_statement(dialect: str, column: str) -> str:
    if column == STATE:
        held = [name for name in FILTERED if name != "state_code"] + list(STATE_COMPARED)
        if dialect == "postgresql":
            return (
                f"CREATE INDEX {index_name(column)} ON measures (state_code, id) INCLUDE ({', '.join(held)}) "
                "WHERE retired_at IS NULL"
            )
        columns = ", ".join(["state_code", "id", *held, "retired_at"])
        return f"CREATE INDEX {index_name(column)} ON measures ({columns}) WHERE retired_at IS NULL"
    if dialect == "postgresql":
        key = "id" if column == "id" else f"{column} NULLS FIRST, id"
        include = ", ".join(name for name in FILTERED if name != column)
        return (
            f"CREATE INDEX {index_name(column)} ON measures ({key}) INCLUDE ({include}) WHERE retired_at IS NULL"
        )
    key = ["id"] if column == "id" else [column, "id"]
    columns = ", ".join([*key, *(name for name in FILTERED if name != column), "retired_at"])
    return f"CREATE INDEX {index_name(column)} ON measures ({columns}) WHERE retired_at IS NULL"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for column in (*SORTED, STATE):
        op.execute(create_statement(dialect, column))
    op.execute("ANALYZE measures")


def downgrade() -> None:
    for column in (*SORTED, STATE):
        op.drop_index(index_name(column), table_name="measures")
