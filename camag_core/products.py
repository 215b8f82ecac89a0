"""Supplements people name by brand ("Caltrate 600+D3", "Tums Ultra", "my prenatal"), with what one
tablet (or softgel, scoop) holds: shipped data with each label, or the drug reference standing in
for it, named as the source (``data/products.csv``).

``label`` says how far the figures go: ``official`` (the label on DailyMed), ``manufacturer``
(the brand's own page), ``typical`` (a drug reference: the person is asked to check their pack),
``unknown`` (the product is known but its amounts are not: the person reads them off the label),
``ask`` (one name for several products: the person says which).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from camag_core._resources import read_csv
from camag_core.i18n import ENGLISH, Texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient
from camag_core.spelling import closest


@dataclass(frozen=True, slots=True)
class Part:
    nutrient: Nutrient
    amount: float | None  # mg (IU for vitamin D) in one tablet; None: the label has it, we don't
    form: str | None


@dataclass(frozen=True, slots=True)
class Product:
    name: str
    names: tuple[str, ...]  # as people type it, lower case
    per: str  # what one dose is: "tablet", "softgel"
    parts: tuple[Part, ...]
    label: str
    source: str

    @property
    def checked(self) -> bool:
        """Whether the figures come from the label itself or the brand's page."""
        return self.label in ("official", "manufacturer")


def _part(row: dict[str, str], nutrient: Nutrient, column: str, form: str | None) -> Part | None:
    value = row[column]
    if not value:
        return None
    return Part(nutrient, None if value == "?" else float(value), form or None)


@cache
def products() -> tuple[Product, ...]:
    found = []
    for row in read_csv("products.csv"):
        parts = (
            _part(row, CALCIUM, "calcium_mg", row["calcium_form"]),
            _part(row, MAGNESIUM, "magnesium_mg", row["magnesium_form"]),
            _part(row, VITAMIN_D, "vitamin_d_iu", None),
        )
        found.append(
            Product(
                name=row["product"],
                names=tuple(row["names"].split("|")),
                per=row["per"],
                parts=tuple(p for p in parts if p is not None),
                label=row["label"],
                source=row["source"],
            )
        )
    return tuple(found)


def _pattern(name: str) -> str:
    """A name as people type it: any spacing, hyphens or "+" between its words ("os cal", "Os-Cal")."""
    words = re.findall(r"[a-z0-9]+", name)
    return r"(?<![a-z0-9])" + r"[\s+\-/]*".join(words) + r"(?![a-z0-9])"


@cache
def _finder() -> tuple[re.Pattern[str], dict[str, Product]]:
    """One pattern for every name, longest first (so "tums ultra" wins over "tums"), and which
    product each of its groups names."""
    by_length = sorted(((n, p) for p in products() for n in p.names), key=lambda item: len(item[0]), reverse=True)
    pattern = re.compile("|".join(f"(?P<p{i}>{_pattern(n)})" for i, (n, _) in enumerate(by_length)))
    return pattern, {f"p{i}": product for i, (_, product) in enumerate(by_length)}


@cache
def _brand_words() -> tuple[str, ...]:
    """The words of product names long enough to be recognised with a typo ("caltrat", "prenatel")."""
    words = {w for p in products() for n in p.names for w in re.findall(r"[a-z]+", n) if len(w) >= 5}
    return tuple(sorted(words))


def spelt(text: str) -> str:
    """``text`` (lower case) with each brand word typed with a typo spelt as in the data ("caltrat"
    -> "caltrate"; rapidfuzz, a score of 85 of 100 or more)."""

    def fixed(match: re.Match[str]) -> str:
        word = match[0]
        found = closest(word, _brand_words(), at_least=85)
        return word if found is None else found

    return re.sub(r"[a-z]{5,}", fixed, text)


def find_products(text: str) -> list[tuple[re.Match[str], Product]]:
    """Each product named in ``text`` (lower case, brand words :func:`spelt`)."""
    pattern, named = _finder()
    return [(m, named[str(m.lastgroup)]) for m in pattern.finditer(text)]


def label_note(name: str, amounts: Iterable[tuple[Nutrient, float | None]], *, t: Texts = ENGLISH) -> str | None:
    """What a person should know about the figures used for the product called ``name``: where they
    come from when that is not the label itself, or that they are not known. ``amounts`` are the
    (nutrient, amount in one dose) counted for it: figures the person typed from the label need no note."""
    product = next((p for p in products() if p.name == name), None)
    if product is None or product.checked:
        return None
    if set(amounts) != {(part.nutrient, part.amount) for part in product.parts}:
        return None  # the person's own figures, not the shipped ones
    if product.label == "typical":
        # TRANSLATORS: {product}: a brand name ("Tums Ultra"), kept as it is
        return t._(
            "{product}: typical figures from a drug reference; please check them against your pack.",
            product=product.name,
        )
    return t._(
        "{product}: I don't have its label, so its amounts count as not known. To count them, "
        "go back and type them from its Supplement Facts, like “200 mg calcium, 1000 IU vitamin D”.",
        product=product.name,
    )
