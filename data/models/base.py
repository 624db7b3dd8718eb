"""Declarative base, naming convention and small column helpers shared by all models."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, MetaData, String, text
from sqlalchemy.orm import DeclarativeBase, mapped_column

# Stable constraint names make Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Timezone-aware 'now' for audit and update timestamps."""
    return datetime.now(UTC)


def vocab_column(length: int = 32, **kwargs):
    """A short ASCII key column whose allowed values are enforced by :func:`one_of`."""
    return mapped_column(String(length), **kwargs)


def one_of(column: str, values: Iterable[str], name: str | None = None) -> CheckConstraint:
    """CHECK constraint restricting ``column`` to the keys of a vocabulary (NULL stays allowed)."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or f"{column}_allowed")


def retired_at_column():
    """``retired_at``: set when a record is retired (never deleted), NULL while it is in use."""
    return mapped_column(DateTime(timezone=True), nullable=True, default=None)


def version_column():
    """Optimistic-locking counter: a write names the version it read and fails if it moved on."""
    return mapped_column(Integer, nullable=False, default=1, server_default=text("1"))
