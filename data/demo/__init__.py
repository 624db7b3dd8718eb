"""Deterministic, realistic German demo data consistent with the published KlikKS figures.

All people are fictitious; place names are composed, not taken from real participants.
``load_demo_data`` fills an empty, migrated database in one transaction.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from data.demo.accounts import DemoAccount, create_demo_accounts, random_password
from data.demo.context import DemoContext
from data.demo.klikks import build_klikks
from data.demo.muenster import build_muenster
from data.demo.trainings import build_klikks_cohorts
from data.models import AppMeta, Program

DEFAULT_SEED = 2025


class DemoDataError(RuntimeError):
    pass


def is_empty(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Program)) == 0


def load_demo_data(
    session: Session, seed: int = DEFAULT_SEED, password_for: Callable[[str], str] = random_password
) -> list[DemoAccount]:
    """Fill an empty database with the demo program data and demo accounts; refuses a non-empty one.

    Returns the demo accounts with their passwords, which exist nowhere else: show them once.
    """
    if not is_empty(session):
        raise DemoDataError(
            "Die Datenbank enthält bereits Daten; Demodaten werden nur in eine leere Datenbank geladen."
        )
    ctx = DemoContext(session=session, rng=random.Random(seed))
    build_klikks(ctx)
    build_klikks_cohorts(ctx)
    build_muenster(ctx)
    accounts = create_demo_accounts(session, password_for)
    session.add(AppMeta(key="demo_data", value=f"seed={seed}"))
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        # Statistics at once, not when autovacuum gets round to it: without them PostgreSQL plans the
        # first requests for empty tables (the stage-at-a-day query took 82 ms in a nested loop, 1 ms after).
        session.execute(text("ANALYZE"))
        session.commit()
    return accounts


def holds_demo_data(session: Session) -> bool:
    return session.get(AppMeta, "demo_data") is not None
