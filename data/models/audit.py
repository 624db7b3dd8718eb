"""Audit log of every write (naming the person) and small facts about the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data import vocab
from data.models.base import Base, one_of, utcnow, vocab_column


class AuditEntry(Base):
    """One changed field of one row: who changed what from which value to which, when and how."""

    __tablename__ = "audit_log"
    __table_args__ = (
        one_of("source", vocab.AUDIT_SOURCES),
        Index("ix_audit_log_row", "table_name", "row_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[int] = mapped_column()
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(120))  # display name at the time of the change
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # NULL: demo data, import scripts
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    source: Mapped[str] = vocab_column(default="ui")
    comment: Mapped[str | None] = mapped_column(String(500))
    import_run_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the import that wrote it (0007)


class AppMeta(Base):
    """Small key/value facts about the database itself (e.g. that it holds demo data)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(400))


class DataVersion(Base):
    """The one row whose counter database triggers bump with every write to the tables behind the
    Maßnahmen figures (migration ``0005_data_version``); cached results are keyed by it."""

    __tablename__ = "data_version"
    __table_args__ = (CheckConstraint("id = 1", name="data_version_single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)
