"""The guidance library: verbatim passages from the two articles, and which ones fit a person.

Passages, topics and caveat templates are data (``data/guidance.json``). Selection is
deterministic: the situation names topics in priority order, each topic brings its first
passage not already chosen, and at most three are shown. A passage that conflicts with an
official limit carries the official caveat, filled in for this person.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from camag_core._resources import read_json
from camag_core.answers import Condition, DietPattern
from camag_core.assessment import Quote
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D
from camag_core.ratio import Verdict
from camag_core.situation import Situation

MAX_QUOTES = 3
# Supplemental magnesium UL from age 9 (IOM); used when the person's own row is not known.
ADULT_MAGNESIUM_UL_TEXT = "350 mg (the limit from age 9)"
ADULT_MAGNESIUM_RDA_TEXT = "310 to 420 mg, depending on age and sex,"


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    text: str
    author: str
    article: str
    publisher: str | None
    topics: tuple[str, ...]
    caveat: str | None

    @property
    def source(self) -> str:
        title = f"“{self.article}”"
        return f"{title} ({self.publisher})" if self.publisher else title


@cache
def passages() -> tuple[Passage, ...]:
    return tuple(
        Passage(
            id=p["id"],
            text=p["text"],
            author=p["author"],
            article=p["article"],
            publisher=p.get("publisher"),
            topics=tuple(p["topics"]),
            caveat=p.get("caveat"),
        )
        for p in read_json("guidance.json")["passages"]
    )


@cache
def topics() -> dict[str, str]:
    """Topic id -> label, in the order the library lists them."""
    return dict(read_json("guidance.json")["topics"])


@cache
def passages_on(topic: str) -> tuple[Passage, ...]:
    return tuple(p for p in passages() if topic in p.topics)


def _caveat_values(s: Situation | None) -> dict[str, str]:
    if s is None or s.reference is None:
        return {"mg_ul": ADULT_MAGNESIUM_UL_TEXT, "mg_rda": ADULT_MAGNESIUM_RDA_TEXT}
    row = s.reference[MAGNESIUM]
    ul = "0 mg (no safe amount has been set for infants)" if row.upper_limit is None else f"{row.upper_limit:.0f} mg"
    return {"mg_ul": ul, "mg_rda": f"{row.amount:.0f} mg"}


def quote(passage: Passage, s: Situation | None = None) -> Quote:
    """A passage as shown: verbatim, attributed, with its official caveat filled in for ``s``."""
    values = _caveat_values(s) if passage.caveat else {}
    return _quote(passage, values.get("mg_ul", ""), values.get("mg_rda", ""))


@lru_cache(maxsize=512)
def _quote(passage: Passage, mg_ul: str, mg_rda: str) -> Quote:
    caveat = None
    if passage.caveat:
        caveat = read_json("guidance.json")["caveats"][passage.caveat].format(mg_ul=mg_ul, mg_rda=mg_rda)
    return Quote(
        id=passage.id,
        text=passage.text,
        author=passage.author,
        source=passage.source,
        topics=passage.topics,
        caveat=caveat,
    )


def _wanted_topics(s: Situation) -> Iterator[str]:
    answers = s.answers
    calcium_high = s.verdict in (Verdict.CALCIUM_LEANING, Verdict.CALCIUM_HEAVY)
    if calcium_high:
        yield "calcification"
    if s.magnesium_supplement_above_ul:  # the articles' doses beside the official limit
        yield "dose"
    if s.takes(VITAMIN_D):
        yield "vitamin_d"
    if (answers.soda_per_day or 0) > 0:
        yield "soda"
    conditions = answers.conditions or []
    if Condition.KIDNEY_STONES in conditions:
        yield "kidney_stones"
    if s.postmenopausal_age:
        yield "bone_loss_after_menopause"
    if Condition.OSTEOPOROSIS in conditions:
        yield "osteoporosis"
    if s.takes(MAGNESIUM):
        yield "dose"
    if isinstance(answers.diet, DietPattern):
        yield f"{answers.diet.pattern}_diet"
    if calcium_high and s.takes(CALCIUM):
        yield "calcium_supplements"
    if calcium_high:
        yield "outdated_2_to_1"
    yield "ratio"
    yield "outdated_2_to_1"
    yield "diet_and_farming"


def select_quotes(s: Situation) -> tuple[Quote, ...]:
    """Up to three passages that fit this situation, in priority order."""
    chosen: list[Passage] = []
    for topic in _wanted_topics(s):
        fresh = [p for p in passages_on(topic) if all(p is not c for c in chosen)]
        if fresh:
            chosen.append(fresh[0])
        if len(chosen) == MAX_QUOTES:
            break
    return tuple(quote(p, s) for p in chosen)
