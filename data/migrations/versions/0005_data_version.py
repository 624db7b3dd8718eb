"""Data version: one counter that every write to the tables behind the Maßnahmen figures bumps

The result cache keys its entries by this number, so a cached figure is never served after a change.
Triggers, not application code, bump it: then every write path (grid, import, CLI, direct SQL) counts,
and it happens in the same transaction as the write. SQLite: a row trigger per table and operation;
PostgreSQL: one statement trigger per table (one bump per statement, also for TRUNCATE).

Revision ID: 0005_data_version
Revises: 0004_accounts
"""
from alembic import op

revision = "0005_data_version"
down_revision = "0004_accounts"
branch_labels = None
depends_on = None

TABLES = ("measures", "programs", "municipalities", "states")
BUMP = "UPDATE data_version SET version = version + 1 WHERE id = 1"


def upgrade() -> None:
    op.execute("CREATE TABLE data_version (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)")
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 1)")
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for operation in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER data_version_{table}_{operation.lower()} AFTER {operation} ON {table} "
                    f"BEGIN {BUMP}; END"
                )
        return
    op.execute(
        "CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER data_version_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for operation in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{operation}")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS data_version_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_data_version()")
    op.execute("DROP TABLE data_version")
