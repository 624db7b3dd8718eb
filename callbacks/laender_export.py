"""Downloads of a state's lists in the import's columns: ``/laender/<code>/kommunen.csv|xlsx`` (everyone who
may see the state page) and ``/laender/<code>/pat-innen.csv|xlsx`` (only people who may change the state's
records: the Pat:innen's codes are for the people who keep them). Streamed like the measures' export."""

from __future__ import annotations

from datetime import date

from dash import Dash
from flask import Response

from callbacks.massnahmen_export import MEDIA_TYPES, file_response
from callbacks.session_user import current_actor
from data import vocab
from data.db import Database
from data.exports.land_lists import LISTS, export_chunks, export_filename
from data.ids import parse_state_code
from data.permissions import Actor, may_edit_state

EXPORT_PATH = "/laender/<code>/{which}.{kind}"
EDITORS_ONLY = {"pat-innen"}


def list_response(db: Database, which: str, kind: str, code: str, actor: Actor | None) -> Response:
    state_code = parse_state_code(code)
    if state_code not in vocab.STATE_NAMES:
        return Response(f"Ein Land mit dem Kürzel „{code[:12]}“ gibt es nicht.", 404, mimetype="text/plain")
    if which in EDITORS_ONLY and not may_edit_state(actor, state_code):
        return Response(
            "Die Liste der Klimaschutzpat:innen können nur Personen herunterladen, die sie pflegen dürfen.",
            403,
            mimetype="text/plain",
        )
    filename = export_filename(which, state_code, kind, date.today())
    return file_response(export_chunks(db, which, state_code, kind), kind, filename)


def register(app: Dash, db: Database) -> None:
    for which in LISTS:
        for kind in MEDIA_TYPES:
            app.server.add_url_rule(
                EXPORT_PATH.format(which=which, kind=kind),
                endpoint=f"laender_export_{which}_{kind}",
                view_func=lambda code, which=which, kind=kind: list_response(db, which, kind, code, current_actor()),
            )
