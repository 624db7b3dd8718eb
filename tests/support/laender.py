"""A tiny hand-built program for the Länder tests; every expected value in the tests is computed by hand.

NW takes part with four places (A active, B left on 30.06.2024, C only approached, D paused),
SL takes part but has no data at all, BY does not take part. One Münster measure sits in NW under
another program and must not count as a KlikKS project.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from data.models import (
    Cohort,
    Enrollment,
    Measure,
    Milestone,
    Municipality,
    MunicipalityStageEvent,
    Organisation,
    Participant,
    Person,
    Program,
    State,
    Target,
    Volunteer,
)

START, END = date(2022, 3, 1), date(2025, 2, 28)


def _place(session: Session, name: str, joined, left, events: list[tuple[str, date]]) -> Municipality:
    place = Municipality(
        name=name, kind="gemeinde", state_code="DE-NW", population=1000, joined_on=joined, left_on=left
    )
    for stage, day in events:
        place.stage_events.append(MunicipalityStageEvent(stage=stage, entered_on=day))
    place.stage, place.stage_since = events[-1]
    session.add(place)
    return place


def build_laender_fixture(session: Session) -> dict[str, object]:
    klikks = Program(code="klikks", name="KlikKS Test", short_name="KlikKS", starts_on=START, ends_on=END)
    city = Program(code="ksv-muenster", name="Klimastadt-Vertrag", short_name="KSV", starts_on=START, ends_on=END)
    session.add_all([klikks, city])
    session.add_all(
        [
            State(code="DE-NW", name="Nordrhein-Westfalen", participating=True, kickoff_on=date(2023, 2, 1)),
            State(code="DE-SL", name="Saarland", participating=True, kickoff_on=date(2023, 4, 17)),
            State(code="DE-BY", name="Bayern", participating=False),
        ]
    )
    session.flush()
    agency = Organisation(
        name="NRW Agentur GmbH",
        short_name="NRWA",
        kind="landesenergieagentur",
        state_code="DE-NW",
        program_role="partner",
    )
    session.add_all(
        [
            agency,
            Organisation(
                name="Saar Verein", short_name="SV", kind="verein", state_code="DE-SL", program_role="partner"
            ),
        ]
    )
    session.flush()
    session.add(
        Person(
            display_name="Erika Test",
            role="regionalmanagement",
            organisation_id=agency.id,
            state_code="DE-NW",
            email="erika@example.org",
            phone="0211 1",
        )
    )
    for code in ("DE-NW", "DE-SL"):
        session.add(Target(program=klikks, state_code=code, metric="kommunen", value=15, due_on=END))
    session.add(Target(program=klikks, metric="kommunen", value=120, due_on=END))

    a = _place(
        session,
        "Adorf",
        date(2023, 1, 10),
        None,
        [
            ("angesprochen", date(2022, 10, 1)),
            ("interessiert", date(2022, 11, 1)),
            ("ratsbeschluss", date(2023, 1, 10)),
            ("onboarding", date(2023, 1, 20)),
            ("aktiv", date(2023, 2, 10)),
        ],
    )
    b = _place(
        session,
        "Bedorf",
        date(2023, 3, 1),
        date(2024, 6, 30),
        [
            ("angesprochen", date(2022, 12, 1)),
            ("interessiert", date(2023, 1, 15)),
            ("ratsbeschluss", date(2023, 3, 1)),
            ("onboarding", date(2023, 3, 11)),
            ("aktiv", date(2023, 4, 1)),
            ("ausgeschieden", date(2024, 6, 30)),
        ],
    )
    c = _place(session, "Cedorf", None, None, [("angesprochen", date(2023, 5, 1))])
    d = _place(
        session,
        "Dedorf",
        date(2024, 1, 15),
        None,
        [
            ("angesprochen", date(2023, 9, 1)),
            ("interessiert", date(2023, 11, 1)),
            ("ratsbeschluss", date(2024, 1, 15)),
            ("onboarding", date(2024, 1, 15)),  # same day as the council decision: onboarding wins
            ("aktiv", date(2024, 2, 15)),
            ("pausiert", date(2024, 10, 1)),
        ],
    )
    session.flush()
    volunteers = [
        Volunteer(code="V1", municipality_id=a.id, joined_on=date(2023, 2, 1)),
        Volunteer(code="V2", municipality_id=a.id, joined_on=date(2023, 3, 15), left_on=date(2024, 1, 31)),
        Volunteer(code="V3", municipality_id=b.id, joined_on=date(2023, 3, 10), left_on=date(2024, 6, 30)),
        Volunteer(code="V4", municipality_id=d.id, joined_on=date(2024, 2, 1), left_on=date(2024, 10, 1)),
    ]
    session.add_all(volunteers)

    def project(code, place, started, status, co2, program=klikks):
        return Measure(
            code=code,
            program=program,
            title=code,
            sector="Energie",
            state_code="DE-NW",
            municipality_id=place.id if place else None,
            status=status,
            started_on=started,
            co2_t_per_year=co2,
        )

    session.add_all(
        [
            project("M1", a, date(2023, 3, 1), "umgesetzt", 2.5),
            project("M2", a, date(2023, 6, 15), "in_umsetzung", None),
            project("M3", b, date(2023, 7, 1), "abgebrochen", 10.0),
            project("M4", d, date(2024, 3, 1), "geplant", 1.5),
            project("MS1", None, date(2023, 1, 1), "umgesetzt", 100.0, program=city),
        ]
    )
    for kind, title, day, state in (
        ("programm", "Projektstart KlikKS", START, None),
        ("coaching", "1. Coaching Regionalmanagement", date(2022, 6, 15), None),
        ("kickoff_land", "Landes-Kick-off Nordrhein-Westfalen", date(2023, 2, 1), "DE-NW"),
        ("kickoff_land", "Landes-Kick-off Saarland", date(2023, 4, 17), "DE-SL"),
        ("kickoff_bund", "Bundesweiter Kick-off", date(2023, 6, 16), None),
        ("programm", "Projektende KlikKS", END, None),
    ):
        session.add(Milestone(program=klikks, kind=kind, title=title, happened_on=day, state_code=state))
    nw_cohort = Cohort(
        program=klikks,
        kind="schulung",
        title="Schulung NW",
        state_code="DE-NW",
        starts_on=date(2023, 2, 1),
        ends_on=date(2023, 3, 1),
        status="abgeschlossen",
    )
    sl_cohort = Cohort(
        program=klikks,
        kind="workshop",
        title="Workshop SL",
        state_code="DE-SL",
        starts_on=date(2024, 1, 1),
        status="geplant",
    )
    session.add_all([nw_cohort, sl_cohort])
    session.flush()
    for number in (1, 2):
        participant = Participant(code=f"P{number}")
        session.add(participant)
        session.flush()
        session.add(Enrollment(cohort_id=nw_cohort.id, participant_id=participant.id, registered_on=date(2023, 1, 20)))
    session.commit()
    return {"program_id": klikks.id, "a": a.id, "b": b.id, "c": c.id, "d": d.id}
