"""A measure's code is unique within its program, not across all programs

Münster's catalogue and a KlikKS project may both be "1.1": the import's natural key is the code within
the program, and so is the constraint. Its index leads with the code, as the old one did: a lookup of
numbers (the import's, per program or not) stays a probe per number, whatever the planner's statistics. PostgreSQL drops and adds the constraint. SQLite cannot drop a
constraint, so ``measures`` is rebuilt the way SQLite documents it (new table, copy, drop, rename, with
foreign keys off — ``data.migrate`` does that): the table's own definition is taken from the database with
only the constraint changed, and every index and trigger of ``measures`` (search of 0003, data version of
0005, rollups of 0009, indexes) is replayed verbatim from ``sqlite_master``, so nothing is lost.

Revision ID: 0010_code_per_program
Revises: 0009_rollups
"""

import re

from alembic import op

revision = "0010_code_per_program"
down_revision = "0009_rollups"
branch_labels = None
depends_on = None

GLOBAL = "CONSTRAINT uq_measures_code UNIQUE (code)"
PER_PROGRAM = "CONSTRAINT uq_measures_code_program_id UNIQUE (code, program_id)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(GLOBAL, PER_PROGRAM)
        return
    op.drop_constraint("uq_measures_code", "measures", type_="unique")
    op.create_unique_constraint("uq_measures_code_program_id", "measures", ["code", "program_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(PER_PROGRAM, GLOBAL)
        return
    op.drop_constraint("uq_measures_code_program_id", "measures", type_="unique")
    op.create_unique_constraint("uq_measures_code", "measures", ["code"])


def _rebuild_sqlite(old_constraint: str, new_constraint: str) -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("Der Umbau von measures braucht ausgeschaltete Fremdschlüssel (data.migrate.upgrade).")
    table_sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'measures'"
    ).scalar()
    if old_constraint not in table_sql:
        raise RuntimeError(f"measures hat nicht die erwartete Bedingung {old_constraint}")
    dependents = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'measures' AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY type, name"
    ).fetchall()
    rebuilt = re.sub(r'CREATE TABLE "?measures"?', "CREATE TABLE measures_rebuilt", table_sql, count=1)
    rebuilt = rebuilt.replace(old_constraint, new_constraint)
    bind.exec_driver_sql(rebuilt)
    bind.exec_driver_sql("INSERT INTO measures_rebuilt SELECT * FROM measures")
    bind.exec_driver_sql("DROP TABLE measures")
    bind.exec_driver_sql("ALTER TABLE measures_rebuilt RENAME TO measures")
    for (statement,) in dependents:
        bind.exec_driver_sql(statement)
