"""A tiny hand-built training dataset whose funnel, KPI and goal figures are computed by hand.

Cohort A (KlimaTraining, abgeschlossen, DE-NW, 2023): sessions 1 Auftakt, 2 Workshop, 3 Ausprobierphase,
4 Abschluss; four enrollments:
    A-1 present 1 2 3 4    abgeschlossen
    A-2 present 1 2 . 4    abgeschlossen   (explicitly absent at 3)
    A-3 present 1 . . .    abgebrochen on 22.02.2023 (explicitly absent at 2)
    A-4 no attendance rows abgebrochen on 01.02.2023
  funnel: 4 → 3 → 2 → 1 → 2 → 2
Cohort B (Schulung, geplant, bundesweit, 2024): no sessions, two enrollments (angemeldet): funnel 2 → 0.
Cohort C (Workshop, abgeschlossen, DE-NW, 01.06.2024): one session, three enrollments, all dropped out,
  two of them present: funnel 3 → 2 → 0.
Cohort D (Workshop, abgesagt, DE-NW, 2024): nothing but a trainer.
Goals: A-1 Mobilität erreicht 0,6 · A-1 Wohnen & Energie erreicht (no estimate) · A-2 Konsum begonnen 0,15 ·
  A-2 Mobilität nicht erreicht 1,0 · A-3 Ernährung geplant 0,3 · C-1 Abfall erreicht 0,05.
Trainers: T1 leads A and small group A2; T2 leads D and small group A1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from data.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrollment,
    Goal,
    Participant,
    Person,
    Program,
    SmallGroup,
    State,
)


@dataclass
class TinyTrainings:
    cohorts: dict[str, int]
    sessions: dict[str, int]  # "A1".."A4", "C1"
    enrollments: dict[str, int]  # participant code → enrollment id
    goals: dict[str, int]  # "A-1 mobilitaet" → goal id


def build_tiny_trainings(session: Session) -> TinyTrainings:
    program = Program(code="test", name="Testprogramm", short_name="Test")
    session.add_all([program, State(code="DE-NW", name="Nordrhein-Westfalen", participating=True)])
    t1 = Person(display_name="Trainerin Eins", role="klimatrainer")
    t2 = Person(display_name="Trainer Zwei", role="klimatrainer")

    def cohort(title: str, kind: str, status: str, start: date, end: date | None, state: str | None) -> Cohort:
        row = Cohort(
            program=program, kind=kind, title=title, status=status, starts_on=start, ends_on=end, state_code=state
        )
        session.add(row)
        return row

    a = cohort("A", "klimatraining", "abgeschlossen", date(2023, 2, 1), date(2023, 5, 10), "DE-NW")
    b = cohort("B", "schulung", "geplant", date(2024, 3, 1), None, None)
    c = cohort("C", "workshop", "abgeschlossen", date(2024, 6, 1), date(2024, 6, 1), "DE-NW")
    d = cohort("D", "workshop", "abgesagt", date(2024, 9, 1), date(2024, 9, 1), "DE-NW")
    a.trainers, d.trainers = [t1], [t2]
    g1, g2 = SmallGroup(name="A1", trainer=t2), SmallGroup(name="A2", trainer=t1)
    a.small_groups = [g1, g2]
    a.sessions = [
        CohortSession(position=1, kind="auftakt", title="Auftakt", held_on=date(2023, 2, 1)),
        CohortSession(position=2, kind="workshop", title="Workshop", held_on=date(2023, 2, 22)),
        CohortSession(
            position=3,
            kind="ausprobierphase",
            title="Ausprobierphase",
            held_on=date(2023, 3, 1),
            ends_on=date(2023, 4, 1),
        ),
        CohortSession(position=4, kind="abschluss", title="Abschluss", held_on=date(2023, 5, 10)),
    ]
    c.sessions = [CohortSession(position=1, kind="workshop", title="Workshop C", held_on=date(2024, 6, 1))]

    enrollments: dict[str, Enrollment] = {}

    def enrol(cohort_row: Cohort, code: str, status: str, group=None, completed=None, dropped=None) -> Enrollment:
        row = Enrollment(
            cohort=cohort_row,
            participant=Participant(code=code),
            small_group=group,
            registered_on=cohort_row.starts_on,
            status=status,
            completed_on=completed,
            dropped_on=dropped,
        )
        session.add(row)
        enrollments[code] = row
        return row

    enrol(a, "A-1", "abgeschlossen", g1, completed=date(2023, 5, 10))
    enrol(a, "A-2", "abgeschlossen", g1, completed=date(2023, 5, 10))
    enrol(a, "A-3", "abgebrochen", g2, dropped=date(2023, 2, 22))
    enrol(a, "A-4", "abgebrochen", g2, dropped=date(2023, 2, 1))
    enrol(b, "B-1", "angemeldet")
    enrol(b, "B-2", "angemeldet")
    for code in ("C-1", "C-2", "C-3"):
        enrol(c, code, "abgebrochen", dropped=date(2024, 6, 1))

    s = a.sessions
    marks = {
        "A-1": (True, True, True, True),
        "A-2": (True, True, False, True),
        "A-3": (True, False, None, None),
    }
    for code, row in marks.items():
        for step, present in zip(s, row, strict=True):
            if present is not None:
                session.add(Attendance(enrollment=enrollments[code], session=step, present=present))
    session.add(Attendance(enrollment=enrollments["C-1"], session=c.sessions[0], present=True))
    session.add(Attendance(enrollment=enrollments["C-2"], session=c.sessions[0], present=True))
    session.add(Attendance(enrollment=enrollments["C-3"], session=c.sessions[0], present=False))

    goals = {
        "A-1 mobilitaet": Goal(
            enrollment=enrollments["A-1"], topic="mobilitaet", text="Rad", status="erreicht", co2_t_per_year=0.6
        ),
        "A-1 wohnen_energie": Goal(
            enrollment=enrollments["A-1"], topic="wohnen_energie", text="Ökostrom", status="erreicht"
        ),
        "A-2 konsum": Goal(
            enrollment=enrollments["A-2"], topic="konsum", text="Gebraucht", status="begonnen", co2_t_per_year=0.15
        ),
        "A-2 mobilitaet": Goal(
            enrollment=enrollments["A-2"],
            topic="mobilitaet",
            text="Carsharing",
            status="nicht_erreicht",
            co2_t_per_year=1.0,
        ),
        "A-3 ernaehrung": Goal(
            enrollment=enrollments["A-3"], topic="ernaehrung", text="Veggie", status="geplant", co2_t_per_year=0.3
        ),
        "C-1 abfall": Goal(
            enrollment=enrollments["C-1"], topic="abfall", text="Kompost", status="erreicht", co2_t_per_year=0.05
        ),
    }
    session.add_all(goals.values())
    session.commit()
    return TinyTrainings(
        cohorts={"A": a.id, "B": b.id, "C": c.id, "D": d.id},
        sessions={**{f"A{i}": step.id for i, step in enumerate(s, start=1)}, "C1": c.sessions[0].id},
        enrollments={code: row.id for code, row in enrollments.items()},
        goals={key: goal.id for key, goal in goals.items()},
    )
