"""Throwaway databases for tests, on SQLite files or on a real PostgreSQL server.

A template database is migrated (and optionally filled with demo data) once per test session;
every test gets its own copy (a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL),
so tests are independent and still fast.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from data.db import Database, normalise_url


class DatabaseFactory:
    def __init__(self, admin_url: str | None, workdir: Path) -> None:
        self.admin_url = normalise_url(admin_url) if admin_url else None
        self.workdir = workdir
        self._created: list[str] = []

    @property
    def backend(self) -> str:
        return "postgresql" if self.admin_url else "sqlite"

    def new_url(self, prefix: str = "t") -> str:
        """URL of a new, empty database."""
        name = f"klikks_{prefix}_{uuid.uuid4().hex[:10]}"
        if self.admin_url is None:
            return f"sqlite:///{self.workdir / (name + '.sqlite3')}"
        self._admin(f'CREATE DATABASE "{name}"')
        return self._url_for(name)

    def clone(self, template_url: str, prefix: str = "t") -> str:
        name = f"klikks_{prefix}_{uuid.uuid4().hex[:10]}"
        if self.admin_url is None:
            source = Path(make_url(template_url).database)
            target = self.workdir / (name + ".sqlite3")
            shutil.copyfile(source, target)
            return f"sqlite:///{target}"
        template = make_url(template_url).database
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self._url_for(name)

    def drop(self, url: str) -> None:
        if self.admin_url is None:
            Path(make_url(url).database).unlink(missing_ok=True)
            return
        name = make_url(url).database
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _url_for(self, name: str) -> str:
        url = make_url(self.admin_url).set(database=name)
        self._created.append(name)
        return url.render_as_string(hide_password=False)

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def drop_all(self) -> None:
        for name in self._created:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def open_database(url: str) -> Database:
    return Database.from_url(url)
