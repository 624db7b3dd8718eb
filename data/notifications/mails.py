"""The German mails the dashboard sends, each as plain text and HTML with a one-click link to the measure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class MeasureRef:
    """What a mail says about a measure: its number, code, title and where it is."""

    id: int
    code: str
    title: str

    def link(self, public_url: str) -> str:
        return f"{public_url.rstrip('/')}/massnahmen/{self.id}"

    @property
    def label(self) -> str:
        return f"{self.code} – {self.title}"


FOOTER = "Diese Nachricht wurde vom KlikKS-Dashboard verschickt."


def _html(paragraphs: Sequence[str], link: str, link_text: str) -> str:
    body = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html><html lang="de"><body style="font-family: sans-serif">'
        f'{body}<p><a href="{escape(link, quote=True)}">{escape(link_text)}</a></p>'
        f'<p style="color: #666; font-size: small">{escape(FOOTER)}</p></body></html>'
    )


def request_mail(measure: MeasureRef, asker: str, message: str | None, public_url: str) -> Mail:
    """To a contact person: someone asks for news about a measure."""
    link = measure.link(public_url)
    paragraphs = [
        "Guten Tag,",
        f"{asker} bittet um neue Informationen zur Maßnahme „{measure.label}“.",
        f"Nachricht: {message}" if message else "Es wurde keine Nachricht hinzugefügt.",
        "Bitte antworten Sie auf der Seite der Maßnahme – dort können Sie auch Status und Fortschritt aktualisieren.",
    ]
    return Mail(
        f"Frage nach!: {measure.label}",
        "\n\n".join([*paragraphs, f"Zur Maßnahme: {link}", FOOTER]) + "\n",
        _html(paragraphs, link, "Zur Maßnahme"),
    )


def answer_mail(measure: MeasureRef, answered_by: str, answer: str, updates: Sequence[str], public_url: str) -> Mail:
    """To the person who asked: the answer, and what was updated with it."""
    link = measure.link(public_url)
    paragraphs = [
        "Guten Tag,",
        f"{answered_by} hat Ihre Nachfrage zur Maßnahme „{measure.label}“ beantwortet:",
        answer,
    ]
    if updates:
        paragraphs.append("Aktualisiert: " + "; ".join(updates))
    return Mail(
        f"Antwort auf Ihre Nachfrage: {measure.label}",
        "\n\n".join([*paragraphs, f"Zur Maßnahme: {link}", FOOTER]) + "\n",
        _html(paragraphs, link, "Zur Maßnahme"),
    )


@dataclass(frozen=True)
class DigestItem:
    measure: MeasureRef
    kind: str  # data.vocab.REMINDER_KINDS
    detail: str  # e.g. "seit 12 Tagen überfällig (geplant bis 01.03.2025)"


DIGEST_SECTIONS = (
    ("ueberfaellig", "Überfällig"),
    ("bald_faellig", "Bald fällig"),
    ("veraltet", "Lange nicht aktualisiert"),
)


def digest_mail(items: Sequence[DigestItem], day: date, public_url: str) -> Mail:
    """One mail per contact person and day: overdue, due-soon and stale measures, each with its link."""
    text = [f"Guten Tag,\n\nIhre Erinnerung vom {day:%d.%m.%Y} zu den Maßnahmen, für die Sie ansprechbar sind:"]
    html = [
        '<!DOCTYPE html><html lang="de"><body style="font-family: sans-serif">',
        f"<p>Guten Tag,</p><p>Ihre Erinnerung vom {day:%d.%m.%Y} zu den Maßnahmen, für die Sie ansprechbar sind:</p>",
    ]
    for kind, heading in DIGEST_SECTIONS:
        section = [item for item in items if item.kind == kind]
        if not section:
            continue
        text.append(f"{heading} ({len(section)}):")
        text.extend(f"- {i.measure.label}: {i.detail}\n  {i.measure.link(public_url)}" for i in section)
        html.append(f"<h2>{escape(heading)} ({len(section)})</h2><ul>")
        html.extend(
            f'<li><a href="{escape(i.measure.link(public_url), quote=True)}">{escape(i.measure.label)}</a>: '
            f"{escape(i.detail)}</li>"
            for i in section
        )
        html.append("</ul>")
    text += ["Bitte aktualisieren Sie Status und Fortschritt auf den Seiten der Maßnahmen.", FOOTER]
    html.append(f'<p style="color: #666; font-size: small">{escape(FOOTER)}</p></body></html>')
    count = len(items)
    subject = f"Erinnerung: {count} Maßnahme{'n' if count != 1 else ''} brauch{'en' if count != 1 else 't'} ein Update"
    return Mail(subject, "\n\n".join(text) + "\n", "".join(html))
