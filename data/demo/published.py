"""Published KlikKS and Münster figures that the demo data is built to agree with.

Each figure carries its source so the UI can show "veröffentlicht" beside the recorded value.
Dates marked ``assumed`` were not published; the demo data picks a plausible date for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from data.published import PublishedFigure, state_figures

PROGRAM_START = date(2022, 3, 1)
PROGRAM_END = date(2025, 2, 28)
PROGRAM_FUNDING_EUR = 2_542_471
TOTAL_MUNICIPALITIES = 201
TOTAL_VOLUNTEERS = 477
TOTAL_PROJECTS = 888
MUNICIPALITY_TARGET_PER_STATE = 15
EARLY_VOLUNTEER_TARGET = 120
NATIONAL_KICKOFF = date(2023, 6, 16)
COACHING_DATES = (date(2022, 6, 15), date(2022, 11, 8), date(2023, 9, 12))  # only the first is published


@dataclass(frozen=True)
class StatePlan:
    """How one KlikKS state's numbers develop in the demo data, anchored on published figures."""

    code: str
    partner: str
    partner_short: str
    partner_kind: str
    recruiting_from: date
    kickoff_on: date
    kickoff_published: bool
    municipalities: int  # participating at program end
    volunteers: int  # active at program end
    projects: int  # begun by program end, not cancelled
    # (date, participating municipalities) pairs the growth curve passes through exactly.
    municipality_anchors: tuple[tuple[date, int], ...]
    volunteer_leavers: int = 0
    co2_t_per_year: float | None = None  # total of the state's project estimates, where published
    published: dict[str, PublishedFigure] = field(default_factory=dict)  # metric -> published figure
    landkreise: int = 0
    stadtteile: bool = False


STATE_PLANS: tuple[StatePlan, ...] = (
    StatePlan(
        code="DE-BW",
        partner="rEA-BW Verband der regionalen Energie- und Klimaschutzagenturen BW e.V.",
        partner_short="rEA-BW",
        partner_kind="verband",
        recruiting_from=date(2022, 7, 1),
        kickoff_on=date(2023, 3, 15),
        kickoff_published=False,
        municipalities=26,
        volunteers=65,
        projects=140,
        municipality_anchors=((date(2022, 7, 1), 0), (date(2023, 3, 15), 12), (date(2023, 12, 31), 21)),
        volunteer_leavers=8,
        published=state_figures("DE-BW"),
        landkreise=1,
    ),
    StatePlan(
        code="DE-BE",
        partner="Berliner Energieagentur GmbH",
        partner_short="BEA",
        partner_kind="landesenergieagentur",
        recruiting_from=date(2022, 9, 1),
        kickoff_on=date(2023, 5, 11),
        kickoff_published=False,
        municipalities=20,
        volunteers=35,
        projects=85,
        municipality_anchors=((date(2022, 9, 1), 0), (date(2023, 5, 11), 8), (date(2023, 12, 31), 15)),
        volunteer_leavers=5,
        stadtteile=True,
    ),
    StatePlan(
        code="DE-MV",
        partner="Landesenergie- und Klimaschutzagentur Mecklenburg-Vorpommern GmbH",
        partner_short="LEKA MV",
        partner_kind="landesenergieagentur",
        recruiting_from=date(2022, 8, 1),
        kickoff_on=date(2023, 6, 3),
        kickoff_published=True,
        municipalities=15,
        volunteers=35,
        projects=80,
        # Joining was possible until 31.03.2023; the kick-off had Pat:innen from 15 municipalities.
        municipality_anchors=((date(2022, 8, 1), 0), (date(2023, 3, 31), 15)),
        volunteer_leavers=4,
        published=state_figures("DE-MV"),
    ),
    StatePlan(
        code="DE-NI",
        partner="Klimaschutz- und Energieagentur Niedersachsen GmbH",
        partner_short="KEAN",
        partner_kind="landesenergieagentur",
        recruiting_from=date(2022, 6, 1),
        kickoff_on=date(2023, 4, 24),
        kickoff_published=True,
        municipalities=35,
        volunteers=100,
        projects=150,
        municipality_anchors=((date(2022, 6, 1), 0), (date(2023, 1, 31), 17), (date(2023, 4, 24), 26)),
        volunteer_leavers=12,
        published=state_figures("DE-NI"),
    ),
    StatePlan(
        code="DE-NW",
        partner="NRW.Energy4Climate GmbH",
        partner_short="NRW.Energy4Climate",
        partner_kind="landesenergieagentur",
        recruiting_from=date(2022, 9, 1),
        kickoff_on=date(2023, 2, 8),
        kickoff_published=False,
        municipalities=24,
        volunteers=82,
        projects=59,
        municipality_anchors=((date(2022, 9, 1), 0), (date(2022, 12, 14), 4), (date(2023, 12, 31), 16)),
        volunteer_leavers=9,
        co2_t_per_year=410.0,
        published=state_figures("DE-NW"),
    ),
    StatePlan(
        code="DE-RP",
        partner="Energieagentur Rheinland-Pfalz GmbH",
        partner_short="EA RLP",
        partner_kind="landesenergieagentur",
        recruiting_from=date(2022, 5, 1),
        kickoff_on=date(2023, 4, 29),
        kickoff_published=True,
        municipalities=43,
        volunteers=80,
        projects=190,
        municipality_anchors=(
            (date(2022, 5, 1), 0),
            (date(2023, 4, 29), 19),
            (date(2023, 12, 31), 30),
            (date(2024, 12, 31), 41),
        ),
        volunteer_leavers=10,
    ),
    StatePlan(
        code="DE-SL",
        partner="ARGE SOLAR e.V.",
        partner_short="ARGE SOLAR",
        partner_kind="verein",
        recruiting_from=date(2022, 10, 1),
        kickoff_on=date(2023, 4, 17),
        kickoff_published=True,
        municipalities=21,
        volunteers=50,
        projects=112,
        # Kick-off with 18 municipalities; 28.09.2023: 21 of 52; final 21.
        municipality_anchors=((date(2022, 10, 1), 0), (date(2023, 4, 17), 18), (date(2023, 9, 28), 21)),
        volunteer_leavers=12,  # about 60 Pat:innen on 28.09.2023, about 50 at the end
        co2_t_per_year=1400.0,  # 21.000 t over the measures' lifetime, taken as 15 years
        published=state_figures("DE-SL"),
    ),
    StatePlan(
        code="DE-TH",
        partner="Thüringer Energie- und GreenTech-Agentur GmbH",
        partner_short="ThEGA",
        partner_kind="landesenergieagentur",
        recruiting_from=date(2022, 8, 1),
        kickoff_on=date(2023, 5, 23),
        kickoff_published=False,
        municipalities=17,
        volunteers=30,
        projects=72,
        municipality_anchors=((date(2022, 8, 1), 0), (date(2023, 5, 23), 7), (date(2023, 12, 31), 13)),
        volunteer_leavers=4,
    ),
)

LEAD_STATE = "DE-RP"


def check_totals() -> None:
    """Guard against edits that would make the plans disagree with the published program totals."""
    assert sum(p.municipalities for p in STATE_PLANS) == TOTAL_MUNICIPALITIES
    assert sum(p.volunteers for p in STATE_PLANS) == TOTAL_VOLUNTEERS
    assert sum(p.projects for p in STATE_PLANS) == TOTAL_PROJECTS


check_totals()
