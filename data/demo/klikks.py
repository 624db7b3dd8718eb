"""KlikKS demo data: states, partner agencies, people, municipalities, Pat:innen, projects, targets.

Growth is anchored on the published interim and final figures (see :mod:`data.demo.published`):
the k-th municipality of a state joins on a date drawn inside the anchor segment that contains k,
so every published interim count is met exactly on its date.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from data import vocab
from data.demo import published as pub
from data.demo.context import DemoContext
from data.demo.names import LAND_KEYS, email_for, person_names, place_names
from data.demo.projects import build_projects
from data.models import (
    Milestone,
    Municipality,
    MunicipalityStageEvent,
    Organisation,
    Person,
    Program,
    State,
    Target,
    Volunteer,
)

EXTRA_PROSPECTS = {"DE-SL": 31, "DE-BE": 3}  # Saarland: 21 of 52 municipalities took part
DEFAULT_PROSPECTS = 8
PAUSED = {"DE-NI": 2, "DE-RP": 2, "DE-BW": 1, "DE-TH": 1}
DROPPED_OUT = {"DE-NI": 1, "DE-RP": 1, "DE-BW": 1, "DE-TH": 1}
LATE_GROWTH_END = date(2024, 11, 30)


def build_klikks(ctx: DemoContext) -> None:
    program = Program(
        code="klikks",
        name="KlikKS – Klimaschutz in kleinen Kommunen und Stadtteilen durch ehrenamtliche Klimaschutzpat:innen",
        short_name="KlikKS",
        starts_on=pub.PROGRAM_START,
        ends_on=pub.PROGRAM_END,
        funding_eur=pub.PROGRAM_FUNDING_EUR,
        description="Nationale Klimaschutzinitiative, Förderkennzeichen 67KF0172A-I",
    )
    ctx.session.add(program)
    ctx.programs["klikks"] = program
    _states_and_partners(ctx)
    _people(ctx)
    for plan in pub.STATE_PLANS:
        _municipalities(ctx, plan)
        _volunteers(ctx, plan)
    ctx.session.flush()
    build_projects(ctx, program)
    _targets_and_milestones(ctx, program)


def _states_and_partners(ctx: DemoContext) -> None:
    plans = {p.code: p for p in pub.STATE_PLANS}
    for code, name in vocab.STATE_NAMES.items():
        plan = plans.get(code)
        ctx.session.add(
            State(
                code=code,
                name=name,
                participating=plan is not None,
                kickoff_on=plan.kickoff_on if plan else None,
                recruiting_from=plan.recruiting_from if plan else None,
            )
        )
    ctx.session.flush()
    for plan in pub.STATE_PLANS:
        org = Organisation(
            name=plan.partner,
            short_name=plan.partner_short,
            kind=plan.partner_kind,
            state_code=plan.code,
            program_role="lead" if plan.code == pub.LEAD_STATE else "partner",
        )
        ctx.session.add(org)
        ctx.partners[plan.code] = org
    ctx.session.flush()


def _people(ctx: DemoContext) -> None:
    names = iter(person_names(40, ctx.rng))
    lead = ctx.partners[pub.LEAD_STATE]
    for _ in range(2):
        name = next(names)
        person = Person(
            display_name=name, role="koordination", organisation=lead, state_code=pub.LEAD_STATE, email=email_for(name)
        )
        ctx.session.add(person)
        ctx.coordinators.append(person)
    for plan in pub.STATE_PLANS:
        name = next(names)
        person = Person(
            display_name=name,
            role="regionalmanagement",
            organisation=ctx.partners[plan.code],
            state_code=plan.code,
            email=email_for(name),
            phone=f"0{ctx.rng.randint(200, 999)} {ctx.rng.randint(100000, 999999)}",
        )
        ctx.session.add(person)
        ctx.managers[plan.code] = person


def join_dates(plan: pub.StatePlan, ctx: DemoContext) -> list[date]:
    """Join dates of the state's participating municipalities, meeting every anchor exactly."""
    anchors = list(plan.municipality_anchors)
    if anchors[-1][1] < plan.municipalities:
        anchors.append((max(LATE_GROWTH_END, anchors[-1][0] + timedelta(days=31)), plan.municipalities))
    dates: list[date] = []
    for (start, before), (end, after) in itertools.pairwise(anchors):
        span = (end - start).days
        offsets = sorted(ctx.rng.randint(1, span) for _ in range(after - before))
        if offsets:
            offsets[-1] = span  # the anchor's count is reached on its very date
        dates.extend(start + timedelta(days=o) for o in offsets)
    return dates


def _municipalities(ctx: DemoContext, plan: pub.StatePlan) -> None:
    rng = ctx.rng
    prospects = EXTRA_PROSPECTS.get(plan.code, DEFAULT_PROSPECTS)
    dropped = DROPPED_OUT.get(plan.code, 0)
    names = place_names(plan.code, plan.municipalities + prospects + dropped, rng)
    land = LAND_KEYS[plan.code]
    participating: list[Municipality] = []
    ags_counter = iter(range(1, 10_000))

    def new_place(name: str, kind: str | None = None) -> Municipality:
        kind = kind or ("stadtteil" if plan.stadtteile else ("stadt" if rng.random() < 0.15 else "gemeinde"))
        population = _population(kind, rng)
        number = next(ags_counter)
        # Land (2) + Regierungsbezirk (1) + Kreis (2) + Gemeinde (3): eight digits, unique per state.
        ags = None if kind == "stadtteil" else f"{land}0{number // 50 + 1:02d}{number % 50 + 1:03d}"
        place = Municipality(
            ags=ags,
            name=name if kind != "landkreis" else f"Landkreis {name}",
            kind=kind,
            state_code=plan.code,
            population=population,
            has_climate_manager=rng.random() < (0.6 if kind in ("stadt", "landkreis") else 0.15),
        )
        ctx.session.add(place)
        return place

    joined_dates = join_dates(plan, ctx)
    early = [
        i for i, day in enumerate(joined_dates) if day < date(2024, 1, 1) and i < plan.municipalities - plan.landkreise
    ]
    paused_indices = set(rng.sample(early, PAUSED.get(plan.code, 0)))
    for index, joined in enumerate(joined_dates):
        kind = "landkreis" if index == plan.municipalities - 1 and plan.landkreise else None
        place = new_place(names[index], kind)
        place.joined_on = joined
        history = _participant_history(ctx, joined)
        if index in paused_indices:
            paused_on = ctx.between(max(joined + timedelta(days=240), date(2024, 3, 1)), date(2025, 1, 31))
            history.append(("pausiert", paused_on))
        _apply_history(ctx, place, history)
        participating.append(place)

    for offset in range(dropped):
        place = new_place(names[plan.municipalities + offset])
        place.joined_on = ctx.between(date(2023, 10, 1), date(2024, 1, 31))
        place.left_on = ctx.between(place.joined_on + timedelta(days=150), date(2024, 10, 31))
        _apply_history(ctx, place, [*_participant_history(ctx, place.joined_on), ("ausgeschieden", place.left_on)])

    for offset in range(prospects):
        place = new_place(names[plan.municipalities + dropped + offset])
        first = ctx.between(plan.recruiting_from, date(2024, 9, 30))
        history = [("angesprochen", first)]
        if rng.random() < 0.45:
            history.append(("interessiert", first + timedelta(days=rng.randint(20, 90))))
        _apply_history(ctx, place, history)

    ctx.municipalities[plan.code] = participating


def _population(kind: str, rng) -> int:
    if kind == "landkreis":
        return rng.randint(150_000, 320_000)
    if kind == "stadt":
        return int(rng.lognormvariate(9.8, 0.5))
    if kind == "stadtteil":
        return rng.randint(12_000, 60_000)
    return max(350, int(rng.lognormvariate(7.9, 0.7)))


def _participant_history(ctx: DemoContext, joined: date) -> list[tuple[str, date]]:
    rng = ctx.rng
    onboarding = min(joined + timedelta(days=rng.randint(10, 30)), pub.PROGRAM_END)
    return [
        ("angesprochen", joined - timedelta(days=rng.randint(60, 150))),
        ("interessiert", joined - timedelta(days=rng.randint(20, 55))),
        ("ratsbeschluss", joined),
        ("onboarding", onboarding),
        ("aktiv", min(onboarding + timedelta(days=rng.randint(14, 45)), pub.PROGRAM_END)),
    ]


def _apply_history(ctx: DemoContext, place: Municipality, history: list[tuple[str, date]]) -> None:
    for stage, day in history:
        place.stage_events.append(MunicipalityStageEvent(stage=stage, entered_on=day))
    place.stage, place.stage_since = history[-1]


def _volunteers(ctx: DemoContext, plan: pub.StatePlan) -> None:
    """Pat:innen: every active municipality keeps at least one; paused ones have none left."""
    rng = ctx.rng
    places = ctx.municipalities[plan.code]
    active = [m for m in places if m.stage != "pausiert"]
    paused = [m for m in places if m.stage == "pausiert"]
    staying: list[Municipality] = list(active)
    weights = [max(1.0, (m.population or 1000) ** 0.3) for m in active]
    staying += rng.choices(active, weights=weights, k=plan.volunteers - len(active))
    leaving: list[Municipality] = list(paused)
    leaving += rng.choices(active, weights=weights, k=max(0, plan.volunteer_leavers - len(paused)))
    cap = date(2023, 9, 25) if plan.code == "DE-SL" else pub.PROGRAM_END - timedelta(days=20)
    result: list[Volunteer] = []
    counter = iter(range(1, 10_000))
    for place, leaves in [(m, False) for m in staying] + [(m, True) for m in leaving]:
        joined = min(place.joined_on + timedelta(days=rng.randint(0, 120)), max(cap, place.joined_on))
        left = None
        if leaves:
            if place.stage == "pausiert":
                left = place.stage_since
            elif plan.code == "DE-SL":
                left = ctx.between(date(2023, 10, 1), date(2025, 1, 31))
            else:
                left = min(joined + timedelta(days=rng.randint(150, 600)), pub.PROGRAM_END - timedelta(days=1))
            left = max(left, joined)
        volunteer = Volunteer(
            code=f"KP-{plan.code[3:]}-{next(counter):03d}", municipality=place, joined_on=joined, left_on=left
        )
        ctx.session.add(volunteer)
        result.append(volunteer)
    result.sort(key=lambda v: v.joined_on)
    ctx.volunteers[plan.code] = result


def _targets_and_milestones(ctx: DemoContext, program: Program) -> None:
    add = ctx.session.add
    total = pub.MUNICIPALITY_TARGET_PER_STATE * len(pub.STATE_PLANS)
    add(Target(program=program, metric="kommunen", value=total, due_on=pub.PROGRAM_END, source="15 Kommunen je Land"))
    add(
        Target(
            program=program,
            metric="paten",
            value=pub.EARLY_VOLUNTEER_TARGET,
            due_on=pub.PROGRAM_END,
            source="frühes Ziel: 120 Pat:innen",
        )
    )
    for plan in pub.STATE_PLANS:
        add(
            Target(
                program=program,
                state_code=plan.code,
                metric="kommunen",
                value=pub.MUNICIPALITY_TARGET_PER_STATE,
                due_on=pub.PROGRAM_END,
                source="klikks-bw.de; argesolar-saar.de",
            )
        )
        name = vocab.STATE_NAMES[plan.code]
        add(
            Milestone(
                program=program,
                state_code=plan.code,
                kind="kickoff_land",
                title=f"Landes-Kick-off {name}",
                happened_on=plan.kickoff_on,
                source="veröffentlicht" if plan.kickoff_published else "angenommen (Demodaten)",
            )
        )
    add(
        Milestone(
            program=program,
            kind="programm",
            title="Projektstart KlikKS",
            happened_on=pub.PROGRAM_START,
            source="klimaschutz.de",
        )
    )
    add(
        Milestone(
            program=program,
            kind="kickoff_bund",
            title="Bundesweiter Kick-off der Klimaschutzpat:innen",
            happened_on=pub.NATIONAL_KICKOFF,
            source="gstbrp.de; berliner-e-agentur.de",
        )
    )
    for number, day in enumerate(pub.COACHING_DATES, start=1):
        add(
            Milestone(
                program=program,
                kind="coaching",
                title=f"{number}. Coaching Regionalmanagement",
                happened_on=day,
                source="veröffentlicht" if number == 1 else "angenommen (Demodaten)",
            )
        )
    add(
        Milestone(
            program=program,
            kind="programm",
            title="Projektende KlikKS",
            happened_on=pub.PROGRAM_END,
            source="klimaschutz.de",
        )
    )
