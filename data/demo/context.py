"""Shared state while the demo data is built: the session, the random source and key rows."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from data.models import Municipality, Organisation, Person, Program, Volunteer


@dataclass
class DemoContext:
    session: Session
    rng: random.Random
    programs: dict[str, Program] = field(default_factory=dict)
    partners: dict[str, Organisation] = field(default_factory=dict)  # state code -> partner agency
    managers: dict[str, Person] = field(default_factory=dict)  # state code -> regional manager
    coordinators: list[Person] = field(default_factory=list)
    municipalities: dict[str, list[Municipality]] = field(default_factory=dict)  # participating, per state
    volunteers: dict[str, list[Volunteer]] = field(default_factory=dict)  # per state

    def between(self, start: date, end: date) -> date:
        """A uniformly drawn day in [start, end] (end before start collapses to start)."""
        days = (end - start).days
        return start + timedelta(days=self.rng.randint(0, days)) if days > 0 else start

    def moment(self, day: date) -> datetime:
        """A working-hours timestamp on ``day`` (UTC)."""
        return datetime.combine(day, time(self.rng.randint(7, 17), self.rng.randint(0, 59)), tzinfo=UTC)
