"""The unit of work every write command runs in: who writes, may they, version check, audit, one transaction.

A command does::

    with UnitOfWork(session, actor, source) as work:
        work.authorise(Scope(state_code=row.state_code, municipality_id=row.municipality_id))
        version = work.bump_version(Measure, row_id, expected_version, conflict_message)
        ...
        work.audit("measures", row_id, "status", old, new)

The outermost unit of work on a session owns the transaction: it commits when its block ends without
an error and rolls back on any error, so nothing of a refused command is stored. A caller that wants
many commands in one transaction (an import) opens a unit of work itself; the commands' units then join
it, and it commits once at the end — or, if any command in it failed, stores nothing at all.

Database failures (locked, unreachable, a violated constraint) leave as :class:`StorageError` with a
German message, so callers handle one family of errors: :class:`CommandError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from datetime import datetime
from types import TracebackType

from sqlalchemy import update
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from data import vocab
from data.commands.errors import ConflictError, StorageError, ValidationError
from data.commands.fields import as_text, same
from data.models import AuditEntry
from data.models.base import utcnow
from data.permissions import Actor, Scope, check_signed_in, check_write

MAX_ACTOR_LENGTH = 120  # audit_log.actor, measures.updated_by
UNREACHABLE_MESSAGE = "Die Datenbank ist gerade nicht erreichbar – die Änderung wurde nicht gespeichert."
CONSTRAINT_MESSAGE = (
    "Die Datenbank hat die Änderung abgelehnt (sie widerspricht einer Regel) – nichts wurde gespeichert."
)
DEFAULT_CONFLICT_MESSAGE = (
    "Dieser Eintrag wurde inzwischen von jemand anderem geändert. Die aktuelle Fassung wird angezeigt; "
    "bitte die Änderung prüfen und erneut eingeben."
)
_SESSION_KEY = "klikks_unit_of_work"


def require_version(value: object) -> int:
    """The version the editor loaded, as an int; anything else means the row data is incomplete."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("Die Version der Zeile fehlt; bitte die Seite neu laden.")
    return value


class UnitOfWork:
    """One command's (or a caller's batch of commands') transaction; see the module docstring."""

    def __init__(self, session: Session, actor: Actor | None, source: str = "ui") -> None:
        self.session = session
        self.actor = actor
        self.source = source
        self.now: datetime = utcnow()
        self._outer: UnitOfWork | None = None
        self._authorised = False
        self.failed = False
        self.committed = False

    @property
    def owns_transaction(self) -> bool:
        return self._outer is None

    def __enter__(self) -> UnitOfWork:
        if self.source not in vocab.AUDIT_SOURCES:
            raise ValidationError(f"Unbekannte Quelle „{self.source}“.")
        self._outer = self.session.info.get(_SESSION_KEY)
        if self._outer is None:
            self.session.info[_SESSION_KEY] = self
        else:
            self.now = self._outer.now
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, _tb: TracebackType | None
    ) -> bool:
        if self._outer is not None:
            if exc is not None:
                self._outer.failed = True
            return self._translate(exc)
        self.session.info.pop(_SESSION_KEY, None)
        if exc is None and not self.failed:
            try:
                self.session.commit()
                self.committed = True
                return False
            except SQLAlchemyError as error:
                exc = error
        self._rollback()
        return self._translate(exc)

    def _rollback(self) -> None:
        # If the connection is gone, nothing was committed and the pool discards it.
        with suppress(SQLAlchemyError):
            self.session.rollback()

    @staticmethod
    def _translate(exc: BaseException | None) -> bool:
        """Database errors become a German StorageError; everything else passes unchanged."""
        if isinstance(exc, IntegrityError):
            raise StorageError(CONSTRAINT_MESSAGE) from exc
        if isinstance(exc, DBAPIError | SQLAlchemyError):
            raise StorageError(UNREACHABLE_MESSAGE) from exc
        return False

    # --- what commands call --------------------------------------------------------------------------

    def authorise(self, scope: Scope, what: str = "Einträge") -> None:
        """May the actor write a row in ``scope``? Role and scope decide (:mod:`data.permissions`)."""
        check_write(self.actor, scope, what)
        self._check_name()
        self._authorised = True

    def authorise_signed_in(self) -> None:
        """For writes any signed-in person may make (e.g. "Frage nach!"), whatever the row's scope."""
        check_signed_in(self.actor)
        self._check_name()
        self._authorised = True

    def _check_name(self) -> None:
        if len(self.actor.name.strip()) > MAX_ACTOR_LENGTH:
            raise ValidationError(f"Der Name, wer ändert, darf höchstens {MAX_ACTOR_LENGTH} Zeichen lang sein.")

    @property
    def actor_name(self) -> str:
        return self.actor.name.strip()

    def bump_version(
        self,
        model: type,
        row_id: int,
        expected_version: object,
        conflict_message: str = DEFAULT_CONFLICT_MESSAGE,
        **values: object,
    ) -> int:
        """Set ``values`` and raise the row's version in one UPDATE if it still has ``expected_version``."""
        self._require_authorised()
        expected_version = require_version(expected_version)
        result = self.session.execute(
            update(model)
            .where(model.id == row_id, model.version == expected_version)
            .values(**values, version=model.version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise ConflictError(conflict_message)
        return expected_version + 1

    def write_changes(
        self,
        model: type,
        row_id: int,
        expected_version: object,
        current: Mapping[str, object],
        changed: Mapping[str, object],
        conflict_message: str = DEFAULT_CONFLICT_MESSAGE,
        **also: object,
    ) -> int:
        """Write ``changed`` fields (and ``also``, e.g. who and when) with the version check, one audit row
        per changed field from its ``current`` value: how every edit of a record is written."""
        version = self.bump_version(model, row_id, expected_version, conflict_message, **changed, **also)
        for name, value in changed.items():
            self.audit(model.__tablename__, row_id, name, as_text(current[name]), as_text(value))
        return version

    def audit(
        self, table: str, row_id: int, field: str, old: str | None, new: str | None, comment: str | None = None
    ) -> None:
        """One audit row for one changed field, naming the actor and the source."""
        self._require_authorised()
        self.session.add(
            AuditEntry(
                table_name=table,
                row_id=row_id,
                field=field,
                old_value=old,
                new_value=new,
                actor=self.actor_name,
                user_id=self.actor.user_id,
                changed_at=self.now,
                source=self.source,
                comment=comment,
            )
        )

    def _require_authorised(self) -> None:
        if not self._authorised:
            raise RuntimeError("A command must call UnitOfWork.authorise before it writes.")


def changes_to(current: Mapping[str, object], wanted: Mapping[str, object]) -> dict[str, object]:
    """The wanted values that differ from the current ones (``same`` compares numbers and dates by value)."""
    return {name: value for name, value in wanted.items() if not same(current[name], value)}
