"""Medicines that interact with calcium, magnesium or vitamin D, each with its official note.

The notes, their groups (how the question shows them on one screen) and their sources are data:
``data/medications.csv``, one row per :class:`~camag_core.answers.Medication`, read from the
sources listed in its ``source`` column (``shared/reference/safety.md`` section 3 and the
labels and fact sheets named there).

``timing`` says the note is a rule about when to take the minerals; ``doctor_before`` names the
nutrients whose supplements should be taken only after asking a doctor or pharmacist: those the
note names, and magnesium for every medicine here, since all are prescription medicines and the
magnesium labels say to ask first with a prescription drug (``safety.md`` section 2). CaMag
urges more of such a nutrient no more than it would with kidney disease.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from camag_core._resources import read_csv
from camag_core.answers import Medication
from camag_core.nutrients import Nutrient


@dataclass(frozen=True, slots=True)
class MedicationNote:
    medication: Medication
    group: str  # the heading it is listed under, e.g. "Water pills (diuretics)"
    label: str  # in full, e.g. "Loop diuretic (e.g. furosemide)"
    button: str  # short enough for a button two to a row
    message: str
    talk_to_doctor: bool
    timing: bool  # a rule about when to take the minerals
    doctor_before: frozenset[Nutrient]  # supplements to take only after asking a doctor or pharmacist
    names: tuple[str, ...]  # other names people type for it: generic and brand names of the medicines meant
    cited: str  # the official sources by name, as a person reads them (see camag_core.citation)
    source: str  # provenance for maintainers: what was read, where, and what was only attributed


@cache
def medication_notes() -> dict[Medication, MedicationNote]:
    """Every medicine's note, in the table's order (which groups medicines of one kind together)."""
    return {
        Medication(row["id"]): MedicationNote(
            medication=Medication(row["id"]),
            group=row["group"],
            label=row["label"],
            button=row["button"],
            message=row["message"],
            talk_to_doctor=row["talk_to_doctor"] == "yes",
            timing=row["timing"] == "yes",
            doctor_before=frozenset(Nutrient(n) for n in row["doctor_before"].split(";") if n),
            names=tuple(n for n in row["names"].split(";") if n),
            cited=row["cited"],
            source=row["source"],
        )
        for row in read_csv("medications.csv")
    }
