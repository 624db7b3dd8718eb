"""Shared fixtures. ``TEST_DATABASE_URL`` (a PostgreSQL server URL) switches every database-backed
test from SQLite files to real PostgreSQL databases on that server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings
from playwright.sync_api import expect

from dashboard.app import create_app
from dashboard.config import Config
from data.db import Database
from data.demo import load_demo_data
from data.migrate import upgrade
from tests.support.accounts import DEMO_PASSWORD, demo_password
from tests.support.databases import DatabaseFactory
from tests.support.server import LiveServer

# Property tests count examples, not time: a loaded 2-core CI machine is slow, not wrong.
settings.register_profile("klikks", deadline=None)
settings.load_profile("klikks")

CHROMIUM = "/usr/bin/chromium"
# One generous timeout for every browser wait and assertion: a loaded 2-core machine (CI runs the
# SQLite and PostgreSQL passes side by side) takes seconds for a page with several charts; tests wait
# on conditions, so a pass is never slower.
BROWSER_TIMEOUT_MS = 60_000
expect.set_options(timeout=BROWSER_TIMEOUT_MS)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(os.environ.get("TEST_DATABASE_URL"), tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


def _template(databases: DatabaseFactory, prefix: str, *, demo: bool) -> str:
    url = databases.new_url(prefix)
    db = Database.from_url(url)
    upgrade(db.engine)
    if demo:
        with db.session() as session:
            load_demo_data(session, password_for=demo_password)
    db.dispose()
    return url


@pytest.fixture(scope="session")
def empty_template(databases) -> str:
    return _template(databases, "empty_tpl", demo=False)


@pytest.fixture(scope="session")
def demo_template(databases) -> str:
    return _template(databases, "demo_tpl", demo=True)


def _own_copy(databases: DatabaseFactory, template: str) -> Iterator[Database]:
    url = databases.clone(template)
    db = Database.from_url(url)
    yield db
    db.dispose()
    databases.drop(url)


@pytest.fixture
def empty_db(databases, empty_template) -> Iterator[Database]:
    """A migrated, empty database of its own."""
    yield from _own_copy(databases, empty_template)


@pytest.fixture
def demo_db(databases, demo_template) -> Iterator[Database]:
    """A database of its own holding the full demo data."""
    yield from _own_copy(databases, demo_template)


@pytest.fixture
def app_config(demo_db) -> Config:
    return Config(
        database_url=demo_db.engine.url.render_as_string(hide_password=False),
        load_demo_data=False,
        secret_key="schluessel-nur-fuer-tests",
    )


@pytest.fixture
def dash_app(app_config, demo_db):
    return create_app(app_config, db=demo_db)


@pytest.fixture
def live_server(dash_app) -> Iterator[LiveServer]:
    with LiveServer(dash_app.server) as server:
        yield server


# --- Playwright: Debian's chromium, never a downloaded browser --------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "de-DE",
        "timezone_id": "Europe/Berlin",
        "viewport": {"width": 1440, "height": 900},
    }


@pytest.fixture
def context(context):
    """pytest-playwright's context, with the suite's timeout for waits (``wait_for_*``, clicks, …)."""
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    return context


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors and uncaught page errors seen by ``page`` during the test."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def logged_in_page(page, live_server):
    """``logged_in_page("region-nw")`` signs the browser page in as that demo account, like a person would."""

    def sign_in(login: str):
        page.goto(live_server.url + "/anmelden")
        page.fill("input[name='login']", login)
        page.fill("input[name='password']", DEMO_PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        expect(page.locator("#user-name")).to_be_visible()
        return page

    return sign_in
