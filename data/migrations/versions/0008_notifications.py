"""Notifications: contact persons of measures, a program's fallback contact and reminder settings,
the mail queue, the reminder notices sent, and the answer on "Frage nach!" requests

Columns are added with plain ``ALTER TABLE`` (no table rebuild, which would drop the data-version
triggers of 0005).

Revision ID: 0008_notifications
Revises: 0007_imports
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_notifications"
down_revision = "0007_imports"
branch_labels = None
depends_on = None

REQUEST_COLUMNS = ("last_asked_at", "ask_count", "answered_by", "answer")


def upgrade() -> None:
    op.add_column("update_requests", sa.Column("last_asked_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "update_requests", sa.Column("ask_count", sa.Integer(), nullable=False, server_default=sa.text("1"))
    )
    op.add_column("update_requests", sa.Column("answered_by", sa.String(length=120), nullable=True))
    op.add_column("update_requests", sa.Column("answer", sa.String(length=2000), nullable=True))
    op.create_index("ix_update_requests_asker", "update_requests", ["requested_by_user_id", "answered_at"])

    op.create_table(
        "measure_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.CheckConstraint("(user_id IS NULL) <> (email IS NULL)", name=op.f("ck_measure_contacts_user_or_email")),
        sa.CheckConstraint("email IS NULL OR email = lower(email)", name=op.f("ck_measure_contacts_email_lower_case")),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_measure_contacts_measure_id_measures"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_measure_contacts_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_contacts")),
    )
    op.create_index("ix_measure_contacts_measure_id", "measure_contacts", ["measure_id"])
    op.create_index("ix_measure_contacts_user", "measure_contacts", ["user_id", "measure_id"])
    op.create_index("ix_measure_contacts_email", "measure_contacts", ["email", "measure_id"])

    op.create_table(
        "program_notifications",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("contact_user_id", sa.Integer(), nullable=True),
        sa.Column("reminders_enabled", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("stale_after_days", sa.Integer(), nullable=False, server_default=sa.text("180")),
        sa.Column("due_soon_days", sa.String(length=40), nullable=False, server_default=sa.text("'30,7,1'")),
        sa.Column("repeat_days", sa.String(length=40), nullable=False, server_default=sa.text("'1,7,30'")),
        sa.CheckConstraint("stale_after_days >= 1", name=op.f("ck_program_notifications_stale_positive")),
        sa.ForeignKeyConstraint(
            ["program_id"], ["programs.id"], name=op.f("fk_program_notifications_program_id_programs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["contact_user_id"], ["users.id"], name=op.f("fk_program_notifications_contact_user_id_users")
        ),
        sa.PrimaryKeyConstraint("program_id", name=op.f("pk_program_notifications")),
    )

    op.create_table(
        "outgoing_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "kind IN ('nachfrage', 'antwort', 'erinnerung')", name=op.f("ck_outgoing_mails_kind_allowed")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_mails")),
    )
    op.create_index("ix_outgoing_mails_due", "outgoing_mails", ["sent_at", "failed", "next_attempt_at"])

    op.create_table(
        "reminder_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('ueberfaellig', 'bald_faellig', 'veraltet')", name=op.f("ck_reminder_notices_kind_allowed")
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_reminder_notices_measure_id_measures"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_notices")),
    )
    op.create_index(
        "ix_reminder_notices_step", "reminder_notices", ["measure_id", "recipient", "kind", "step"], unique=True
    )
    op.create_index("ix_reminder_notices_day", "reminder_notices", ["recipient", "sent_on"])


def downgrade() -> None:
    op.drop_table("reminder_notices")
    op.drop_table("outgoing_mails")
    op.drop_table("program_notifications")
    op.drop_table("measure_contacts")
    op.drop_index("ix_update_requests_asker", table_name="update_requests")
    for column in reversed(REQUEST_COLUMNS):
        op.execute(f"ALTER TABLE update_requests DROP COLUMN {column}")
