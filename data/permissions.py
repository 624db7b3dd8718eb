"""Who may write what: the role + scope rule, as pure functions over plain values.

Every write command asks :func:`check_write` (or :func:`check_user_management`, :func:`check_signed_in`)
before it changes anything; a refusal is a :class:`PermissionDenied` with a German message. Reads are
open to every role, so there is no read rule here.
"""

from __future__ import annotations

from dataclasses import dataclass

from data import vocab
from data.commands.errors import CommandError


class PermissionDenied(CommandError):
    """The acting person may not make this change; nothing was stored."""


@dataclass(frozen=True)
class Actor:
    """Who is acting, as the commands see it: taken from the signed-in account on every request.

    ``scope_label`` is the state's or municipality's name, so refusals can name it without a query.
    """

    name: str
    user_id: int | None = None
    role: str | None = None
    state_code: str | None = None
    municipality_id: int | None = None
    scope_label: str | None = None

    @property
    def role_label(self) -> str:
        return vocab.USER_ROLES.get(self.role or "", "ohne Rolle")


@dataclass(frozen=True)
class Scope:
    """Where a row belongs: its state and (if any) municipality."""

    state_code: str | None = None
    municipality_id: int | None = None


SIGN_IN_REQUIRED = "Bitte melden Sie sich an, um Änderungen zu speichern."


def check_signed_in(actor: Actor | None) -> Actor:
    """Any signed-in person (every role, also ``lesen``) — e.g. for "Frage nach!"."""
    if not isinstance(actor, Actor) or not (actor.name or "").strip() or actor.role not in vocab.USER_ROLES:
        raise PermissionDenied(SIGN_IN_REQUIRED)
    return actor


def may_write(actor: Actor | None, row: Scope) -> bool:
    """True when ``actor`` may change a row of ``row``'s state / municipality."""
    if not isinstance(actor, Actor) or actor.role not in vocab.USER_ROLES or not (actor.name or "").strip():
        return False
    if actor.role in ("admin", "koordination"):
        return True
    if actor.role in vocab.STATE_SCOPED_ROLES:
        return actor.state_code is not None and row.state_code == actor.state_code
    if actor.role in vocab.MUNICIPALITY_SCOPED_ROLES:
        return actor.municipality_id is not None and row.municipality_id == actor.municipality_id
    return False


def check_write(actor: Actor | None, row: Scope, what: str = "Einträge") -> Actor:
    """Raise :class:`PermissionDenied` unless ``actor`` may change ``row``; ``what`` names the rows (plural)."""
    actor = check_signed_in(actor)
    if may_write(actor, row):
        return actor
    raise PermissionDenied(refusal(actor, what))


def refusal(actor: Actor, what: str = "Einträge") -> str:
    """The German message for a refused write, naming what the person may change instead."""
    if actor.role in vocab.STATE_SCOPED_ROLES:
        place = vocab.STATE_NAMES.get(actor.state_code or "", actor.scope_label or "Ihrem Land")
        return f"Sie dürfen nur {what} in {place} ändern."
    if actor.role in vocab.MUNICIPALITY_SCOPED_ROLES:
        return f"Sie dürfen nur {what} der Kommune {actor.scope_label or 'Ihres Kontos'} ändern."
    return f"Mit der Rolle „{actor.role_label}“ können Sie nur lesen, nichts ändern."


def can_edit_anything(actor: Actor | None) -> bool:
    """Whether edit controls are worth showing at all (the server checks each write anyway)."""
    return actor is not None and actor.role in vocab.USER_ROLES and actor.role != "lesen"


def may_edit_state(actor: Actor | None, state_code: str) -> bool:
    """Whether a state's page offers its entry forms (and the lists only its editors see) to ``actor``."""
    return can_edit_anything(actor) and write_scope(actor) in (None, Scope(state_code=state_code))


def check_user_management(actor: Actor | None) -> Actor:
    """Only ``admin`` manages accounts."""
    actor = check_signed_in(actor)
    if actor.role != "admin":
        raise PermissionDenied("Nur die Administration darf Nutzerkonten verwalten.")
    return actor


def write_scope(actor: Actor | None) -> Scope | None:
    """Where ``actor`` may write, for offering choices: None = everywhere, else their state or municipality.

    Someone who may write nothing gets an impossible scope (no state, no municipality)."""
    if not can_edit_anything(actor):
        return Scope()
    if actor.role in vocab.STATE_SCOPED_ROLES:
        return Scope(state_code=actor.state_code)
    if actor.role in vocab.MUNICIPALITY_SCOPED_ROLES:
        return Scope(municipality_id=actor.municipality_id)
    return None
