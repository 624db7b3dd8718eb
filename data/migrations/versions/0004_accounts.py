"""Accounts: complete users (display name, e-mail, role with scope, active, timestamps), failed logins,
and the person (user id) on audit rows and "Frage nach!" requests

Revision ID: 0004_accounts
Revises: 0003_measure_search
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_accounts"
down_revision = "0003_measure_search"
branch_labels = None
depends_on = None

ROLES = "'admin', 'koordination', 'region', 'kommune', 'lesen'"
OLD_ROLES = "'admin', 'koordination', 'region', 'kommune'"
SCOPE_MATCHES_ROLE = (
    "(role IN ('region') AND scope_state_code IS NOT NULL AND scope_municipality_id IS NULL) OR "
    "(role IN ('kommune') AND scope_municipality_id IS NOT NULL AND scope_state_code IS NULL) OR "
    "(role IN ('admin', 'koordination', 'lesen') AND scope_state_code IS NULL AND scope_municipality_id IS NULL)"
)


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=120), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("email", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())
        )
        batch_op.add_column(sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(op.f("ck_users_role_allowed"), type_="check")
        batch_op.create_check_constraint(op.f("ck_users_role_allowed"), f"role IN ({ROLES})")
        batch_op.create_check_constraint(op.f("ck_users_login_lower_case"), "login = lower(login)")
        batch_op.create_check_constraint(op.f("ck_users_scope_matches_role"), SCOPE_MATCHES_ROLE)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("display_name", server_default=None)
        batch_op.alter_column("active", server_default=None)
        batch_op.alter_column("created_at", server_default=None)

    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index("ix_login_failures_login_at", "login_failures", ["login", "failed_at"], unique=False)
    op.create_index("ix_login_failures_address_at", "login_failures", ["address", "failed_at"], unique=False)

    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_audit_log_user_id_users"), "users", ["user_id"], ["id"])
        batch_op.create_index(op.f("ix_audit_log_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("update_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requested_by_user_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_update_requests_requested_by_user_id_users"), "users", ["requested_by_user_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("update_requests", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_update_requests_requested_by_user_id_users"), type_="foreignkey")
        batch_op.drop_column("requested_by_user_id")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(op.f("ix_audit_log_user_id"))
        batch_op.drop_constraint(op.f("fk_audit_log_user_id_users"), type_="foreignkey")
        batch_op.drop_column("user_id")
    op.drop_index("ix_login_failures_address_at", table_name="login_failures")
    op.drop_index("ix_login_failures_login_at", table_name="login_failures")
    op.drop_table("login_failures")
    op.execute("DELETE FROM users")  # accounts of the new roles or without a scope would break the old checks
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_scope_matches_role"), type_="check")
        batch_op.drop_constraint(op.f("ck_users_login_lower_case"), type_="check")
        batch_op.drop_constraint(op.f("ck_users_role_allowed"), type_="check")
        batch_op.create_check_constraint(op.f("ck_users_role_allowed"), f"role IN ({OLD_ROLES})")
        batch_op.drop_column("last_login_at")
        batch_op.drop_column("created_at")
        batch_op.drop_column("active")
        batch_op.drop_column("email")
        batch_op.drop_column("display_name")
