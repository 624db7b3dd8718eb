"""Domain errors raised by write commands. Their message is German and shown to the user as is."""

from __future__ import annotations


class CommandError(Exception):
    """A rejected write; nothing was stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(CommandError):
    """A value is not allowed (unknown status, out of range, too long, bad date …)."""


class FieldErrors(ValidationError):
    """Several fields of a form or file row are invalid: ``errors`` maps each field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


class NotFoundError(CommandError):
    """The row to change does not exist (any more)."""


class ConflictError(CommandError):
    """Optimistic locking: someone else changed the row since it was loaded."""


class StorageError(CommandError):
    """The database refused or could not take the write (locked, unreachable, a violated constraint)."""
