"""Engine and session factory for the configured database (SQLite file or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from data.queries.data_version import ResultCache

P = ParamSpec("P")
T = TypeVar("T")


class DatabaseUnavailable(RuntimeError):
    """The database named by DATABASE_URL cannot be reached or opened."""


class InvalidDatabaseUrl(ValueError):
    """DATABASE_URL does not name a database the app can use (a typo, an unsupported kind)."""


SUPPORTED_BACKENDS = ("sqlite", "postgresql")
URL_EXAMPLES = "postgresql://nutzer:passwort@127.0.0.1:5432/klikks oder sqlite:///instance/klikks.sqlite3"


def normalise_url(url: str) -> str:
    """Accept the common ``postgres://``/``postgresql://`` spellings and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str, lock_timeout_s: float = 15.0) -> Engine:
    """An engine for a SQLite or PostgreSQL URL (:class:`InvalidDatabaseUrl` for anything else); on SQLite a
    writer waits up to ``lock_timeout_s`` for another writer's lock."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InvalidDatabaseUrl(f"keine Datenbank-Adresse; erwartet z. B. {URL_EXAMPLES}") from exc
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise InvalidDatabaseUrl(
            f"die Datenbankart „{parsed.drivername}“ wird nicht unterstützt; erwartet z. B. {URL_EXAMPLES}"
        )
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": lock_timeout_s})
        event.listen(engine, "connect", _sqlite_pragmas(lock_timeout_s))
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _sqlite_pragmas(lock_timeout_s: float):
    """Enforce foreign keys, let readers work while a writer commits, wait for a writer's lock."""

    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout_s * 1000)}")
        cursor.close()

    return on_connect


@dataclass
class Database:
    """The one handle the app, the CLI and the tests pass around."""

    engine: Engine
    sessions: sessionmaker[Session]
    cache: ResultCache | None = None  # results keyed by data version (see data.queries.data_version)

    @classmethod
    def from_url(cls, url: str, lock_timeout_s: float = 15.0) -> Database:
        engine = make_engine(url, lock_timeout_s)
        return cls(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def read(self, query: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run one read query (``query(session, *args, **kwargs)``) in its own session, so callers pass plain
        values and get DataFrames or dataclasses back without ever holding a Session."""
        with self.session() as session:
            return query(session, *args, **kwargs)

    def check(self) -> None:
        """Raise :class:`DatabaseUnavailable` unless a trivial query succeeds."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:  # any driver error means the same to the user
            raise DatabaseUnavailable(str(exc).splitlines()[0]) from exc

    def dispose(self) -> None:
        self.engine.dispose()
