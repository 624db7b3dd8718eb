"""The person behind the current request, read from the signed-in session on every call.

Callbacks pass this :class:`Actor` to the write commands, which decide; ``None`` means nobody is
signed in (public read-only mode), and every command refuses to write for ``None``.
"""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user

from data.permissions import Actor


def current_actor() -> Actor | None:
    if not has_request_context() or not getattr(current_user, "is_authenticated", False):
        return None
    return current_user.account.actor()
