"""Full-text search over measures: FTS5 trigram index on SQLite, pg_trgm GIN index on PostgreSQL

Both serve the page's free-text filter (case-insensitive substring search over title, teaser and the
two descriptions) without scanning every row.

Revision ID: 0003_measure_search
Revises: 0002_massnahmen
"""
from alembic import op

revision = "0003_measure_search"
down_revision = "0002_massnahmen"
branch_labels = None
depends_on = None

COLUMNS = "title, teaser, description_what, description_plan"
# Must stay identical to data.queries.sql.MEASURE_SEARCH_EXPRESSION, or PostgreSQL ignores the index.
PG_EXPRESSION = (
    "(coalesce(title, '') || ' ' || coalesce(teaser, '') || ' ' || "
    "coalesce(description_what, '') || ' ' || coalesce(description_plan, ''))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE measures_search USING fts5({COLUMNS}, "
            "content='measures', content_rowid='id', tokenize='trigram')"
        )
        new = "new.title, new.teaser, new.description_what, new.description_plan"
        old = "old.title, old.teaser, old.description_what, old.description_plan"
        op.execute(
            "CREATE TRIGGER measures_search_insert AFTER INSERT ON measures BEGIN "
            f"INSERT INTO measures_search(rowid, {COLUMNS}) VALUES (new.id, {new}); END"
        )
        op.execute(
            "CREATE TRIGGER measures_search_delete AFTER DELETE ON measures BEGIN "
            f"INSERT INTO measures_search(measures_search, rowid, {COLUMNS}) VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER measures_search_update AFTER UPDATE OF {COLUMNS} ON measures BEGIN "
            f"INSERT INTO measures_search(measures_search, rowid, {COLUMNS}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO measures_search(rowid, {COLUMNS}) VALUES (new.id, {new}); END"
        )
        op.execute("INSERT INTO measures_search(measures_search) VALUES ('rebuild')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(f"CREATE INDEX ix_measures_search_trgm ON measures USING gin ({PG_EXPRESSION} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS measures_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS measures_search")
    else:
        op.execute("DROP INDEX IF EXISTS ix_measures_search_trgm")
