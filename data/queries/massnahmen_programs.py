"""Key figures of the Maßnahmen page per program.

Projects of volunteers in small municipalities (KlikKS) and a city's own measures (Münster) are
different things: their counts, CO₂ estimates and costs are never summed into one figure without
saying so. When the filter leaves more than one program, the page shows them side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import Program
from data.queries.massnahmen import MeasureSummary, figures
from data.queries.measure_filters import MeasureFilter
from data.queries.measure_rollups import Figures


@dataclass(frozen=True)
class ProgramSummary:
    program: str  # short name, e.g. "KlikKS"
    summary: MeasureSummary


def summaries_by_program(
    session: Session, flt: MeasureFilter, found: dict[object, Figures] | None = None
) -> list[ProgramSummary]:
    """Counts and sums of the filtered measures, one entry per program that has any (in program order);
    ``found``: the figures per program when the caller has them already."""
    if flt.program:  # one program chosen: its figures are the page's figures
        return []
    if found is None:
        found = figures(session, flt, "program_id")
    names = dict(session.execute(select(Program.id, Program.short_name)).all())
    return [
        ProgramSummary(
            names.get(program_id, str(program_id)),
            MeasureSummary(
                int(n), int(overdue), int(stale), float(co2), int(co2_unknown), float(cost), int(cost_unknown)
            ),
        )
        for program_id, (n, overdue, stale, co2, co2_unknown, cost, cost_unknown, *_bands) in sorted(found.items())
    ]
