"""Demo accounts with one known password, for tests that sign in."""

from __future__ import annotations

DEMO_PASSWORD = "test-passwort-2025"  # every demo account in the test databases has this one


def demo_password(_login: str) -> str:
    return DEMO_PASSWORD
