"""Demo cohorts: coachings, Pat:innen trainings, workshops, networking meetings, Münster KlimaTraining.

Attendance follows a simple drop-out model: at each step a participant continues with a fixed
probability; whoever reaches the last step has completed. Participants carry codes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from data.demo import published as pub
from data.demo.context import DemoContext
from data.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrollment,
    Goal,
    Municipality,
    Participant,
    Person,
    SmallGroup,
)

GOAL_TEMPLATES: dict[str, tuple[tuple[str, float], ...]] = {
    "mobilitaet": (
        ("Arbeitsweg mit dem Fahrrad statt mit dem Auto", 0.6),
        ("Auf Kurzstreckenflüge verzichten", 0.8),
        ("Carsharing statt Zweitwagen", 1.0),
        ("Einkäufe zu Fuß oder mit dem Lastenrad", 0.2),
    ),
    "wohnen_energie": (
        ("Zu Ökostrom wechseln", 0.7),
        ("Raumtemperatur um 1 °C senken", 0.3),
        ("Balkonkraftwerk installieren", 0.25),
        ("Sparduschkopf einbauen", 0.1),
    ),
    "konsum": (
        ("Kleidung gebraucht kaufen", 0.15),
        ("Reparieren statt neu kaufen", 0.1),
        ("Geräte in der Nachbarschaft teilen", 0.05),
    ),
    "ernaehrung": (
        ("Zwei fleischfreie Tage pro Woche", 0.3),
        ("Regional und saisonal einkaufen", 0.15),
        ("Vegetarisch ernähren", 0.5),
    ),
    "abfall": (
        ("Unverpackt einkaufen", 0.05),
        ("Lebensmittelabfälle halbieren", 0.1),
        ("Bioabfall kompostieren", 0.03),
    ),
}
TOPIC_WEIGHTS = {"mobilitaet": 30, "wohnen_energie": 28, "konsum": 14, "ernaehrung": 20, "abfall": 8}


@dataclass(frozen=True)
class KlimaTrainingPlan:
    number: int
    sessions: tuple[tuple[str, str, date, date | None], ...]  # kind, title, date, end
    registered: int
    trainers: int
    note: str
    school: bool = False


MUENSTER_COHORTS: tuple[KlimaTrainingPlan, ...] = (
    KlimaTrainingPlan(
        1,
        (
            ("auftakt", "Auftakt", date(2021, 11, 25), None),
            ("workshop", "Workshop „Den Auftakt als Gruppe finden“", date(2021, 12, 9), None),
            ("workshop", "Workshop „Maßnahmen planen“", date(2022, 1, 13), None),
            ("ausprobierphase", "Ausprobierphase", date(2022, 1, 13), date(2022, 3, 10)),
            ("abschluss", "Abschluss", date(2022, 3, 24), None),
        ),
        registered=25,
        trainers=5,
        note="25.11.2021 – 03/2022, 5 KlimaTrainer:innen (veröffentlicht)",
    ),
    KlimaTrainingPlan(
        2,
        (
            ("auftakt", "Auftakt", date(2022, 8, 24), None),
            ("workshop", "Workshop „Den Auftakt als Gruppe finden“", date(2022, 9, 14), None),
            ("workshop", "Workshop „Maßnahmen planen“", date(2022, 10, 5), None),
            ("ausprobierphase", "Ausprobierphase", date(2022, 10, 5), date(2022, 11, 30)),
            ("abschluss", "Abschluss", date(2022, 12, 7), None),
        ),
        registered=90,
        trainers=18,
        note="ab 08/2022; 80 Teilnehmende bei der Abschlussveranstaltung (veröffentlicht)",
    ),
    KlimaTrainingPlan(
        3,
        (
            ("auftakt", "Auftakt", date(2023, 2, 1), None),
            ("austausch", "1. Austauschtreffen", date(2023, 2, 22), None),
            ("austausch", "2. Austauschtreffen", date(2023, 3, 15), None),
            ("ausprobierphase", "Ausprobierphase", date(2023, 3, 15), date(2023, 4, 19)),
            ("austausch", "3. Austauschtreffen", date(2023, 4, 5), None),
            ("austausch", "4. Austauschtreffen", date(2023, 4, 26), None),
            ("abschluss", "Abschluss", date(2023, 5, 10), None),
        ),
        registered=40,
        trainers=8,
        note="01.02.2023 – 10.05.2023, vier Austauschtreffen (veröffentlicht)",
    ),
    KlimaTrainingPlan(
        4,
        (
            ("auftakt", "Auftakt in der Schule", date(2023, 9, 20), None),
            ("workshop", "Workshop „Maßnahmen planen“", date(2023, 10, 11), None),
            ("ausprobierphase", "Ausprobierphase", date(2023, 10, 11), date(2023, 12, 13)),
            ("abschluss", "Abschluss", date(2024, 1, 24), None),
        ),
        registered=25,
        trainers=5,
        note="Schulkohorte: 25 Schüler:innen im Alter von 16–17 Jahren (veröffentlicht)",
        school=True,
    ),
    KlimaTrainingPlan(
        5,
        (
            ("auftakt", "Auftakt", date(2024, 10, 9), None),
            ("workshop", "Workshop „Den Auftakt als Gruppe finden“", date(2024, 10, 30), None),
            ("workshop", "Workshop „Maßnahmen planen“", date(2024, 11, 6), None),
            ("ausprobierphase", "Ausprobierphase", date(2024, 11, 6), date(2025, 1, 15)),
            ("abschluss", "Abschluss", date(2025, 1, 22), None),
        ),
        registered=35,
        trainers=7,
        note="Herbst 2024: 09.10. Auftakt, 30.10. und 06.11. Workshops, 06.11.–15.01. Ausprobierphase (veröffentlicht)",
    ),
)


def build_klikks_cohorts(ctx: DemoContext) -> None:
    program = ctx.programs["klikks"]
    managers = list(ctx.managers.values())
    manager_codes = [Participant(code=f"RM-{i:02d}") for i in range(1, len(managers) + 5)]
    ctx.session.add_all(manager_codes)
    for number, day in enumerate(pub.COACHING_DATES, start=1):
        cohort = _cohort(ctx, program, "coaching", f"{number}. Coaching Regionalmanagement", day, day, 15, state=None)
        cohort.trainers = ctx.coordinators[:1]
        sessions = [CohortSession(position=1, kind="workshop", title="Coaching (ganztägig)", held_on=day)]
        cohort.sessions = sessions
        group = ctx.rng.sample(manager_codes, k=len(managers) + ctx.rng.randint(0, 3))
        _enrol(ctx, cohort, group, sessions, continue_p=0.98, registered=day - timedelta(days=21))

    participant_of: dict[int, Participant] = {}
    for plan in pub.STATE_PLANS:
        volunteers = ctx.volunteers[plan.code]
        first = max(plan.kickoff_on - timedelta(days=30), plan.recruiting_from + timedelta(days=120))
        starts = [first, first + timedelta(days=210), first + timedelta(days=420)]
        # Each Pat:in (85 %) takes the first training that starts after (or just before) joining.
        trainees_of: dict[date, list] = {start: [] for start in starts}
        for volunteer in volunteers:
            start = next((s for s in starts if s + timedelta(days=14) >= volunteer.joined_on), None)
            if start is not None and ctx.rng.random() < 0.85:
                trainees_of[start].append(volunteer)
        for index, start in enumerate((s for s in starts if trainees_of[s]), start=1):
            trainees = trainees_of[start]
            sessions = [
                CohortSession(position=1, kind="auftakt", title="Auftakt (online)", held_on=start),
                CohortSession(
                    position=2, kind="workshop", title="Workshop „Projekte finden“", held_on=start + timedelta(days=14)
                ),
                CohortSession(
                    position=3, kind="workshop", title="Workshop „Maßnahmen planen“", held_on=start + timedelta(days=28)
                ),
                CohortSession(
                    position=4, kind="abschluss", title="Abschluss und Austausch", held_on=start + timedelta(days=56)
                ),
            ]
            title = f"Schulung Klimaschutzpat:innen {plan.partner_short} {index}"
            cohort = _cohort(ctx, program, "schulung", title, start, start + timedelta(days=56), 40, state=plan.code)
            cohort.sessions = sessions
            cohort.trainers = [ctx.managers[plan.code]]
            people = []
            for v in trainees:
                if id(v) not in participant_of:
                    participant_of[id(v)] = Participant(code=f"T-{v.code}", volunteer=v)
                people.append(participant_of[id(v)])
            enrolments = _enrol(ctx, cohort, people, sessions, continue_p=0.95, registered=start - timedelta(days=10))
            for volunteer, enrolment in zip(trainees, enrolments, strict=True):
                if enrolment.status == "abgeschlossen" and volunteer.trained_on is None:
                    volunteer.trained_on = enrolment.completed_on
        workshop_day = plan.kickoff_on + timedelta(days=150)
        for title, day, status in (
            ("Priorisierungsworkshop", workshop_day, "abgeschlossen"),
            (
                "Zukunftswerkstatt",
                workshop_day + timedelta(days=240),
                "abgesagt" if plan.code == "DE-TH" else "abgeschlossen",
            ),
        ):
            cohort = _cohort(ctx, program, "workshop", f"{title} {plan.partner_short}", day, day, 30, state=plan.code)
            cohort.status = status
            cohort.trainers = [ctx.managers[plan.code]]
            if status == "abgesagt":
                continue
            sessions = [CohortSession(position=1, kind="workshop", title=title, held_on=day)]
            cohort.sessions = sessions
            pool = [participant_of[id(v)] for v in volunteers if id(v) in participant_of and v.joined_on < day]
            _enrol(
                ctx,
                cohort,
                ctx.rng.sample(pool, k=min(len(pool), ctx.rng.randint(10, 22))),
                sessions,
                0.9,
                day - timedelta(days=14),
            )

    everyone = list(participant_of.values())
    for title, day, size, kind in (
        ("Bundesweiter Kick-off der Klimaschutzpat:innen", pub.NATIONAL_KICKOFF, 160, "auftakt"),
        ("Bundesweites Vernetzungstreffen 2024", date(2024, 6, 14), 120, "workshop"),
        ("Abschlussveranstaltung KlikKS", date(2025, 2, 20), 140, "abschluss"),
    ):
        cohort = _cohort(ctx, program, "vernetzung", title, day, day, 200, state=None)
        sessions = [CohortSession(position=1, kind=kind, title=title, held_on=day)]
        cohort.sessions = sessions
        pool = [
            p
            for p in everyone
            if p.volunteer.joined_on < day and (p.volunteer.left_on is None or p.volunteer.left_on > day)
        ]
        _enrol(ctx, cohort, ctx.rng.sample(pool, k=min(size, len(pool))), sessions, 0.93, day - timedelta(days=30))


def build_muenster_cohorts(ctx: DemoContext, muenster: Municipality, trainers: list[Person]) -> None:
    program = ctx.programs["ksv-muenster"]
    trainer_pool = list(trainers)
    for plan in MUENSTER_COHORTS:
        first, last = plan.sessions[0][2], plan.sessions[-1][2]
        cohort = _cohort(
            ctx,
            program,
            "klimatraining",
            f"KlimaTraining Münster – Kohorte {plan.number}",
            first,
            last,
            plan.registered + 5,
            state="DE-NW",
        )
        cohort.municipality = muenster
        cohort.note = plan.note
        sessions = [
            CohortSession(position=i, kind=kind, title=title, held_on=day, ends_on=end)
            for i, (kind, title, day, end) in enumerate(plan.sessions, start=1)
        ]
        cohort.sessions = sessions
        chosen = [trainer_pool[(plan.number * 3 + i) % len(trainer_pool)] for i in range(plan.trainers)]
        cohort.trainers = chosen
        groups = [SmallGroup(name=f"Kleingruppe {i}", trainer=trainer) for i, trainer in enumerate(chosen, start=1)]
        cohort.small_groups = groups
        people = [
            Participant(
                code=f"MS{plan.number}-{i:03d}", birth_year=ctx.rng.randint(2006, 2007) if plan.school else None
            )
            for i in range(1, plan.registered + 1)
        ]
        continue_p = 0.985 if plan.number == 2 else 0.95
        enrolments = _enrol(ctx, cohort, people, sessions, continue_p, first - timedelta(days=21))
        for index, enrolment in enumerate(enrolments):
            enrolment.small_group = groups[index % len(groups)]
            _goals(ctx, enrolment)


def _cohort(
    ctx: DemoContext, program, kind: str, title: str, start: date, end: date, capacity: int, state: str | None
) -> Cohort:
    cohort = Cohort(
        program=program,
        kind=kind,
        title=title,
        starts_on=start,
        ends_on=end,
        capacity=capacity,
        status="abgeschlossen",
        state_code=state,
    )
    ctx.session.add(cohort)
    return cohort


def _enrol(
    ctx: DemoContext,
    cohort: Cohort,
    people: list[Participant],
    sessions: list[CohortSession],
    continue_p: float,
    registered: date,
) -> list[Enrollment]:
    """Enrol ``people`` and record attendance with the drop-out model; returns the enrolments."""
    result = []
    for person in people:
        enrolment = Enrollment(cohort=cohort, participant=person, registered_on=registered, status="angemeldet")
        still_in = True
        last_seen: date | None = None
        for session in sessions:
            if still_in and ctx.rng.random() > continue_p:
                still_in = False
                enrolment.dropped_on = session.held_on
            # Anyone still in may miss a single session; the closing event defines completion.
            present = still_in if session.kind == "abschluss" else (still_in and ctx.rng.random() > 0.04)
            if present:
                last_seen = session.ends_on or session.held_on
            ctx.session.add(Attendance(enrollment=enrolment, session=session, present=bool(present)))
        if still_in:
            enrolment.status = "abgeschlossen"
            enrolment.completed_on = last_seen or sessions[-1].held_on
        else:
            enrolment.status = "abgebrochen"
        ctx.session.add(enrolment)
        result.append(enrolment)
    return result


def _goals(ctx: DemoContext, enrolment: Enrollment) -> None:
    rng = ctx.rng
    topics = rng.sample(list(TOPIC_WEIGHTS), k=rng.choice([1, 2, 2, 3]))
    for topic in topics:
        text, co2 = rng.choice(GOAL_TEMPLATES[topic])
        if enrolment.status == "abgeschlossen":
            status = rng.choices(["erreicht", "begonnen", "nicht_erreicht", "geplant"], weights=[55, 25, 15, 5])[0]
        else:
            status = rng.choices(["geplant", "nicht_erreicht", "begonnen"], weights=[50, 35, 15])[0]
        ctx.session.add(
            Goal(
                enrollment=enrolment,
                topic=topic,
                text=text,
                status=status,
                co2_t_per_year=co2 if rng.random() < 0.9 else None,
            )
        )
