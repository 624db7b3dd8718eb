"""Importing Klimaschutzpat:innen: matched by their pseudonymous code; the municipality is named by AGS
or by name (with the state's column when the name alone is ambiguous)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from sqlalchemy import insert, select, update

from data.commands.errors import ConflictError
from data.commands.fields import FieldSpec, Kind, as_text, same
from data.commands.unit_of_work import UnitOfWork
from data.imports.columns import Column, EntityColumns
from data.imports.places import Places, state_code
from data.imports.planning import CHANGED, CONFLICT, NEW, UNCHANGED, ParsedRow, Plan, RowAction
from data.models import Volunteer
from data.permissions import Scope

CHUNK = 900
COLUMNS = EntityColumns(
    columns=(
        Column(
            "Code",
            FieldSpec("code", "Code", Kind.TEXT, required=True, max_length=20),
            key=True,
            required_column=True,
            note="pseudonymer Code, nie ein Name",
        ),
        Column("Kommune", FieldSpec("municipality", "Kommune", Kind.TEXT, max_length=120), note="AGS oder Name"),
        Column(
            "Land",
            FieldSpec("state", "Land", Kind.TEXT, max_length=60),
            note="nötig, wenn die Kommune per Name genannt wird",
        ),
        Column("Beigetreten", FieldSpec("joined_on", "Beigetreten", Kind.DATE), note="Pflicht bei neuen Pat:innen"),
        Column("Ausgeschieden", FieldSpec("left_on", "Ausgeschieden", Kind.DATE)),
        Column("Geschult am", FieldSpec("trained_on", "Geschult am", Kind.DATE)),
        Column("Version", FieldSpec("version", "Version", Kind.INTEGER, minimum=Decimal(1), maximum=Decimal(10**9))),
    )
)
FIELDS = ("municipality_id", "joined_on", "left_on", "trained_on")


class VolunteersImport:
    key = "volunteers"
    table = "volunteers"  # the table the rows go to
    label = "Klimaschutzpat:innen"
    columns = COLUMNS

    def plan(self, session, rows: Iterable[ParsedRow], plan: Plan) -> None:
        rows = list(rows)  # two passes: the codes first, then each row
        places = Places(session)
        codes = sorted({str(row.values["code"]) for row in rows})
        existing: dict[str, dict] = {}
        for start in range(0, len(codes), CHUNK):
            statement = select(
                Volunteer.id, Volunteer.code, Volunteer.version, *[getattr(Volunteer, n) for n in FIELDS]
            )
            for record in session.execute(statement.where(Volunteer.code.in_(codes[start : start + CHUNK]))).mappings():
                existing[record["code"]] = dict(record)
        for row in rows:
            values = row.values
            current = existing.get(values["code"])
            wanted = {name: values[name] for name in ("joined_on", "left_on", "trained_on") if name in values}
            municipality_id = current["municipality_id"] if current else None
            if values.get("municipality"):
                state = state_code(values.get("state")) if values.get("state") else None
                if values.get("state") and state is None:
                    plan.add(row, "Land", values["state"], f"Ein Land „{row.shown['state']}“ gibt es nicht.")
                    continue
                found = places.municipality(row, plan, str(values["municipality"]), state)
                if found is None:
                    continue
                municipality_id = found[0]
            wanted["municipality_id"] = municipality_id
            if municipality_id is None:
                plan.add(row, "Kommune", None, "„Kommune“ darf bei einer neuen Pat:in nicht leer sein.")
                continue
            merged = {**(current or {}), **wanted}
            if merged.get("joined_on") is None:
                plan.add(row, "Beigetreten", None, "„Beigetreten“ darf nicht leer sein.")
                continue
            if merged.get("left_on") and merged["left_on"] < merged["joined_on"]:
                plan.add(row, "Ausgeschieden", values.get("left_on"), "„Ausgeschieden“ liegt vor „Beigetreten“.")
                continue
            scope = Scope(places.names[municipality_id][1], municipality_id)
            if current is None:
                plan.actions.append(
                    RowAction(row.number, NEW, None, {**wanted, "code": values["code"]}, scopes=(scope,))
                )
                continue
            changed = {name: value for name, value in wanted.items() if not same(current[name], value)}
            if not changed:
                plan.actions.append(RowAction(row.number, UNCHANGED, current["id"], {}))
                continue
            if values.get("version") is not None and values["version"] != current["version"]:
                plan.add(
                    row, "Version", values["version"],
                    f"Die Pat:in wurde nach dem Export geändert (Version {current['version']}).", CONFLICT,
                )  # fmt: skip
                continue
            old_place = current["municipality_id"]
            scopes = (Scope(places.names[old_place][1], old_place), scope)
            plan.actions.append(
                RowAction(
                    row.number, CHANGED, current["id"], changed, {n: current[n] for n in changed}, current["version"],
                    scopes,
                )
            )  # fmt: skip

    def apply(self, work: UnitOfWork, actions: list[RowAction], audit: Callable[..., None]) -> None:
        session = work.session
        for action in actions:
            if action.kind == NEW:
                volunteer_id = session.execute(
                    insert(Volunteer).returning(Volunteer.id), {**action.values, "version": 1}
                ).scalar_one()
                audit("volunteers", volunteer_id, "angelegt", None, action.values["code"])
                continue
            result = session.execute(
                update(Volunteer)
                .where(Volunteer.id == action.record_id, Volunteer.version == action.version)
                .values(**action.values, version=Volunteer.version + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                raise ConflictError(f"Zeile {action.row}: Die Pat:in wurde während des Imports geändert.")
            for name, value in action.values.items():
                audit("volunteers", action.record_id, name, as_text(action.old[name]), as_text(value))
