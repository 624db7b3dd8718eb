"""The app's error boundary: no request answers HTTP 500, none shows a traceback or English text.

- **Callbacks.** Dash's ``on_error`` receives every exception a callback raises. The user sees the
  app-wide German alert, no output changes, the server log gets the traceback. (Callbacks that write
  handle their own domain and database errors with a precise message; this is the net below them.)
- **Requests.** Flask error handlers answer every failed request in German: JSON for Dash's own
  endpoints, a small page otherwise. The status says who is at fault: 4xx for a request the app
  cannot read (malformed JSON, a callback that does not exist, a wrong method), 503 for a fault on
  the server's side (database unreachable, an unexpected error): the request may succeed when
  repeated, and nothing was changed by it.
"""

from __future__ import annotations

import logging
from html import escape

from dash import callback_context, set_props
from dash.exceptions import DependencyException, InvalidResourceError
from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from data.db import DatabaseUnavailable
from layouts.shell import APP_ERROR_ID, APP_ERROR_MESSAGE, app_error_alert

log = logging.getLogger(__name__)

DATABASE_DOWN_MESSAGE = (
    "Die Datenbank ist gerade nicht erreichbar – es wurde nichts gespeichert. Bitte gleich noch einmal versuchen."
)
SERVER_FAULT_STATUS = 503
CALLBACK_ENDPOINT = "/_dash-update-component"

HTTP_MESSAGES = {
    400: "Die Anfrage ist fehlerhaft und wurde nicht verarbeitet.",
    404: "Diese Adresse gibt es im Dashboard nicht.",
    405: "Diese Anfrageart ist hier nicht erlaubt.",
    413: "Die Anfrage ist zu groß.",
    415: "Das Format der Anfrage wird nicht unterstützt.",
    503: "Der Dienst ist vorübergehend gestört – bitte gleich noch einmal versuchen. Es wurde nichts gespeichert.",
}
OTHER_CLIENT_ERROR = "Die Anfrage konnte nicht bearbeitet werden."


def _is_database_down(error: BaseException) -> bool:
    return isinstance(error, OperationalError | DatabaseUnavailable) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    )


def on_callback_error(error: Exception) -> None:
    """Dash's ``on_error``: log with traceback, show the German alert, change no output."""
    outputs = getattr(callback_context, "outputs_list", None)
    log.error("Fehler im Callback (Ausgaben: %s)", outputs, exc_info=error)
    message = DATABASE_DOWN_MESSAGE if _is_database_down(error) else APP_ERROR_MESSAGE
    set_props(APP_ERROR_ID, {"children": app_error_alert(message), "is_open": True})


def error_response(status: int, message: str) -> Response:
    """JSON for Dash's endpoints and API clients, a small German page for a browser."""
    if request.path.startswith("/_dash") or request.is_json:
        response = jsonify(fehler=message, status=status)
    else:
        response = Response(_ERROR_PAGE.format(message=escape(message)), mimetype="text/html")
    response.status_code = status
    return response


def install_error_handlers(server: Flask) -> None:
    """Register the handlers on the Flask app; call after Dash has registered its own."""

    @server.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        if isinstance(error, InternalServerError) or (error.code or 500) >= 500:
            return _server_fault(getattr(error, "original_exception", None) or error)
        status = error.code or 400
        return error_response(status, HTTP_MESSAGES.get(status, OTHER_CLIENT_ERROR))

    @server.errorhandler(InvalidResourceError)  # replaces Dash's English text for unknown component files
    @server.errorhandler(DependencyException)  # a file of a library Dash does not serve
    def _unknown_resource(_error: Exception) -> Response:
        return error_response(404, HTTP_MESSAGES[404])

    @server.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        if request.path == CALLBACK_ENDPOINT and not _is_database_down(error):
            # Exceptions inside a callback reach on_callback_error; what arrives here is Dash failing to
            # read the request itself (an unknown output, inputs of the wrong shape): the client's fault.
            log.warning("Unlesbare Callback-Anfrage abgelehnt: %r", error)
            return error_response(400, HTTP_MESSAGES[400])
        return _server_fault(error)


def _server_fault(error: BaseException) -> Response:
    if _is_database_down(error):
        log.error("Datenbank nicht erreichbar bei %s %s: %s", request.method, request.path, error)
        return error_response(SERVER_FAULT_STATUS, DATABASE_DOWN_MESSAGE)
    log.error("Unerwarteter Fehler bei %s %s", request.method, request.path, exc_info=error)
    return error_response(SERVER_FAULT_STATUS, HTTP_MESSAGES[SERVER_FAULT_STATUS])


_ERROR_PAGE = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fehler · KlikKS-Dashboard</title>
<link rel="stylesheet" href="/assets/00-bootstrap.min.css">
</head>
<body class="p-4">
<main class="container" role="main">
<h1 class="h3">⚠ Das hat nicht geklappt</h1>
<p>{message}</p>
<p><a href="/">Zur Übersicht des KlikKS-Dashboards</a></p>
</main>
</body>
</html>
"""
