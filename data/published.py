"""Published per-state KlikKS figures (reference facts, not demo data).

The Länder pages show these beside the recorded values ("veröffentlicht"), so a presenter sees
whether the database agrees with what was announced. A figure keeps the qualifier of its source
("mehr als 80 Pat:innen", "rund 50"), and whether a recorded value agrees is judged by it: 82
recorded agrees with "mehr als 80".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

# Date of the final reports the figures come from (end of the program).
PUBLISHED_AS_OF = date(2025, 2, 28)

Qualifier = Literal["", "mehr als", "mindestens", "rund"]
ROUNDED_TOLERANCE = 0.1  # "rund 50" covers 45 … 55
EXACT_TOLERANCE = 0.05  # recorded t CO₂ carry one decimal


@dataclass(frozen=True)
class PublishedFigure:
    value: float
    source: str
    qualifier: Qualifier = ""

    def agrees_with(self, recorded: float) -> bool:
        """Whether a recorded value is what the source says, read with its qualifier."""
        if self.qualifier == "mehr als":
            return recorded > self.value
        if self.qualifier == "mindestens":
            return recorded >= self.value - EXACT_TOLERANCE
        if self.qualifier == "rund":
            return abs(recorded - self.value) <= ROUNDED_TOLERANCE * self.value
        return abs(recorded - self.value) < EXACT_TOLERANCE


# state code -> metric (kommunen, paten, projekte, co2) -> published figure
STATE_FIGURES: dict[str, dict[str, PublishedFigure]] = {
    "DE-BW": {"kommunen": PublishedFigure(26, "klikks-bw.de: 25 Städte und Gemeinden sowie 1 Landkreis")},
    "DE-MV": {"kommunen": PublishedFigure(15, "leka-mv.de: Landes-Kick-off 03.06.2023 mit Pat:innen aus 15 Kommunen")},
    "DE-NI": {
        "kommunen": PublishedFigure(35, "klimaschutz-niedersachsen.de (2025): 100 Ehrenamtliche in 35 Kommunen"),
        "paten": PublishedFigure(100, "klimaschutz-niedersachsen.de (2025): 100 Ehrenamtliche in 35 Kommunen"),
    },
    "DE-NW": {
        "kommunen": PublishedFigure(24, "energy4climate.nrw: mehr als 80 Pat:innen in 24 Kommunen"),
        "paten": PublishedFigure(80, "energy4climate.nrw: mehr als 80 Pat:innen", "mehr als"),
        "projekte": PublishedFigure(59, "energy4climate.nrw: 59 Projekte"),
        "co2": PublishedFigure(410, "energy4climate.nrw: 410 t CO₂ in einem Jahr eingespart"),
    },
    "DE-SL": {
        "kommunen": PublishedFigure(21, "argesolar-saar.de (02/2025): 21 Kommunen"),
        "paten": PublishedFigure(50, "argesolar-saar.de (02/2025): rund 50 Pat:innen", "rund"),
        "projekte": PublishedFigure(110, "argesolar-saar.de (02/2025): mehr als 110 Projekte", "mehr als"),
    },
}


def state_figures(code: str) -> dict[str, PublishedFigure]:
    """The published figures of one state (empty if none were published)."""
    return STATE_FIGURES.get(code, {})
