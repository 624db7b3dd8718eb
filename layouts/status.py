"""Fixed status palettes: every status is shown by colour AND text (and an icon), never colour alone.

Colours are from a colour-blind-safe set and keep enough contrast for white text on a projector.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import html

from data import vocab

DARK_TEXT = "#1f2933"
WHITE_TEXT = "#ffffff"


def _luminance(hex_colour: str) -> float:
    """Relative luminance after WCAG 2.x."""
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two hex colours (1 … 21; text needs at least 4.5)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True)
class StatusStyle:
    label: str
    colour: str
    icon: str  # a plain Unicode symbol that every system font has

    @property
    def text_colour(self) -> str:
        """White on dark fills, dark ink on light ones: whichever is easier to read."""
        return max((WHITE_TEXT, DARK_TEXT), key=lambda text: contrast_ratio(text, self.colour))


MEASURE_STATUS_STYLES: dict[str, StatusStyle] = {
    "geplant": StatusStyle(vocab.MEASURE_STATUSES["geplant"], "#64748b", "○"),
    "in_umsetzung": StatusStyle(vocab.MEASURE_STATUSES["in_umsetzung"], "#1d4ed8", "▶"),
    "verzoegert": StatusStyle(vocab.MEASURE_STATUSES["verzoegert"], "#b45309", "‖"),
    "umgesetzt": StatusStyle(vocab.MEASURE_STATUSES["umgesetzt"], "#15803d", "✓"),
    "nicht_erreicht": StatusStyle(vocab.MEASURE_STATUSES["nicht_erreicht"], "#b91c1c", "✗"),
    "abgebrochen": StatusStyle(vocab.MEASURE_STATUSES["abgebrochen"], "#44403c", "■"),
    "unbekannt": StatusStyle(vocab.MEASURE_STATUSES["unbekannt"], "#71717a", "?"),
}

STAGE_STYLES: dict[str, StatusStyle] = {
    "angesprochen": StatusStyle(vocab.MUNICIPALITY_STAGES["angesprochen"], "#cbd5e1", "○"),
    "interessiert": StatusStyle(vocab.MUNICIPALITY_STAGES["interessiert"], "#93c5fd", "◔"),
    "ratsbeschluss": StatusStyle(vocab.MUNICIPALITY_STAGES["ratsbeschluss"], "#60a5fa", "◑"),
    "onboarding": StatusStyle(vocab.MUNICIPALITY_STAGES["onboarding"], "#2563eb", "◕"),
    "aktiv": StatusStyle(vocab.MUNICIPALITY_STAGES["aktiv"], "#15803d", "●"),
    "pausiert": StatusStyle(vocab.MUNICIPALITY_STAGES["pausiert"], "#b45309", "‖"),
    "ausgeschieden": StatusStyle(vocab.MUNICIPALITY_STAGES["ausgeschieden"], "#44403c", "✗"),
}

GOAL_STATUS_STYLES: dict[str, StatusStyle] = {
    "geplant": StatusStyle(vocab.GOAL_STATUSES["geplant"], "#64748b", "○"),
    "begonnen": StatusStyle(vocab.GOAL_STATUSES["begonnen"], "#1d4ed8", "▶"),
    "erreicht": StatusStyle(vocab.GOAL_STATUSES["erreicht"], "#15803d", "✓"),
    "nicht_erreicht": StatusStyle(vocab.GOAL_STATUSES["nicht_erreicht"], "#b91c1c", "✗"),
}

COHORT_STATUS_STYLES: dict[str, StatusStyle] = {
    "geplant": StatusStyle(vocab.COHORT_STATUSES["geplant"], "#64748b", "○"),
    "laufend": StatusStyle(vocab.COHORT_STATUSES["laufend"], "#1d4ed8", "▶"),
    "abgeschlossen": StatusStyle(vocab.COHORT_STATUSES["abgeschlossen"], "#15803d", "✓"),
    "abgesagt": StatusStyle(vocab.COHORT_STATUSES["abgesagt"], "#b91c1c", "✗"),
}

# "Frage nach!" requests: open, or answered (closed)
REQUEST_STYLES: dict[str, StatusStyle] = {
    "offen": StatusStyle("Offen", "#b45309", "?"),
    "beantwortet": StatusStyle("Beantwortet", "#15803d", "✓"),
}


def status_badge(styles: dict[str, StatusStyle], key: str | None) -> html.Span:
    """A coloured badge with icon and German label, e.g. "✓ Umgesetzt"."""
    style = styles.get(key or "", StatusStyle(key or "keine Angabe", "#71717a", "?"))
    return dbc.Badge(
        [html.Span(style.icon, **{"aria-hidden": "true"}), f" {style.label}"],
        color=style.colour,  # a CSS colour; without it Bootstrap's bg-secondary (!important) hides the status colour
        style={"color": style.text_colour},
        className="status-badge",
    )
