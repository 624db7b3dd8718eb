"""What a meeting shows: the views of the presentation (``/praesentation``) and of the A4 report
(``/bericht``), and the two pages' own URL parameters (declared once, like every page filter).

The data filters themselves are the pages' filter models: the presentation passes its query string to
each page's model (Übersicht, Länder, Kohorten, Maßnahmen), so a link copied from a page shows the
same view; the report's ``programm``, ``land`` and ``stand`` are mapped onto them by
:meth:`ReportFilter.page_query`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from data.filters import Field, FilterModel, Kind

# key (URL) → German title, in the order a presentation shows them
SLIDES: dict[str, str] = {
    "kennzahlen": "Kennzahlen",
    "karte": "Karte der Länder",
    "fortschritt": "Fortschritt gegen den Zielpfad",
    "pipeline": "Pipeline der Kommunen",
    "kohorten": "Kohorten: Teilnahme je Schritt",
    "status": "Maßnahmen nach Status",
    "ueberfaellig": "Überfällige Maßnahmen",
}
# the report's sections: the slides plus the state comparison and the stale measures
SECTIONS: dict[str, str] = {
    "kennzahlen": SLIDES["kennzahlen"],
    "karte": SLIDES["karte"],
    "fortschritt": SLIDES["fortschritt"],
    "laendervergleich": "Ländervergleich",
    "pipeline": SLIDES["pipeline"],
    "kohorten": SLIDES["kohorten"],
    "status": SLIDES["status"],
    "ueberfaellig": SLIDES["ueberfaellig"],
    "veraltet": "Veraltete Maßnahmen",
}
# sections that describe the states of a program with regional progress (KlikKS); a city's catalogue
# of measures has none of them
REGIONAL_SECTIONS = ("kennzahlen", "karte", "fortschritt", "laendervergleich", "pipeline")
LOCAL_PATH = re.compile(
    r"/(?!/|praesentation|bericht)[A-Za-z0-9/_-]{0,80}"
)  # a page of this app, not the meeting pages
STATE_CODE = re.compile(r"DE-[A-Z]{2}")


@dataclass(frozen=True)
class PresentationFilter(FilterModel):
    """``folien``: the slides the presenter chose, in their order; ``seite``: the page to return to (Esc)."""

    FIELDS: ClassVar = (
        Field("slides", "folien", "Folien", Kind.MULTI, vocabulary=SLIDES),
        Field("origin", "seite", "Seite", pattern=LOCAL_PATH),
    )

    slides: tuple[str, ...] = field(default_factory=tuple)
    origin: str | None = None

    @property
    def shown(self) -> tuple[str, ...]:
        """The chosen slides in the order of :data:`SLIDES` (all of them when none is chosen)."""
        return tuple(key for key in SLIDES if key in self.slides) if self.slides else tuple(SLIDES)


@dataclass(frozen=True)
class ReportFilter(FilterModel):
    """The report's scope: a program, optionally one state, and the Stand."""

    FIELDS: ClassVar = (
        Field("program", "programm", "Programm", options="programs"),
        Field("state", "land", "Land", options="states", pattern=STATE_CODE),
        Field("stand", "stand", "Stand", Kind.DATE),
    )

    program: str | None = None
    state: str | None = None
    stand: date | None = None

    def page_query(self, program: str) -> dict[str, str]:
        """The query the pages' filter models read for this scope (``program``: the one reported on)."""
        query = {"programm": program}
        if self.state:
            query |= {"land": self.state, "ort": self.state}
        if self.stand:
            query |= {"stand": self.stand.isoformat(), "bis": self.stand.isoformat()}
        return query
