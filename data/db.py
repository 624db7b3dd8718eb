"""Engine and session factory for the configured database (SQLite file or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from data.queries.data_version import ResultCache


class DatabaseUnavailable(RuntimeError):
    """The database named by DATABASE_URL cannot be reached or opened."""


def normalise_url(url: str) -> str:
    """Accept the common ``postgres://``/``postgresql://`` spellings and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Enforce foreign keys and let readers work while a writer commits."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


@dataclass
class Database:
    """The one handle the app, the CLI and the tests pass around."""

    engine: Engine
    sessions: sessionmaker[Session]
    cache: ResultCache | None = None  # results keyed by data version (see data.queries.data_version)

    @classmethod
    def from_url(cls, url: str) -> Database:
        engine = make_engine(url)
        return cls(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def check(self) -> None:
        """Raise :class:`DatabaseUnavailable` unless a trivial query succeeds."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:  # any driver error means the same to the user
            raise DatabaseUnavailable(str(exc).splitlines()[0]) from exc

    def dispose(self) -> None:
        self.engine.dispose()
