"""Imports: a row per uploaded file (preview, progress, result, row report) and the import on each audit row

``import_runs`` is the import history and the job table the import page polls for progress; the file
waits in ``content`` between preview and confirmation. ``audit_log.import_run_id`` links every audited
change to the import that made it (a plain indexed column, added without rebuilding the table).

Revision ID: 0007_imports
Revises: 0006_retire
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_imports"
down_revision = "0006_retire"
branch_labels = None
depends_on = None

ENTITIES = ("measures", "municipalities", "volunteers", "attendance")
STATUSES = ("pruefung", "vorschau", "laeuft", "importiert", "abgelehnt", "verworfen", "fehlgeschlagen")


def _one_of(column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_allowed")


def upgrade() -> None:
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("sheet", sa.String(120), nullable=True),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("new_count", sa.Integer(), nullable=False),
        sa.Column("changed_count", sa.Integer(), nullable=False),
        sa.Column("unchanged_count", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("conflict_count", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(1000), nullable=True),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_import_runs_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
        _one_of("entity", ENTITIES),
        _one_of("status", STATUSES),
    )
    op.create_index(op.f("ix_import_runs_user_id"), "import_runs", ["user_id"])
    op.create_index(op.f("ix_import_runs_created_at"), "import_runs", ["created_at"])
    op.add_column("audit_log", sa.Column("import_run_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_audit_log_import_run_id"), "audit_log", ["import_run_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_log_import_run_id"), table_name="audit_log")
    op.execute("ALTER TABLE audit_log DROP COLUMN import_run_id")
    op.drop_index(op.f("ix_import_runs_created_at"), table_name="import_runs")
    op.drop_index(op.f("ix_import_runs_user_id"), table_name="import_runs")
    op.drop_table("import_runs")
