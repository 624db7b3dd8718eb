""" "Meine Nachfragen" (``/nachfragen``) and the admins' mail page (``/verwaltung/mail``)."""

from __future__ import annotations

from datetime import date

from flask import current_app

from callbacks.session_user import current_actor
from data.db import Database
from data.queries.nachfragen import addressed_to_me, asked_by_me, mail_queue_state
from layouts import admin_mail, nachfragen
from layouts.admin_users import admins_only


def render_nachfragen(db: Database, _query: dict[str, str], today: date | None = None):
    actor = current_actor()
    if actor is None or actor.user_id is None:
        return nachfragen.sign_in_first()
    with db.session() as session:
        addressed = addressed_to_me(session, actor.user_id)
        asked = asked_by_me(session, actor.user_id)
    return nachfragen.nachfragen_layout(addressed, asked, today or date.today())


def render_mail(db: Database, _query: dict[str, str]):
    actor = current_actor()
    if actor is None or actor.role != "admin":
        return admins_only()
    mail = current_app.config["KLIKKS_CONFIG"].mail
    with db.session() as session:
        state = mail_queue_state(session)
    return admin_mail.mail_layout(state, mail.host, mail.port, mail.sender)
