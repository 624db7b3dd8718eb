"""``klikks-dashboard reminders send|settings`` and ``klikks-dashboard mail send|worker``.

Mails are queued by the app in the same transaction as what they are about; these commands send the
queue (cron every minute, or the worker), and queue the daily reminder digests (cron once a day).
Exit code 0 on success, 1 on a refusal, 2 when no mail server is configured.
"""

from __future__ import annotations

import sys
import time
from datetime import date

from dashboard.cli_users import command_line_actor
from dashboard.config import Config, MailSettings
from data.commands.contacts import configure_notifications
from data.commands.errors import CommandError
from data.commands.inputs import parse_date
from data.db import Database
from data.notifications.outbox import Delivery, deliver_due
from data.notifications.reminders import send_reminders
from data.notifications.smtp import SmtpServer

NO_SMTP = "Kein Mailserver eingerichtet (SMTP_HOST fehlt): Benachrichtigungen gibt es nur in der App; nichts gesendet."


def add_parsers(commands) -> None:
    reminders = commands.add_parser("reminders", help="tägliche Erinnerungen an die Ansprechpersonen")
    actions = reminders.add_subparsers(dest="reminders_action", required=True)
    send = actions.add_parser("send", help="heutige Sammel-Erinnerungen einreihen und die Mails senden")
    send.add_argument("--dry-run", action="store_true", help="nur anzeigen, wer was bekäme; nichts speichern")
    send.add_argument("--date", help="Stichtag statt heute, z. B. 28.02.2025")
    settings = actions.add_parser("settings", help="Erinnerungen eines Programms einstellen")
    settings.add_argument("program", help="Programm-Kürzel, z. B. klikks")
    switch = settings.add_mutually_exclusive_group()
    switch.add_argument("--on", dest="enabled", action="store_true", default=None, help="Erinnerungen einschalten")
    switch.add_argument("--off", dest="enabled", action="store_false", help="Erinnerungen ausschalten")
    settings.add_argument("--stale-days", type=int, help="veraltet nach so vielen Tagen ohne Update (Standard 180)")
    settings.add_argument("--due-soon", help="Tage vor dem geplanten Ende, z. B. 30,7,1")
    settings.add_argument("--repeat", help="Wiederholung nach der ersten Erinnerung, z. B. 1,7,30")
    settings.add_argument("--fallback-contact", help="Login der Ersatz-Ansprechperson ('' entfernt sie)")

    mail = commands.add_parser("mail", help="Mail-Warteschlange senden")
    mail_actions = mail.add_subparsers(dest="mail_action", required=True)
    mail_actions.add_parser("send", help="fällige Mails jetzt senden")
    worker = mail_actions.add_parser("worker", help="fällige Mails laufend senden (bis Strg+C)")
    worker.add_argument("--interval", type=int, default=60, help="Sekunden zwischen zwei Durchläufen (Standard 60)")


def smtp_server(settings: MailSettings) -> SmtpServer | None:
    if not settings.configured:
        return None
    return SmtpServer(
        host=settings.host or "",
        port=settings.port,
        sender=settings.sender,
        user=settings.user,
        password=settings.password,
        starttls=settings.starttls,
    )


def _report(delivery: Delivery) -> str:
    return (
        f"Mails gesendet: {delivery.sent}, später erneut versucht: {delivery.retrying}, aufgegeben: {delivery.failed}"
    )


def run_reminders(db: Database, config: Config, args) -> int:
    if args.reminders_action == "settings":
        actor = command_line_actor()
        try:
            with db.session() as session:
                s = configure_notifications(
                    session,
                    actor,
                    args.program,
                    reminders_enabled=args.enabled,
                    stale_after_days=args.stale_days,
                    due_soon_days=args.due_soon,
                    repeat_days=args.repeat,
                    contact_login=args.fallback_contact,
                )
                state = "an" if s.reminders_enabled else "aus"
                print(
                    f"Erinnerungen für {args.program}: {state}; veraltet nach {s.stale_after_days} Tagen; "
                    f"bald fällig: {s.due_soon_days} Tage vorher; Wiederholung: {s.repeat_days}"
                )
        except CommandError as exc:
            print(f"Nicht gespeichert: {exc.message}", file=sys.stderr)
            return 1
        return 0
    try:
        today = parse_date(args.date, "Stichtag") if args.date else date.today()
    except CommandError as exc:
        print(f"Fehler: {exc.message}", file=sys.stderr)
        return 2
    server = smtp_server(config.mail)
    if server is None and not args.dry_run:
        print(NO_SMTP, file=sys.stderr)
        return 2
    with db.session() as session:
        digests = send_reminders(session, today, config.public_url, dry_run=args.dry_run)
    verb = "bekäme" if args.dry_run else "bekommt"
    for digest in digests:
        print(f"{digest.recipient} {verb} eine Erinnerung zu {len(digest.notices)} Hinweis(en)")
    print(f"{len(digests)} Sammel-Erinnerung(en) {'geplant (Probelauf)' if args.dry_run else 'eingereiht'}")
    if server is not None and not args.dry_run:
        with db.session() as session:
            print(_report(deliver_due(session, server.send)))
    return 0


def run_mail(db: Database, config: Config, args) -> int:
    server = smtp_server(config.mail)
    if server is None:
        print(NO_SMTP, file=sys.stderr)
        return 2
    while True:
        with db.session() as session:
            delivery = deliver_due(session, server.send)
        if args.mail_action == "send":
            print(_report(delivery))
            return 0
        if delivery.sent or delivery.retrying or delivery.failed:
            print(_report(delivery), flush=True)
        time.sleep(max(1, args.interval))


__all__ = ["add_parsers", "run_mail", "run_reminders"]
