"""Demo accounts, one per role, created only together with the demo data.

Their passwords are random unless given (tests pass a fixed one) and are shown once, on the console
of the start that loaded the demo data; only their hashes are stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from data.models import User
from data.models.base import utcnow

MUENSTER_AGS = "05515000"


@dataclass(frozen=True)
class DemoAccount:
    login: str
    display_name: str
    role: str
    scope: str | None  # as defined: state code or AGS; as returned: the state's or municipality's name
    password: str = ""


DEMO_ACCOUNTS = (
    DemoAccount("admin", "Alex Admin (Demo)", "admin", None),
    DemoAccount("koordination", "Kim Koordination (Demo)", "koordination", None),
    DemoAccount("region-nw", "Rita Region NRW (Demo)", "region", "DE-NW"),
    DemoAccount("kommune-muenster", "Max Münster (Demo)", "kommune", MUENSTER_AGS),
    DemoAccount("lesen", "Lea Lesen (Demo)", "lesen", None),
)


def random_password(_login: str) -> str:
    return secrets.token_urlsafe(12)


def create_demo_accounts(session: Session, password_for: Callable[[str], str] = random_password) -> list[DemoAccount]:
    """Add the demo accounts; returns them with their passwords (and scope names), to show once."""
    from data.commands.users import hasher, resolve_scope

    created = []
    for demo in DEMO_ACCOUNTS:
        scope = resolve_scope(session, demo.role, demo.scope)
        password = password_for(demo.login)
        session.add(
            User(
                login=demo.login,
                display_name=demo.display_name,
                password_hash=hasher.hash(password),
                role=demo.role,
                scope_state_code=scope.state_code,
                scope_municipality_id=scope.municipality_id,
                active=True,
                created_at=utcnow(),
            )
        )
        created.append(DemoAccount(demo.login, demo.display_name, demo.role, scope.label, password))
    return created
