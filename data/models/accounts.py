"""People who sign in, and the failed sign-ins that the login rate limit counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from data import vocab
from data.models.base import Base, one_of, utcnow, vocab_column


def _quoted(keys) -> str:
    return ", ".join(f"'{key}'" for key in sorted(keys))


UNSCOPED_ROLES = set(vocab.USER_ROLES) - vocab.STATE_SCOPED_ROLES - vocab.MUNICIPALITY_SCOPED_ROLES

# Each role has exactly the scope it needs: a state for region, a municipality for kommune, none otherwise.
SCOPE_MATCHES_ROLE = (
    f"(role IN ({_quoted(vocab.STATE_SCOPED_ROLES)}) "
    "AND scope_state_code IS NOT NULL AND scope_municipality_id IS NULL) OR "
    f"(role IN ({_quoted(vocab.MUNICIPALITY_SCOPED_ROLES)}) "
    "AND scope_municipality_id IS NOT NULL AND scope_state_code IS NULL) OR "
    f"(role IN ({_quoted(UNSCOPED_ROLES)}) AND scope_state_code IS NULL AND scope_municipality_id IS NULL)"
)


class User(Base):
    """An account. ``login`` is stored lower-case, so it is unique regardless of how it is typed."""

    __tablename__ = "users"
    __table_args__ = (
        one_of("role", vocab.USER_ROLES),
        CheckConstraint("login = lower(login)", name="login_lower_case"),
        CheckConstraint(SCOPE_MATCHES_ROLE, name="scope_matches_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = vocab_column()
    scope_state_code: Mapped[str | None] = mapped_column(ForeignKey("states.code"))
    scope_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    """One failed sign-in. Kept in the database so the rate limit holds across workers and machines."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_login_at", "login", "failed_at"),
        Index("ix_login_failures_address_at", "address", "failed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
