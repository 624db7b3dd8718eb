"""Finding a row's state and municipality from what a file says: a state's name or ISO code, a
municipality's AGS or its name within the state."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from data import vocab
from data.imports.planning import ParsedRow, Plan
from data.models import Municipality

AGS = re.compile(r"\d{8}")
_STATES = {
    **{code.casefold(): code for code in vocab.STATE_NAMES},
    **{name.casefold(): code for code, name in vocab.STATE_NAMES.items()},
}


def state_code(text: object) -> str | None:
    """``DE-NW``, ``Nordrhein-Westfalen`` or ``NW`` → ``DE-NW``; None when unknown."""
    if not isinstance(text, str):
        return None
    wanted = text.strip().casefold()
    return _STATES.get(wanted) or _STATES.get(f"de-{wanted}")


def ags_state(ags: str) -> str | None:
    return vocab.STATE_KEYS.get(ags[:2])


class Places:
    """The municipalities by AGS and by (state, name), loaded once per import (ids and names only)."""

    def __init__(self, session: Session) -> None:
        self.by_ags: dict[str, tuple[int, str]] = {}
        self.by_name: dict[tuple[str, str], list[int]] = {}
        self.names: dict[int, tuple[str, str]] = {}
        for municipality_id, ags, name, state in session.execute(
            select(Municipality.id, Municipality.ags, Municipality.name, Municipality.state_code)
        ):
            if ags:
                self.by_ags[ags] = (municipality_id, state)
            self.by_name.setdefault((state, name.casefold()), []).append(municipality_id)
            self.names[municipality_id] = (name, state)

    def municipality(
        self, row: ParsedRow, plan: Plan, text: str, state: str | None, column: str = "Kommune"
    ) -> tuple[int, str] | None:
        """(id, state) of the municipality named by AGS or by name within ``state``; reports and returns None."""
        if AGS.fullmatch(text):
            found = self.by_ags.get(text)
            if found is None:
                plan.add(row, column, text, f"Eine Kommune mit der AGS {text} gibt es nicht.")
            return found
        if state is None:
            plan.add(row, column, text, "Bitte das Land angeben oder die Kommune mit ihrer AGS nennen.")
            return None
        matches = self.by_name.get((state, text.casefold()), [])
        if len(matches) == 1:
            return matches[0], state
        where = vocab.STATE_NAMES.get(state, state)
        if not matches:
            plan.add(row, column, text, f"Eine Kommune „{text}“ gibt es in {where} nicht.")
        else:
            plan.add(row, column, text, f"„{text}“ gibt es in {where} mehrmals; bitte die AGS angeben.")
        return None

    def resolve(self, row: ParsedRow, plan: Plan, current: dict | None) -> tuple[str | None, int | None] | None:
        """A measure's (state, municipality) from its ``state``/``municipality`` cells; missing columns keep
        the stored place. None when a cell names no known place (reported)."""
        values = row.values
        state = current["state_code"] if current else None
        if "state" in values:
            state = None
            if values["state"]:
                state = state_code(values["state"])
                if state is None:
                    plan.add(row, "Land", values["state"], f"Ein Land „{row.shown['state']}“ gibt es nicht.")
                    return None
        municipality_id = current["municipality_id"] if current else None
        if "municipality" in values:
            text = values["municipality"]
            if not text:
                municipality_id = None
            elif current and current["municipality_id"] and self.names.get(current["municipality_id"]) == (text, state):
                municipality_id = current["municipality_id"]
            else:
                found = self.municipality(row, plan, str(text), state)
                if found is None:
                    return None
                municipality_id, found_state = found
                if state is None:
                    state = found_state
                elif found_state != state:
                    plan.add(row, "Kommune", text, f"Die Kommune liegt nicht in {vocab.STATE_NAMES.get(state, state)}.")
                    return None
        return state, municipality_id
