"""Importing municipalities with their pipeline stage: matched by AGS, or — for Stadtteile, which have
none — by name within the state. A stage change is written as a dated stage event (the pipeline and its
medians read them); it cannot lie before the municipality's previous stage change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import func, insert, select, update

from data import vocab
from data.commands.errors import ConflictError
from data.commands.fields import FieldSpec, Kind, as_text, same
from data.commands.unit_of_work import UnitOfWork
from data.imports.columns import Column, EntityColumns
from data.imports.places import AGS, ags_state, state_code
from data.imports.planning import CHANGED, CONFLICT, NEW, UNCHANGED, ParsedRow, Plan, RowAction
from data.models import Municipality, MunicipalityStageEvent
from data.permissions import Scope

VERSION = FieldSpec("version", "Version", Kind.INTEGER, minimum=Decimal(1), maximum=Decimal(10**9))
COLUMNS = EntityColumns(
    columns=(
        Column("AGS", FieldSpec("ags", "AGS", Kind.TEXT, max_length=8), note="8 Ziffern; leer nur bei Stadtteilen"),
        Column("Name", FieldSpec("name", "Name", Kind.TEXT, required=True, max_length=120), required_column=True),
        Column(
            "Land",
            FieldSpec("state", "Land", Kind.TEXT, required=True, max_length=60),
            required_column=True,
            note="Name oder Kürzel, z. B. Rheinland-Pfalz oder DE-RP",
        ),
        Column(
            "Art",
            FieldSpec("kind", "Art", Kind.CHOICE, options=vocab.MUNICIPALITY_KINDS),
            note="Pflicht bei neuen Kommunen",
        ),
        Column("Einwohner", FieldSpec("population", "Einwohner", Kind.INTEGER, maximum=Decimal(10**8))),
        Column("Stufe", FieldSpec("stage", "Stufe", Kind.CHOICE, options=vocab.MUNICIPALITY_STAGES)),
        Column(
            "Stufe seit",
            FieldSpec("stage_since", "Stufe seit", Kind.DATE),
            note="Datum des Stufenwechsels; leer: heute",
        ),
        Column("Version", VERSION, note="leer bei neuen Kommunen"),
    )
)
FIELDS = ("name", "kind", "state_code", "population", "stage")


class MunicipalitiesImport:
    key = "municipalities"
    table = "municipalities"  # the table the rows go to
    label = "Kommunen"
    columns = COLUMNS

    def plan(self, session, rows: Iterable[ParsedRow], plan: Plan) -> None:
        stored = [
            dict(record)
            for record in session.execute(
                select(
                    Municipality.id,
                    Municipality.ags,
                    Municipality.version,
                    Municipality.stage_since,
                    *[getattr(Municipality, name) for name in FIELDS],
                )
            ).mappings()
        ]
        by_ags = {record["ags"]: record for record in stored if record["ags"]}
        by_name = {(r["state_code"], r["name"].casefold()): r for r in stored if not r["ags"]}
        last_event = dict(
            session.execute(
                select(MunicipalityStageEvent.municipality_id, func.max(MunicipalityStageEvent.entered_on)).group_by(
                    MunicipalityStageEvent.municipality_id
                )
            ).all()
        )
        seen: dict[object, int] = {}
        today = date.today()
        for row in rows:
            values = row.values
            state = state_code(values["state"])
            if state is None:
                plan.add(row, "Land", values["state"], f"Ein Land „{row.shown['state']}“ gibt es nicht.")
                continue
            ags = values.get("ags")
            if ags and ags.isdigit() and len(ags) == 7:
                ags = "0" + ags  # Excel drops the leading zero of a number
            if ags:
                if not AGS.fullmatch(ags):
                    plan.add(row, "AGS", values["ags"], "Die AGS muss aus genau 8 Ziffern bestehen.")
                    continue
                if ags_state(ags) != state:
                    owner = vocab.STATE_NAMES.get(ags_state(ags) or "", "keinem Land")
                    plan.add(
                        row, "AGS", ags,
                        f"Die AGS {ags} gehört zu {owner}, nicht zu {vocab.STATE_NAMES[state]}.",
                    )  # fmt: skip
                    continue
            elif values.get("kind") not in (None, "stadtteil"):
                plan.add(row, "AGS", None, "Ohne AGS können nur Stadtteile importiert werden.")
                continue
            key = ags or (state, values["name"].casefold())
            if key in seen:
                plan.add(
                    row, "AGS" if ags else "Name", ags or values["name"], f"Steht schon in Zeile {seen[key]} der Datei."
                )
                continue
            seen[key] = row.number
            current = by_ags.get(ags) if ags else by_name.get(key)
            wanted = {name: values[name] for name in ("name", "kind", "population", "stage") if name in values}
            wanted["state_code"] = state
            since = values.get("stage_since") or today
            if current is None:
                if not values.get("kind"):
                    plan.add(row, "Art", None, "„Art“ darf bei einer neuen Kommune nicht leer sein.")
                    continue
                if ags is None and values["kind"] != "stadtteil":
                    plan.add(row, "AGS", None, "Ohne AGS können nur Stadtteile importiert werden.")
                    continue
                extra = {"stage_since": since} if wanted.get("stage") else {}
                plan.actions.append(
                    RowAction(row.number, NEW, None, {**wanted, "ags": ags}, scopes=(Scope(state, None),), extra=extra)
                )
                continue
            changed = {name: value for name, value in wanted.items() if not same(current[name], value)}
            if "stage" in changed and changed["stage"] is None:
                del changed["stage"]  # an empty cell never takes a municipality out of the pipeline
            if not changed:
                plan.actions.append(RowAction(row.number, UNCHANGED, current["id"], {}))
                continue
            file_version = values.get("version")
            if file_version is not None and file_version != current["version"]:
                plan.add(
                    row, "Version", file_version,
                    f"Die Kommune wurde nach dem Export geändert (Version {current['version']}); "
                    "die Zeile wird nicht übernommen.",
                    CONFLICT,
                )  # fmt: skip
                continue
            extra = {}
            if "stage" in changed:
                previous = last_event.get(current["id"]) or current["stage_since"]
                if previous and since < previous:
                    plan.add(
                        row, "Stufe seit", since,
                        f"Der Stufenwechsel am {since:%d.%m.%Y} läge vor dem letzten ({previous:%d.%m.%Y}).",
                    )  # fmt: skip
                    continue
                extra = {"stage_since": since}
            scope = Scope(current["state_code"], current["id"])
            plan.actions.append(
                RowAction(
                    row.number, CHANGED, current["id"], changed, {n: current[n] for n in changed},
                    current["version"], (scope, Scope(state, current["id"])), extra,
                )
            )  # fmt: skip

    def apply(self, work: UnitOfWork, actions: list[RowAction], audit: Callable[..., None]) -> None:
        session = work.session
        events: list[dict] = []
        for action in actions:
            since = action.extra.get("stage_since")
            if action.kind == NEW:
                values = {**action.values, "version": 1}
                if since:
                    values["stage_since"] = since
                municipality_id = session.execute(insert(Municipality).returning(Municipality.id), values).scalar_one()
                audit("municipalities", municipality_id, "angelegt", None, values["name"])
                if since:
                    events.append({"municipality_id": municipality_id, "stage": values["stage"], "entered_on": since})
                    audit("municipalities", municipality_id, "stage", None, values["stage"])
                continue
            values = dict(action.values)
            if since:
                values["stage_since"] = since
            result = session.execute(
                update(Municipality)
                .where(Municipality.id == action.record_id, Municipality.version == action.version)
                .values(**values, version=Municipality.version + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                raise ConflictError(f"Zeile {action.row}: Die Kommune wurde während des Imports geändert.")
            if since:
                events.append({"municipality_id": action.record_id, "stage": values["stage"], "entered_on": since})
            for name, value in action.values.items():
                audit("municipalities", action.record_id, name, as_text(action.old[name]), as_text(value))
        if events:
            session.execute(insert(MunicipalityStageEvent), events)
