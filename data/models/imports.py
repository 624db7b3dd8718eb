"""Import runs: one row per uploaded file — its preview, progress, result and row report (the history)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data import vocab
from data.models.base import Base, one_of, utcnow, vocab_column


class ImportRun(Base):
    """An uploaded file on its way in. ``content`` holds the file between preview and confirmation (in the
    database, so any worker can run the confirmed import) and is cleared once the run is finished."""

    __tablename__ = "import_runs"
    __table_args__ = (one_of("entity", vocab.IMPORT_ENTITIES), one_of("status", vocab.IMPORT_STATUSES))

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = vocab_column()
    file_name: Mapped[str] = mapped_column(String(255))
    sheet: Mapped[str | None] = mapped_column(String(120))
    actor: Mapped[str] = mapped_column(String(120))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = vocab_column(default="pruefung")
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    new_count: Mapped[int] = mapped_column(Integer, default=0)
    changed_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    conflict_count: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(String(1000))
    report: Mapped[str | None] = mapped_column(Text)  # the row report as CSV
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
