"""KlikKS projects of the Pat:innen: realistic titles, sectors, statuses, CO₂ and cost estimates."""

from __future__ import annotations

from datetime import date, timedelta

from data.demo import published as pub
from data.demo.context import DemoContext
from data.models import Measure, Program

# title, Handlungsfeld, (CO₂ t/a low, high) or None, (cost € low, high) or None, energy carrier, kWh/a range
PROJECT_TEMPLATES: tuple[
    tuple[str, str, tuple[float, float] | None, tuple[int, int] | None, str | None, tuple[int, int] | None], ...
] = (
    ("Repair-Café im Dorfgemeinschaftshaus", "Konsum & Ernährung", (0.5, 3.0), (150, 1200), None, None),
    ("Solarberatung für Hausbesitzer:innen", "Energie", (5.0, 40.0), (0, 800), "Strom (Netzbezug)", (20_000, 150_000)),
    ("Sammelbestellung Balkonkraftwerke", "Energie", (2.0, 12.0), (0, 300), "Strom (Netzbezug)", (5_000, 40_000)),
    ("LED-Umrüstung im Vereinsheim", "Energie", (1.0, 6.0), (1_500, 9_000), "Strom (Netzbezug)", None),
    ("Energiespar-Check für öffentliche Gebäude", "Gebäude", (3.0, 25.0), (500, 4_000), "Heizöl", None),
    ("Thermografie-Spaziergang", "Gebäude", (1.0, 8.0), (200, 1_500), "Erdgas", None),
    ("Mitfahrbank an der Ortsdurchfahrt", "Mobilität", (0.5, 4.0), (300, 1_800), "Benzin/Diesel", None),
    ("Lastenrad zum Ausleihen", "Mobilität", (0.8, 3.5), (2_500, 7_500), "Benzin/Diesel", None),
    ("Dorfauto im Carsharing", "Mobilität", (2.0, 9.0), (3_000, 15_000), "Benzin/Diesel", None),
    ("Klimafrühstück mit regionalen Produkten", "Konsum & Ernährung", (0.1, 1.0), (100, 600), None, None),
    ("Kleidertauschparty", "Konsum & Ernährung", (0.2, 1.5), (0, 250), None, None),
    ("Streuobstwiese und Baumpatenschaften", "Natur & Klimaanpassung", (0.5, 5.0), (400, 3_500), None, None),
    ("Blühstreifen und Entsiegelung am Friedhof", "Natur & Klimaanpassung", (0.1, 1.0), (300, 2_500), None, None),
    ("Klimaschutz-Stammtisch", "Bildung & Beteiligung", None, (0, 200), None, None),
    ("Klimaschutz-AG an der Grundschule", "Bildung & Beteiligung", (0.2, 2.0), (100, 900), None, None),
    ("Infoabend Wärmepumpe im Bestand", "Gebäude", (4.0, 30.0), (150, 800), "Heizöl", None),
    (
        "Photovoltaik auf dem Feuerwehrhaus",
        "Energie",
        (8.0, 35.0),
        (12_000, 45_000),
        "Strom (Netzbezug)",
        (15_000, 60_000),
    ),
    ("Stromspar-Wettbewerb der Vereine", "Energie", (0.5, 4.0), (100, 1_000), "Strom (Netzbezug)", None),
    ("Fahrradaktionstag mit Codierung", "Mobilität", (0.2, 1.5), (100, 700), "Benzin/Diesel", None),
    ("Klimafreundliches Dorffest", "Konsum & Ernährung", (0.3, 2.5), (200, 1_500), None, None),
)

STATUS_WEIGHTS_OLD = {"umgesetzt": 70, "in_umsetzung": 8, "verzoegert": 5, "nicht_erreicht": 6, "unbekannt": 11}
STATUS_WEIGHTS_RECENT = {"umgesetzt": 30, "in_umsetzung": 35, "verzoegert": 10, "geplant": 15, "unbekannt": 10}
CANCELLED_SHARE = 0.03


def build_projects(ctx: DemoContext, program: Program) -> None:
    for plan in pub.STATE_PLANS:
        places = ctx.municipalities[plan.code]
        volunteers = ctx.volunteers[plan.code]
        per_place = {m.id: 0 for m in places}
        for v in volunteers:
            per_place[v.municipality.id] = per_place.get(v.municipality.id, 0) + 1
        weights = [per_place[m.id] + 0.5 for m in places]
        cancelled = max(1, round(plan.projects * CANCELLED_SHARE))
        measures: list[Measure] = []
        for number in range(1, plan.projects + cancelled + 1):
            place = ctx.rng.choices(places, weights=weights)[0]
            measure = _project(ctx, program, plan.code, place, number, cancelled=number > plan.projects)
            measures.append(measure)
            ctx.session.add(measure)
        if plan.co2_t_per_year is not None:
            scale_co2([m for m in measures if m.status != "abgebrochen"], plan.co2_t_per_year)


def _project(ctx: DemoContext, program: Program, state_code: str, place, number: int, *, cancelled: bool) -> Measure:
    rng = ctx.rng
    title, sector, co2_range, cost_range, carrier, kwh_range = rng.choice(PROJECT_TEMPLATES)
    last_start = pub.PROGRAM_END - timedelta(days=10)
    started = ctx.between(min(place.joined_on + timedelta(days=30), last_start), last_start)
    age = (pub.PROGRAM_END - started).days
    if cancelled:
        status = "abgebrochen"
    else:
        weights = STATUS_WEIGHTS_OLD if age > 240 else STATUS_WEIGHTS_RECENT
        status = rng.choices(list(weights), weights=list(weights.values()))[0]
    planned = started + timedelta(days=rng.randint(60, 300))
    completed = min(planned + timedelta(days=rng.randint(-30, 90)), pub.PROGRAM_END) if status == "umgesetzt" else None
    progress = {"umgesetzt": 100, "geplant": 0, "abgebrochen": None, "unbekannt": None}.get(status)
    if progress is None and status not in ("abgebrochen", "unbekannt"):
        progress = rng.choice([20, 30, 40, 50, 60, 70, 80])
    co2 = round(rng.uniform(*co2_range), 1) if co2_range and rng.random() < 0.72 else None
    cost = round(rng.uniform(*cost_range), -1) if cost_range and rng.random() < 0.6 else None
    funding = round(cost * rng.choice([0.5, 0.8, 1.0]), -1) if cost and rng.random() < 0.4 else None
    volunteer_team = f"Klimaschutzpat:innen {place.name}"
    updated = min(started + timedelta(days=rng.randint(20, 700)), date(2025, 3, 31))
    return Measure(
        code=f"KK-{state_code[3:]}-{number:04d}",
        program=program,
        title=f"{title} in {place.name}",
        teaser=f"Ein Projekt der Klimaschutzpat:innen in {place.name}.",
        description_what=f"{title}: Die Klimaschutzpat:innen bringen das Thema „{sector}“ vor Ort ins Gespräch und setzen ein sichtbares Projekt um.",
        description_plan="Planung im Pat:innen-Team, Abstimmung mit der Verwaltung, Umsetzung mit Vereinen und Bürger:innen, Auswertung.",
        sector=sector,
        area="Ehrenamtliches Projekt",
        state_code=state_code,
        municipality=place,
        status=status,
        progress_pct=progress,
        responsible=volunteer_team,
        involved=rng.choice(
            [
                f"Gemeindeverwaltung {place.name}",
                "Örtliche Vereine",
                "Kirchengemeinde",
                "Grundschule",
                "Feuerwehr",
                None,
            ]
        ),
        started_on=started,
        planned_completion_on=planned,
        completed_on=completed,
        steps=_steps(status),
        renewable_kwh_per_year=round(rng.uniform(*kwh_range), -2) if kwh_range and rng.random() < 0.6 else None,
        energy_carrier=carrier,
        co2_t_per_year=co2,
        cost_eur=cost,
        funding_eur=funding,
        funding_source="KlikKS-Projektbudget" if funding else None,
        volunteer_led=True,
        version=1,
        updated_at=ctx.moment(updated),
        updated_by=f"Regionalmanagement {ctx.partners[state_code].short_name}",
    )


def _steps(status: str) -> str | None:
    return {
        "umgesetzt": "Idee im Team abgestimmt; Termin und Ort festgelegt; durchgeführt und ausgewertet.",
        "in_umsetzung": "Idee im Team abgestimmt; Partner angefragt; Umsetzung läuft.",
        "verzoegert": "Idee abgestimmt; Umsetzung verschoben, weil Partner oder Mittel fehlen.",
        "geplant": "Idee gesammelt; Abstimmung mit der Verwaltung steht aus.",
        "nicht_erreicht": "Umgesetzt, aber das Ziel wurde nicht erreicht.",
        "abgebrochen": "Nach der Planung aufgegeben.",
    }.get(status)


def scale_co2(measures: list[Measure], total: float) -> None:
    """Scale the known estimates so that they add up to a published total (to 0,1 t)."""
    known = [m for m in measures if m.co2_t_per_year is not None]
    current = sum(float(m.co2_t_per_year) for m in known)
    if not known or current == 0:
        return
    factor = total / current
    for m in known:
        m.co2_t_per_year = round(float(m.co2_t_per_year) * factor, 1)
    residual = round(total - sum(m.co2_t_per_year for m in known), 1)
    largest = max(known, key=lambda m: m.co2_t_per_year)
    largest.co2_t_per_year = round(largest.co2_t_per_year + residual, 1)
