"""Program-level facts shared by several pages: programs, period bounds, targets, demo flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import AppMeta, Program, Target

KLIKKS = "klikks"


@dataclass(frozen=True)
class ProgramInfo:
    id: int
    code: str
    name: str
    short_name: str
    starts_on: date
    ends_on: date


class UnknownProgram(LookupError):
    pass


def program_info(session: Session, code: str = KLIKKS) -> ProgramInfo:
    row = session.execute(select(Program).where(Program.code == code)).scalar_one_or_none()
    if row is None or row.starts_on is None or row.ends_on is None:
        raise UnknownProgram(f"Programm „{code}“ ist nicht in der Datenbank.")
    return ProgramInfo(row.id, row.code, row.name, row.short_name, row.starts_on, row.ends_on)


def program_targets(session: Session, program_id: int, state_code: str | None = None) -> pd.DataFrame:
    """Targets of the program (``state_code`` None) or of one state: metric, value, due date."""
    query = select(Target.metric, Target.value, Target.due_on, Target.source).where(Target.program_id == program_id)
    query = query.where(Target.state_code.is_(None) if state_code is None else Target.state_code == state_code)
    rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=["metric", "value", "due_on", "source"])
    frame["value"] = frame["value"].astype(float)
    return frame


def demo_data_marker(session: Session) -> str | None:
    """The demo-data note if this database was filled by the demo generator, else None."""
    row = session.get(AppMeta, "demo_data")
    return row.value if row else None
