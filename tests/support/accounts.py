"""Demo accounts with one known password, for tests that sign in."""

from __future__ import annotations

from data.permissions import Actor

DEMO_PASSWORD = "test-passwort-2025"  # every demo account in the test databases has this one


def demo_password(_login: str) -> str:
    return DEMO_PASSWORD


def as_coordinator(name: str) -> Actor:
    """A signed-in person who may write everywhere (role ``koordination``), for tests of the write path itself."""
    return Actor(name=name, role="koordination")
