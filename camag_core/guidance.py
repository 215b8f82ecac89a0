"""The guidance library: verbatim passages from the two articles, and which ones fit a person.

Passages, topics and caveat templates are data (``data/guidance.json``). Selection is
deterministic: the situation names topics in priority order, each topic brings its first
passage not already chosen, and at most three are shown. A passage that conflicts with an
official limit carries the official caveat, filled in for this person.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from camag_core._resources import read_json
from camag_core.answers import Condition, DietPattern
from camag_core.assessment import Quote
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D
from camag_core.ratio import CALCIUM_AHEAD
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


def _magnesium_figures(s: Situation | None) -> tuple[float | None, float | None]:
    """The person's supplemental magnesium upper limit and RDA, for a caveat; (None, None) when
    not known, which means the adult figures. An upper limit of None with an RDA is an infant's."""
    if s is None or s.reference is None:
        return None, None
    row = s.reference[MAGNESIUM]
    return row.upper_limit, row.amount


def quote(passage: Passage, s: Situation | None = None) -> Quote:
    """A passage as shown: verbatim, attributed, with its official caveat filled in for ``s``."""
    return _quote(passage, *_magnesium_figures(s))


@lru_cache(maxsize=512)
def _quote(passage: Passage, mg_ul: float | None, mg_rda: float | None) -> Quote:
    caveat = None
    if passage.caveat:
        if mg_rda is None:
            ul_text, rda_text = ADULT_MAGNESIUM_UL_TEXT, ADULT_MAGNESIUM_RDA_TEXT
        else:
            ul_text = "0 mg (no safe amount has been set for infants)" if mg_ul is None else f"{mg_ul:.0f} mg"
            rda_text = f"{mg_rda:.0f} mg"
        caveat = read_json("guidance.json")["caveats"][passage.caveat].format(mg_ul=ul_text, mg_rda=rda_text)
    return Quote(
        id=passage.id,
        text=passage.text,
        author=passage.author,
        source=passage.source,
        topics=passage.topics,
        caveat=caveat,
    )


def _wanted_topics(s: Situation) -> tuple[str, ...]:
    """The topics that fit this situation, most fitting first (a topic may come twice)."""
    answers = s.answers
    wanted: list[str] = []
    calcium_high = s.verdict in CALCIUM_AHEAD
    if calcium_high:
        wanted.append("calcification")
    if s.magnesium_supplement_above_ul:  # the articles' doses beside the official limit
        wanted.append("dose")
    if s.takes(VITAMIN_D):
        wanted.append("vitamin_d")
    if (answers.soda_per_day or 0) > 0:
        wanted.append("soda")
    conditions = answers.conditions or []
    if Condition.KIDNEY_STONES in conditions:
        wanted.append("kidney_stones")
    if s.postmenopausal_age:
        wanted.append("bone_loss_after_menopause")
    if Condition.OSTEOPOROSIS in conditions:
        wanted.append("osteoporosis")
    if s.takes(MAGNESIUM):
        wanted.append("dose")
    if isinstance(answers.diet, DietPattern):
        wanted.append(f"{answers.diet.pattern}_diet")
    if calcium_high and s.takes(CALCIUM):
        wanted.append("calcium_supplements")
    if calcium_high:
        wanted.append("outdated_2_to_1")
    wanted.extend(("ratio", "outdated_2_to_1", "diet_and_farming"))  # for everyone
    return tuple(wanted)


def select_quotes(s: Situation) -> tuple[Quote, ...]:
    """Up to three passages that fit this situation, in priority order."""
    return _select(_wanted_topics(s), *_magnesium_figures(s))


@lru_cache(maxsize=1024)
def _select(wanted: tuple[str, ...], mg_ul: float | None, mg_rda: float | None) -> tuple[Quote, ...]:
    """For topics in priority order, each topic's first passage not already chosen, at most three.
    The same topics and figures give the same quotes, so each combination is worked out once."""
    chosen: list[Passage] = []
    for topic in wanted:
        fresh = [p for p in passages_on(topic) if p not in chosen]
        if fresh:
            chosen.append(fresh[0])
        if len(chosen) == MAX_QUOTES:
            break
    return tuple(_quote(p, mg_ul, mg_rda) for p in chosen)
