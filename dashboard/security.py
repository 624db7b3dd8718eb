"""Cross-site request protection and security headers for every response.

CSRF: a state-changing request (POST, PUT, PATCH, DELETE — Dash callbacks and the forms) is accepted
when its ``Origin`` header names this site, or when it carries a valid CSRF token (Flask-WTF): in the
form field ``csrf_token`` or, as Dash's renderer sends it, in the header ``X-CSRFToken`` copied from the
cookie ``_csrf_token``. Anything else gets HTTP 400 with a German message.

Headers: see :func:`content_security_policy`; the README lists what it allows and why.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dash import Dash
from flask import Response, jsonify, request
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf

from dashboard.config import Config

CSRF_COOKIE = "_csrf_token"  # the name Dash's renderer reads (and sends back as X-CSRFToken)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_REFUSED = (
    "Die Anfrage wurde aus Sicherheitsgründen abgelehnt (fehlender oder ungültiger Schutz-Token). "
    "Bitte laden Sie die Seite neu."
)


def content_security_policy(script_hashes: list[str], frame_ancestors: str) -> str:
    """Scripts only from this site plus Dash's own inline scripts (by hash); no plug-ins, no foreign hosts.

    Styles allow ``'unsafe-inline'`` because Dash components, Plotly and AG Grid set inline styles;
    images and fonts allow ``data:`` (Plotly and AG Grid icons), workers ``blob:`` (the map library).
    """
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def same_origin(origin: str | None, host_url: str) -> bool:
    if not origin or origin == "null":
        return False
    mine, theirs = urlsplit(host_url), urlsplit(origin)
    return (theirs.scheme, theirs.netloc) == (mine.scheme, mine.netloc)


def init_security(app: Dash, config: Config) -> None:
    server = app.server
    server.config.update(WTF_CSRF_CHECK_DEFAULT=False, WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_SSL_STRICT=False)
    csrf = CSRFProtect(server)
    policy: list[str] = []  # built on the first response, after every clientside callback is registered

    @server.before_request
    def _check_cross_site():
        if request.method not in UNSAFE_METHODS or same_origin(request.headers.get("Origin"), request.host_url):
            return None
        csrf.protect()  # raises CSRFError unless the token is valid
        return None

    @server.errorhandler(CSRFError)
    def _refused(_error):
        return jsonify(fehler=CSRF_REFUSED), 400

    @server.after_request
    def _headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(list(app.csp_hashes()), config.frame_ancestors))
        response.headers["Content-Security-Policy"] = policy[0]
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if config.frame_ancestors == "'none'":
            response.headers["X-Frame-Options"] = "DENY"
        if response.mimetype == "text/html":  # each page load hands the renderer a token for its callbacks
            response.set_cookie(
                CSRF_COOKIE,
                generate_csrf(),
                secure=config.secure_cookies,
                httponly=False,  # Dash's renderer reads it to send it back as X-CSRFToken
                samesite="Lax",
            )
        return response
