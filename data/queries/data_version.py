"""The data version and results cached under it.

``data_version`` is a counter that database triggers bump in the same transaction as every write to
measures, programs, municipalities and states (migration ``0005_data_version``). A result cached
under the version it was computed at can therefore never be served after a change: the next request
reads a new version and misses. The cache is any object with ``get(key)`` and ``set(key, value)``
(the app passes flask-caching's), so this module knows nothing of Flask.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

T = TypeVar("T")


class ResultCache(Protocol):
    def get(self, key: str) -> object | None: ...

    def set(self, key: str, value: object) -> object: ...


def data_version(session: Session) -> int:
    return session.execute(text("SELECT version FROM data_version WHERE id = 1")).scalar_one()


def cached(session: Session, cache: ResultCache | None, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its result cached under the current data version.

    The version is read before the data, so a result can only ever be stored under a version at least
    as old as the data it holds (a write in between stores newer data under the older key, never
    older data under the newer one)."""
    if cache is None:
        return compute()
    versioned = f"{data_version(session)}:{key}"
    hit = cache.get(versioned)
    if hit is not None:
        return hit
    result = compute()
    cache.set(versioned, result)
    return result
