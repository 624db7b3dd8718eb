"""Login, logout, public and login-only mode, the rate limit, CSRF and the security headers — over HTTP."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from dashboard.app import create_app
from dashboard.security import same_origin
from data.models import User
from tests.support.accounts import DEMO_PASSWORD
from tests.support.http import ORIGIN, DashClient, text_of


@pytest.fixture
def closed_app(app_config, demo_db):
    """The dashboard with ``KLIKKS_PUBLIC=0``: nothing without an account."""
    return create_app(replace(app_config, public=False), db=demo_db)


def test_login_page_is_german_with_the_expected_form(dash_app):
    page = dash_app.server.test_client().get("/anmelden").get_data(as_text=True)
    assert 'name="login"' in page and 'name="password"' in page and ">Anmelden</button>" in page
    assert 'lang="de"' in page


def test_sign_in_and_out(dash_app):
    client = DashClient(dash_app)
    response = client.sign_in("Region-NW", DEMO_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    session_cookie = client.http.get_cookie("klikks_session")
    assert session_cookie.http_only and session_cookie.same_site == "Lax" and not session_cookie.secure
    layout = text_of(client.http.get("/_dash-layout"))
    assert "Rita Region NRW (Demo)" in layout and "Regionalmanagement" in layout and "/abmelden" in layout
    assert client.http.get("/abmelden").status_code == 302
    assert "Rita Region" not in text_of(client.http.get("/_dash-layout"))


def test_secure_cookies_when_configured(app_config, demo_db):
    app = create_app(replace(app_config, secure_cookies=True), db=demo_db)
    client = DashClient(app)
    client.sign_in("admin", DEMO_PASSWORD)
    assert client.http.get_cookie("klikks_session").secure


def test_failed_sign_in_has_one_generic_message(dash_app):
    client = DashClient(dash_app)
    wrong_password = client.sign_in("admin", "falsches-passwort")
    unknown_login = client.sign_in("niemand", "falsches-passwort")
    assert wrong_password.status_code == unknown_login.status_code == 401
    message = "Anmeldung fehlgeschlagen: Login oder Passwort stimmen nicht, oder das Konto ist deaktiviert."
    assert message in wrong_password.get_data(as_text=True) and message in unknown_login.get_data(as_text=True)


def test_rate_limit_answers_429_in_german(dash_app):
    client = DashClient(dash_app)
    for _ in range(5):
        assert client.sign_in("koordination", "falsch-falsch-falsch").status_code == 401
    blocked = client.sign_in("koordination", DEMO_PASSWORD)
    assert blocked.status_code == 429 and "Zu viele Versuche" in blocked.get_data(as_text=True)


def test_next_path_stays_on_this_site(closed_app):
    client = DashClient(closed_app)
    redirect = client.http.get("/massnahmen?status=geplant")
    assert redirect.status_code == 302 and redirect.headers["Location"].startswith("/anmelden?weiter=")
    token = client.csrf_token()
    for target, expected in (("/massnahmen?status=geplant", "/massnahmen?status=geplant"), ("//evil.example", "/")):
        client.http.get("/abmelden")
        response = client.http.post(
            "/anmelden", data={"login": "lesen", "password": DEMO_PASSWORD, "csrf_token": token, "weiter": target}
        )
        assert response.headers["Location"] == expected


def test_login_only_mode_redirects_pages_and_refuses_callbacks(closed_app):
    client = DashClient(closed_app)
    assert client.http.get("/").status_code == 302
    assert client.http.get("/_dash-layout").status_code == 401
    assert client.http.get("/healthz").status_code == 200
    assert client.http.get("/assets/00-bootstrap.min.css").status_code == 200
    client.sign_in("lesen", DEMO_PASSWORD)
    assert client.http.get("/").status_code == 200


def _save_event(dash_app, headers):
    client = DashClient(dash_app)
    client.sign_in("admin", DEMO_PASSWORD)
    with dash_app.server.config["KLIKKS_DB"].session() as session:
        from data.models import Measure

        measure = session.scalars(select(Measure).limit(1)).one()
        row = {"id": measure.id, "version": measure.version, "title": measure.title}
    event = [{"colId": "responsible", "value": "CSRF-Test", "data": row}]
    return client.fire("massnahmen-save-message.children", [event], [0], headers=headers(client))


@pytest.mark.parametrize(
    ("headers", "accepted"),
    [
        (lambda client: {"X-CSRFToken": client.csrf_token()}, True),
        (lambda client: {"Origin": ORIGIN}, True),
        (lambda client: {}, False),
        (lambda client: {"Origin": "https://angreifer.example"}, False),
        (lambda client: {"X-CSRFToken": "gefaelscht", "Origin": "https://angreifer.example"}, False),
    ],
)
def test_callback_posts_need_a_csrf_token_or_same_origin(dash_app, headers, accepted):
    response = _save_event(dash_app, headers)
    if accepted:
        assert response.status_code == 200 and "Gespeichert" in text_of(response)
    else:
        assert response.status_code == 400 and "Sicherheitsgründen" in response.get_json()["fehler"]


def test_login_form_without_token_is_refused(dash_app):
    response = dash_app.server.test_client().post("/anmelden", data={"login": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 400


def test_same_origin_compares_scheme_host_and_port():
    assert same_origin("http://localhost", "http://localhost/")
    assert not same_origin("http://localhost:8051", "http://localhost:8050/")
    assert not same_origin("https://localhost", "http://localhost/")
    assert not same_origin("null", "http://localhost/")
    assert not same_origin(None, "http://localhost/")


def test_security_headers_on_page_callback_and_healthz(dash_app):
    client = DashClient(dash_app)
    page = client.http.get("/")
    callback = client.fire("page-content.children", ["/laender"], [""])
    health = client.http.get("/healthz")
    for response in (page, callback, health):
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-eval'" not in csp
        assert "script-src 'self' 'sha256-" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
    assert callback.status_code == 200
    assert health.get_json() == {"status": "ok"}


def test_frame_ancestors_can_be_configured(app_config, demo_db):
    app = create_app(replace(app_config, frame_ancestors="https://intranet.example"), db=demo_db)
    response = app.server.test_client().get("/")
    assert "frame-ancestors https://intranet.example" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers


def test_healthz_says_only_not_ok_when_the_database_is_gone(dash_app, monkeypatch):
    db = dash_app.server.config["KLIKKS_DB"]

    def broken():
        raise RuntimeError("connection to server at 127.0.0.1 port 5432 failed")

    monkeypatch.setattr(db, "check", broken)
    response = dash_app.server.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "nicht ok"}


def test_password_hashes_never_leave_the_server(dash_app, demo_db):
    with demo_db.session() as session:
        hashes = session.scalars(select(User.password_hash)).all()
    client = DashClient(dash_app)
    client.sign_in("admin", DEMO_PASSWORD)
    bodies = [client.http.get(path).get_data(as_text=True) for path in ("/", "/_dash-layout", "/anmelden")]
    for path in ("/", "/verwaltung/nutzer", "/massnahmen", "/kohorten/45"):
        bodies.append(text_of(client.fire("page-content.children", [path], [""])))
    assert hashes and all(h[:30] not in body and "$argon2" not in body for h in hashes for body in bodies)
