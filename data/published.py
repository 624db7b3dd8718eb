"""Published per-state KlikKS figures (reference facts, not demo data).

The Länder pages show these beside the recorded values ("veröffentlicht"), so a presenter sees
whether the database agrees with what was announced. Values marked "mehr als"/"rund" in the source
are stored as the stated number; the source text says which.
"""

from __future__ import annotations

from datetime import date

# Date of the final reports the figures come from (end of the program).
PUBLISHED_AS_OF = date(2025, 2, 28)

# state code -> metric (kommunen, paten, projekte, co2) -> (value, source)
STATE_FIGURES: dict[str, dict[str, tuple[float, str]]] = {
    "DE-BW": {"kommunen": (26, "klikks-bw.de: 25 Städte und Gemeinden sowie 1 Landkreis")},
    "DE-MV": {"kommunen": (15, "leka-mv.de: Landes-Kick-off 03.06.2023 mit Pat:innen aus 15 Kommunen")},
    "DE-NI": {
        "kommunen": (35, "klimaschutz-niedersachsen.de (2025): 100 Ehrenamtliche in 35 Kommunen"),
        "paten": (100, "klimaschutz-niedersachsen.de (2025): 100 Ehrenamtliche in 35 Kommunen"),
    },
    "DE-NW": {
        "kommunen": (24, "energy4climate.nrw: mehr als 80 Pat:innen in 24 Kommunen"),
        "paten": (80, "energy4climate.nrw: mehr als 80 Pat:innen"),
        "projekte": (59, "energy4climate.nrw: 59 Projekte"),
        "co2": (410, "energy4climate.nrw: 410 t CO₂ in einem Jahr eingespart"),
    },
    "DE-SL": {
        "kommunen": (21, "argesolar-saar.de (02/2025): 21 Kommunen"),
        "paten": (50, "argesolar-saar.de (02/2025): rund 50 Pat:innen"),
        "projekte": (110, "argesolar-saar.de (02/2025): mehr als 110 Projekte"),
    },
}


def state_figures(code: str) -> dict[str, tuple[float, str]]:
    """The published figures of one state (empty if none were published)."""
    return STATE_FIGURES.get(code, {})
