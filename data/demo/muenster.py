"""Münster demo data: the Klimastadt-Vertrag program, its measures and KlimaTrainer:innen.

Measure titles follow the kind of entries a city's monitoring page lists; numbers are invented
where none were published, and many stay "keine Angabe" (NULL) on purpose.
"""

from __future__ import annotations

from datetime import date, timedelta

from data.demo.context import DemoContext
from data.demo.names import email_for, person_names
from data.demo.trainings import build_muenster_cohorts
from data.models import AuditEntry, Measure, Municipality, Organisation, Person, Program, UpdateRequest

HANDLUNGSFELDER = (
    "Energie",
    "Gebäude",
    "Mobilität",
    "Wirtschaft",
    "Konsum & Ernährung",
    "Bildung & Beteiligung",
)

# code, title, Handlungsfeld, status, progress, responsible, involved, start, planned end, CO₂ t/a, cost €
MEASURES: tuple[tuple, ...] = (
    (
        "KSV-01",
        "Durchführung von KlimaTrainings",
        "Bildung & Beteiligung",
        "nicht_erreicht",
        40,
        "Stabsstelle Klima",
        "Ehrenamtliche KlimaTrainer:innen",
        date(2021, 11, 25),
        date(2024, 12, 31),
        200.0,
        45_000,
    ),
    (
        "KSV-02",
        "Photovoltaik auf allen geeigneten städtischen Dächern",
        "Energie",
        "in_umsetzung",
        55,
        "Amt für Immobilienmanagement",
        "Stadtwerke Münster",
        date(2022, 4, 1),
        date(2026, 12, 31),
        1_850.0,
        4_200_000,
    ),
    (
        "KSV-03",
        "Kommunale Wärmeplanung",
        "Energie",
        "umgesetzt",
        100,
        "Stabsstelle Klima",
        "Stadtwerke Münster; Fachbüro",
        date(2022, 9, 1),
        date(2024, 6, 30),
        None,
        380_000,
    ),
    (
        "KSV-04",
        "Ausbau der Velorouten",
        "Mobilität",
        "verzoegert",
        35,
        "Amt für Mobilität und Tiefbau",
        "ADFC Münster",
        date(2021, 3, 1),
        date(2025, 6, 30),
        3_100.0,
        28_000_000,
    ),
    (
        "KSV-05",
        "Mobilstationen in den Stadtteilen",
        "Mobilität",
        "in_umsetzung",
        60,
        "Amt für Mobilität und Tiefbau",
        "Stadtwerke Münster",
        date(2022, 1, 15),
        date(2026, 3, 31),
        420.0,
        2_300_000,
    ),
    (
        "KSV-06",
        "Klimaneutrale Verwaltung bis 2030",
        "Wirtschaft",
        "in_umsetzung",
        30,
        "Personal- und Organisationsamt",
        "Alle Ämter",
        date(2021, 6, 1),
        date(2030, 12, 31),
        None,
        None,
    ),
    (
        "KSV-07",
        "Energieberatung für Eigentümer:innen",
        "Gebäude",
        "umgesetzt",
        100,
        "Verbraucherzentrale NRW",
        "Stabsstelle Klima",
        date(2021, 1, 1),
        date(2023, 12, 31),
        900.0,
        150_000,
    ),
    (
        "KSV-08",
        "Förderprogramm Dach- und Fassadenbegrünung",
        "Gebäude",
        "umgesetzt",
        100,
        "Grünflächenamt",
        None,
        date(2021, 5, 1),
        date(2023, 6, 30),
        35.0,
        600_000,
    ),
    (
        "KSV-09",
        "Sanierungsoffensive Schulgebäude",
        "Gebäude",
        "verzoegert",
        25,
        "Amt für Immobilienmanagement",
        "Amt für Schule und Weiterbildung",
        date(2022, 2, 1),
        date(2025, 12, 31),
        2_400.0,
        None,
    ),
    (
        "KSV-10",
        "Klimafreundliche Gemeinschaftsverpflegung",
        "Konsum & Ernährung",
        "geplant",
        0,
        "Amt für Kinder, Jugendliche und Familien",
        "Kita-Träger",
        date(2025, 9, 1),
        date(2027, 7, 31),
        None,
        None,
    ),
    (
        "KSV-11",
        "Unverpackt-Netzwerk im Einzelhandel",
        "Konsum & Ernährung",
        "abgebrochen",
        None,
        "Wirtschaftsförderung Münster",
        "Einzelhandelsverband",
        date(2022, 3, 1),
        date(2023, 12, 31),
        None,
        20_000,
    ),
    (
        "KSV-12",
        "Klimaschutz in Unternehmen: ÖKOPROFIT",
        "Wirtschaft",
        "umgesetzt",
        100,
        "Wirtschaftsförderung Münster",
        "IHK Nord Westfalen",
        date(2021, 9, 1),
        date(2024, 3, 31),
        1_200.0,
        95_000,
    ),
    (
        "KSV-13",
        "Bürgersolarpark auf Konversionsfläche",
        "Energie",
        "geplant",
        5,
        "Stadtwerke Münster",
        "Bürgerenergiegenossenschaft",
        date(2025, 4, 1),
        date(2027, 12, 31),
        6_500.0,
        None,
    ),
    (
        "KSV-14",
        "Jobticket für alle städtischen Beschäftigten",
        "Mobilität",
        "umgesetzt",
        100,
        "Personal- und Organisationsamt",
        "Stadtwerke Münster",
        date(2022, 1, 1),
        date(2022, 12, 31),
        310.0,
        1_100_000,
    ),
    (
        "KSV-15",
        "Klimabildung an Schulen",
        "Bildung & Beteiligung",
        "in_umsetzung",
        70,
        "Amt für Schule und Weiterbildung",
        "Umweltbildungszentrum",
        date(2021, 8, 15),
        date(2025, 7, 31),
        None,
        80_000,
    ),
    (
        "KSV-16",
        "Quartierskonzept Energetische Stadtsanierung",
        "Gebäude",
        "unbekannt",
        None,
        "Stadtplanungsamt",
        None,
        date(2022, 6, 1),
        date(2024, 12, 31),
        None,
        None,
    ),
    (
        "KSV-17",
        "Lastenradförderung",
        "Mobilität",
        "umgesetzt",
        100,
        "Amt für Mobilität und Tiefbau",
        None,
        date(2021, 4, 1),
        date(2022, 12, 31),
        85.0,
        250_000,
    ),
    (
        "KSV-18",
        "Klimaanpassung: Hitzeaktionsplan",
        "Bildung & Beteiligung",
        "in_umsetzung",
        45,
        "Gesundheitsamt",
        "Stabsstelle Klima",
        date(2023, 3, 1),
        date(2025, 9, 30),
        None,
        60_000,
    ),
    (
        "KSV-19",
        "Elektrifizierung der Busflotte",
        "Mobilität",
        "verzoegert",
        40,
        "Stadtwerke Münster",
        None,
        date(2020, 1, 1),
        date(2025, 12, 31),
        5_400.0,
        38_000_000,
    ),
    (
        "KSV-20",
        "Repair-Cafés in allen Stadtbezirken",
        "Konsum & Ernährung",
        "nicht_erreicht",
        60,
        "Abfallwirtschaftsbetriebe Münster",
        "Initiativen der Stadtgesellschaft",
        date(2022, 5, 1),
        date(2024, 5, 31),
        12.0,
        30_000,
    ),
    (
        "KSV-21",
        "Wärmenetz-Ausbau Innenstadt",
        "Energie",
        "in_umsetzung",
        20,
        "Stadtwerke Münster",
        "Stadtplanungsamt",
        date(2023, 1, 1),
        date(2030, 12, 31),
        9_800.0,
        None,
    ),
    (
        "KSV-22",
        "Klimaneutrale Großveranstaltungen",
        "Wirtschaft",
        "unbekannt",
        None,
        "Münster Marketing",
        None,
        date(2023, 4, 1),
        date(2025, 10, 31),
        None,
        None,
    ),
    (
        "KSV-23",
        "Beteiligungsplattform Klimastadt-Vertrag",
        "Bildung & Beteiligung",
        "umgesetzt",
        100,
        "Stabsstelle Klima",
        "Bürgerschaft",
        date(2021, 1, 1),
        date(2021, 12, 31),
        None,
        40_000,
    ),
    (
        "KSV-24",
        "Regionale Lebensmittel in Kantinen",
        "Konsum & Ernährung",
        "in_umsetzung",
        50,
        "Personal- und Organisationsamt",
        "Regionalvermarktung",
        date(2023, 2, 1),
        date(2025, 12, 31),
        45.0,
        None,
    ),
    (
        "KSV-25",
        "Solarpflicht bei städtischen Grundstücksverkäufen",
        "Energie",
        "umgesetzt",
        100,
        "Amt für Immobilienmanagement",
        None,
        date(2021, 7, 1),
        date(2022, 6, 30),
        700.0,
        0,
    ),
    (
        "KSV-26",
        "Parkraummanagement in der Innenstadt",
        "Mobilität",
        "abgebrochen",
        None,
        "Ordnungsamt",
        None,
        date(2022, 10, 1),
        date(2024, 3, 31),
        None,
        None,
    ),
    (
        "KSV-27",
        "CO₂-Bilanz der Stadtgesellschaft jährlich",
        "Wirtschaft",
        "nicht_erreicht",
        50,
        "Stabsstelle Klima",
        "Fachbüro",
        date(2021, 1, 1),
        date(2024, 12, 31),
        None,
        25_000,
    ),
    (
        "KSV-28",
        "Zero-Waste-Schulen",
        "Konsum & Ernährung",
        "geplant",
        0,
        "Abfallwirtschaftsbetriebe Münster",
        "Schulen",
        date(2025, 8, 1),
        date(2027, 7, 31),
        None,
        None,
    ),
)

STATUS_PATH = {
    "umgesetzt": ["geplant", "in_umsetzung", "umgesetzt"],
    "in_umsetzung": ["geplant", "in_umsetzung"],
    "verzoegert": ["geplant", "in_umsetzung", "verzoegert"],
    "nicht_erreicht": ["geplant", "in_umsetzung", "nicht_erreicht"],
    "abgebrochen": ["geplant", "in_umsetzung", "abgebrochen"],
    "unbekannt": ["geplant", "unbekannt"],
    "geplant": ["geplant"],
}


def build_muenster(ctx: DemoContext) -> None:
    program = Program(
        code="ksv-muenster",
        name="Klimastadt-Vertrag Münster",
        short_name="Klimastadt-Vertrag Münster",
        starts_on=date(2021, 1, 1),
        ends_on=date(2030, 12, 31),
        description="Maßnahmen der Stadt, der städtischen Gesellschaften und der Stadtgesellschaft für ein klimaneutrales Münster",
    )
    ctx.session.add(program)
    ctx.programs["ksv-muenster"] = program
    city = Organisation(
        name="Stadt Münster – Stabsstelle Klima",
        short_name="Stabsstelle Klima",
        kind="kommune",
        state_code="DE-NW",
        program_role="none",
    )
    muenster = Municipality(
        ags="05515000", name="Münster", kind="stadt", state_code="DE-NW", population=320_946, has_climate_manager=True
    )
    ctx.session.add_all([city, muenster])
    names = person_names(60, ctx.rng)[40:60]  # distinct from the program staff drawn earlier
    trainers = [Person(display_name=n, role="klimatrainer", organisation=None, state_code="DE-NW") for n in names[:18]]
    manager = Person(
        display_name=names[18],
        role="klimaschutzmanagement",
        organisation=city,
        state_code="DE-NW",
        email=email_for(names[18]),
    )
    ctx.session.add_all([*trainers, manager])
    _measures(ctx, program, muenster, manager)
    build_muenster_cohorts(ctx, muenster, trainers)


def _measures(ctx: DemoContext, program: Program, muenster: Municipality, manager: Person) -> None:
    rng = ctx.rng
    for code, title, sector, status, progress, responsible, involved, start, planned, co2, cost in MEASURES:
        history = STATUS_PATH[status]
        # Status changes are spread between the start and a last update in 2025/2026.
        last_update = (
            ctx.between(date(2025, 1, 10), date(2026, 10, 31))
            if rng.random() < 0.7
            else ctx.between(date(2023, 6, 1), date(2024, 12, 31))
        )
        last_update = max(last_update, start)
        measure = Measure(
            code=f"MS-{code}",
            program=program,
            title=title,
            teaser=f"Beitrag zum Klimastadt-Vertrag im Handlungsfeld {sector}.",
            description_what=f"{title}: ein Beitrag zum Ziel eines klimaneutralen Münster.",
            description_plan="Konzept, Beschluss der zuständigen Gremien, schrittweise Umsetzung und jährliches Monitoring.",
            sector=sector,
            area=responsible,
            state_code="DE-NW",
            municipality=muenster,
            status=status,
            progress_pct=progress,
            responsible=responsible,
            involved=involved,
            started_on=start,
            planned_completion_on=planned,
            completed_on=planned if status == "umgesetzt" else None,
            steps="; ".join(f"{label} ({day:%m/%Y})" for label, day in _steps(history, start, last_update)),
            co2_t_per_year=co2,
            cost_eur=cost,
            funding_eur=round(cost * 0.6, -2) if cost and rng.random() < 0.3 else None,
            funding_source="Bundes- oder Landesförderung" if cost and rng.random() < 0.3 else None,
            volunteer_led=code == "KSV-01",
            version=len(history),
            updated_at=ctx.moment(last_update),
            updated_by=manager.display_name,
        )
        ctx.session.add(measure)
        ctx.session.flush()
        days = [day for _label, day in _steps(history, start, last_update)]
        for old, new, day in zip(history, history[1:], days[1:], strict=False):
            ctx.session.add(
                AuditEntry(
                    table_name="measures",
                    row_id=measure.id,
                    field="status",
                    old_value=old,
                    new_value=new,
                    actor=manager.display_name,
                    changed_at=ctx.moment(day),
                    source="demo",
                )
            )
        if status in ("verzoegert", "unbekannt") or (status == "in_umsetzung" and rng.random() < 0.3):
            asked = ctx.moment(last_update + timedelta(days=rng.randint(30, 200)))
            ctx.session.add(
                UpdateRequest(
                    measure_id=measure.id,
                    requested_by="Beirat Klimastadt-Vertrag",
                    requested_at=asked,
                    last_asked_at=asked,
                    message="Bitte den aktuellen Stand der Umsetzung ergänzen.",
                )
            )


def _steps(history: list[str], start: date, last: date) -> list[tuple[str, date]]:
    labels = {
        "geplant": "Planung begonnen",
        "in_umsetzung": "Umsetzung gestartet",
        "umgesetzt": "Abgeschlossen",
        "verzoegert": "Verzögerung gemeldet",
        "nicht_erreicht": "Ziel nicht erreicht",
        "abgebrochen": "Abgebrochen",
        "unbekannt": "Kein aktueller Stand",
    }
    span = max((last - start).days, len(history))
    return [(labels[s], start + timedelta(days=span * i // max(1, len(history) - 1))) for i, s in enumerate(history)]
