"""The interview as data, and the pure step that walks it.

Every front end asks the same questions: it shows :func:`next_question`, hands what the person
chose or typed to :func:`answer_choice` / :func:`answer_text`, and when no question is left
turns the draft into :class:`~camag_core.answers.Answers` with :func:`to_answers`.

A draft is a plain JSON-able dict from question id to answer, so a front end can store it
between messages. An answer of ``None`` means "I don't know"; a missing key, not asked yet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from functools import cache, partial
from typing import Any

from pydantic import BaseModel, ConfigDict

from camag_core._resources import read_json
from camag_core.answers import MAX_SODA_PER_DAY, Answers, Condition, DietPattern, Supplement, describe_all
from camag_core.foods import FoodGroup, food_groups, group_label, group_serving
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.medications import medication_notes
from camag_core.nutrients import CALCIUM, Nutrient, dose_text
from camag_core.parsing import (
    BirthYear,
    ParsedSupplement,
    ParseError,
    PartlyRead,
    PerWeek,
    is_none,
    is_unknown,
    meant,
    parse_age,
    parse_servings,
    parse_supplements,
    plain_words,
)
from camag_core.products import label_note
from camag_core.reference import MIN_AGE
from camag_core.schedule import WEEKDAYS
from camag_core.spelling import partial_ratio, ratio, slips
from camag_core.supplements import Basis

Draft = Mapping[str, Any]


class Kind(StrEnum):
    CHOICE = "choice"  # pick one
    MULTI = "multi"  # pick any number, or none
    NUMBER = "number"  # typed, with quick-pick buttons
    SUPPLEMENTS = "supplements"  # free text, several per answer


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    also: tuple[str, ...] = ()  # other words people type for it ("woman" for Female)
    said: str | None = None  # the answer in words, where the label is what to tap rather than what it says


@dataclass(frozen=True, slots=True)
class When:
    """A question applies when the answer to ``question`` satisfies ``test`` (data, not code)."""

    question: str
    equals: str | None = None
    one_of: tuple[str, ...] = ()
    between: tuple[float, float] | None = None  # low inclusive, high exclusive
    basis_unclear: bool = False  # a supplement whose elemental/compound reading matters
    or_unknown: bool = False  # also holds when the answer was "I don't know"

    def holds(self, draft: Draft) -> bool:
        value = draft.get(self.question)
        if value is None:
            return self.or_unknown and self.question in draft
        if self.equals is not None:
            return bool(value == self.equals)
        if self.one_of:
            return value in self.one_of
        if self.between is not None:
            low, high = self.between
            return bool(low <= float(value) < high)
        if self.basis_unclear:
            return any(not item["basis_stated"] and _parsed(item).basis_matters for item in value)
        return True


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    short: str  # a label of a word or two, for review screens
    prompt: str
    kind: Kind
    choices: tuple[Choice, ...] = ()
    hint: str = ""
    when: tuple[When, ...] = ()
    read: Callable[[str], float] | None = field(default=None, compare=False)  # NUMBER parser
    section: str = ""  # one of SECTIONS, filled in by _questions

    def applies(self, draft: Draft) -> bool:
        return all(rule.holds(draft) for rule in self.when)


# The interview's parts, in order, and the questions in each: progress is shown by part, which
# never jumps when an answer brings in more questions.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("About you"), ("age", "sex", "life_stage")),
    (N_("Food and drink"), ("diet", "servings.", "soda_per_day")),
    (N_("Supplements"), ("supplements", "supplement_basis")),
    (N_("Health"), ("conditions", "medications")),
)


def _section_of(question_id: str) -> str:
    return next(name for name, ids in SECTIONS if any(question_id.startswith(i) for i in ids))


@dataclass(frozen=True, slots=True)
class Progress:
    part: int  # 1-based
    parts: int
    name: str  # the part's name in the person's language
    step: int | None = None  # within the food questions: which food group of how many
    steps: int | None = None


def prompt(q: Question, draft: Draft, *, t: Texts = ENGLISH) -> str:
    """The question as asked of this person: a food question names its group and serving, the
    mineral-or-compound question names their products."""
    group = _GROUPS.get(q.id)
    if group is not None:
        return t._(q.prompt, group=group_label(group, t=t), serving=group_serving(group, t=t))
    if q.id != "supplement_basis":
        return t._(q.prompt)
    unclear = [
        p.supplement
        for p in (_parsed(item) for item in draft.get("supplements") or [])
        if not p.basis_stated and p.basis_matters
    ]
    # TRANSLATORS: a supplement as the person gave it, e.g. "magnesium citrate (500 mg)"
    named = t.join(
        t._("{form} ({amount})", form=s.form_name(t=t), amount=_amount(s.amount, s.unit.value, t)) for s in unclear
    )
    minerals = t._(_MINERALS[frozenset(s.nutrient for s in unclear) & {CALCIUM, _MAGNESIUM}])
    return t.ngettext(
        # TRANSLATORS: {named} lists the supplements, {minerals} is "calcium", "magnesium" or both
        "You gave {named}. Is that amount the {minerals} itself (the “Supplement Facts” figure) or the "
        "weight of the whole compound?",
        "You gave {named}. Are those amounts the {minerals} itself (the “Supplement Facts” figure) or the "
        "weight of the whole compound?",
        len(unclear),
        named=named,
        minerals=minerals,
    )


_MAGNESIUM = Nutrient.MAGNESIUM
# The minerals a question about a compound's weight names, as they stand in its sentence.
_MINERALS = {
    frozenset({CALCIUM}): N_("calcium"),
    frozenset({_MAGNESIUM}): N_("magnesium"),
    frozenset({CALCIUM, _MAGNESIUM}): N_("calcium or magnesium"),
    frozenset(): N_("mineral"),
}


def _amount(value: float | None, unit: str, t: Texts) -> str:
    if value is None:
        return t._("amount not known")
    return dose_text(value, unit, t=t)


def hint(q: Question, *, t: Texts = ENGLISH) -> str:
    """How to answer ``q``, in a line or two ("" when it needs none)."""
    if q.id == "medications":
        return _medicine_groups(t)
    return t._(q.hint) if q.hint else ""


def short(q: Question, *, t: Texts = ENGLISH) -> str:
    """``q`` in a word or two, for the review and its buttons."""
    group = _GROUPS.get(q.id)
    return group_label(group, t=t) if group is not None else t._(q.short)


def label(choice: Choice, *, t: Texts = ENGLISH) -> str:
    """A choice's button text."""
    return t._(choice.label) if choice.label not in _PICK_LABELS else choice.label


def progress(q: Question, draft: Draft, *, t: Texts = ENGLISH) -> Progress:
    """Where ``q`` is in the interview: "Part 2 of 4, Food and drink" (and which of the food
    questions asked of this person)."""
    names = [name for name, _ in SECTIONS]
    step = steps = None
    asked = [other.id for other in applicable(draft) if other.id.startswith("servings.")]
    if q.id in asked:
        step, steps = asked.index(q.id) + 1, len(asked)
    return Progress(names.index(q.section) + 1, len(names), t._(q.section), step, steps)


_SERVING_PICKS = (
    Choice("0", "0"), Choice("0.5", "½"), Choice("1", "1"), Choice("2", "2"), Choice("3", "3"),
)  # fmt: skip
_PICK_LABELS = frozenset(choice.label for choice in _SERVING_PICKS)  # figures: the same in every language


def _medicine_words(label: str) -> tuple[str, ...]:
    """A medicine's full label and the examples it names: "Loop diuretic (e.g. furosemide)" ->
    ("loop diuretic (e.g. furosemide)", "loop diuretic", "furosemide")."""
    name, _, examples = label.partition("(")
    named = (example.replace("e.g.", "").strip(" .)") for example in examples.split(","))
    return (label, name.strip(), *(example for example in named if example))


def _medicine_groups(t: Texts) -> str:
    """The medicines by group in one line each, so the one screen of buttons reads as groups."""
    groups: dict[str, list[str]] = {}
    for note in medication_notes().values():
        groups.setdefault(t._(note.group), []).append(t._(note.label))
    return "\n".join(f"{group}: {'; '.join(labels)}" for group, labels in groups.items())


_FOOD_QUESTIONS = ("servings", "plant_based")  # the diet answers that bring in the food questions


# Food and drink are asked from 9 years (or an age not given): CaMag has no food model for younger
# children (their result gives the official amounts for their age and any supplement warnings).
_HAS_A_FOOD_MODEL = When("age", between=(MIN_AGE, math.inf), or_unknown=True)


def _questions() -> tuple[Question, ...]:
    servings = tuple(
        Question(
            id=f"servings.{group.id}",
            short=group.label,  # shown through short() and prompt(), in the person's language
            # TRANSLATORS: {group} is a food group ("Dairy"), {serving} what one serving is
            prompt=N_("{group}: how many servings a day? One serving is {serving}."),
            kind=Kind.NUMBER,
            choices=_SERVING_PICKS,
            # TRANSLATORS: the examples are typed answers CaMag reads; keep them in the language's own words
            hint=N_('Tap a number or type it your way, like "3 a week", "a glass a day" or "never".'),
            when=(_HAS_A_FOOD_MODEL, When("diet", one_of=_FOOD_QUESTIONS if group.plant else ("servings",))),
            read=partial(parse_servings, topic=(group.label, group.serving, *group.words)),
        )
        for group in food_groups()
    )
    return (
        Question(
            id="age",
            short=N_("Age"),
            prompt=N_("How old are you? Please type it."),
            kind=Kind.NUMBER,
            # Typed, not tapped: an age range would not be an age, and the answers keep the age said.
            hint=N_("Your age in years, like 42 (a baby's in months, like \"6 months\"). Or tap 🤷 I don't know."),
            read=parse_age,
        ),
        Question(
            id="sex",
            short=N_("Sex"),
            prompt=N_("Official reference values differ by sex. Which should I use?"),
            kind=Kind.CHOICE,
            choices=(
                Choice("female", N_("Female"), ("woman", "women", "girl", "lady", "f", "she", "her")),
                Choice("male", N_("Male"), ("man", "men", "guy", "boy", "m", "he", "him")),
            ),
        ),
        Question(
            id="life_stage",
            short=N_("Pregnancy"),
            prompt=N_("Are you pregnant or breastfeeding? Both change the reference values."),
            kind=Kind.CHOICE,
            choices=(
                Choice("pregnant", N_("Pregnant"), ("expecting", "pregnancy")),
                Choice("lactating", N_("Breastfeeding"), ("breast feeding", "nursing", "lactating")),
                Choice("neither", N_("Neither"), ("no", "nope", "none", "neither of them", "not", "nah")),
            ),
            when=(When("sex", equals="female"), When("age", between=(14, 51), or_unknown=True)),
        ),
        Question(
            id="diet",
            short=N_("Diet"),
            prompt=N_("How would you like to describe what you eat?"),
            kind=Kind.CHOICE,
            when=(_HAS_A_FOOD_MODEL,),
            choices=(
                Choice(
                    "servings",
                    N_("Answer a few food questions (best)"),
                    ("food questions", "questions", "best"),
                    said=N_("Worked out from the food questions"),
                ),
                Choice("western", N_("Typical Western diet"), ("western", "typical", "standard", "american")),
                Choice(
                    "high_vegetable",
                    N_("Mostly vegetables, e.g. traditional Asian"),
                    ("mostly vegetables", "vegetables", "veggies", "vegetarian", "asian"),
                ),
                Choice(
                    "plant_based",
                    N_("Plant-based (vegan): a few food questions"),
                    ("vegan", "plant based", "plants", "no animal products", "no meat fish or dairy"),
                    said=N_("Plant-based (vegan), worked out from the food questions"),
                ),
            ),
        ),
        *servings,
        Question(
            id="soda_per_day",
            short=N_("Soft drinks"),
            prompt=N_("How many cans or glasses of soft drink (soda, cola) do you have a day?"),
            kind=Kind.NUMBER,
            choices=_SERVING_PICKS[:1] + _SERVING_PICKS[2:],
            hint=N_('Tap a number or type it, like "2 cans a day" or "none".'),
            when=(_HAS_A_FOOD_MODEL,),
            read=partial(
                parse_servings,
                topic=read_json("typed_words.json")["soft_drinks"],
                high=MAX_SODA_PER_DAY,
                what=N_("the number of soft drinks"),
            ),
        ),
        Question(
            id="supplements",
            short=N_("Supplements"),
            prompt=N_(
                "Which calcium, magnesium or vitamin D supplements do you take? Write them as on the "
                "label: several at once, separated by commas or on separate lines, or none."
            ),
            kind=Kind.SUPPLEMENTS,
            choices=(Choice("none", N_("None")),),
            hint=N_('For example: "2 tablets of 250 mg magnesium citrate" or "1000 IU vitamin D".'),
        ),
        Question(
            id="supplement_basis",
            short=N_("Supplement amounts"),
            prompt=N_(
                "Is the amount you gave for your mineral supplement the mineral itself (the "
                "“Supplement Facts” figure) or the weight of the whole compound, e.g. magnesium citrate?"
            ),
            kind=Kind.CHOICE,
            choices=(
                Choice("elemental", N_("The mineral itself"), ("mineral", "elemental", "itself", "supplement facts")),
                Choice("compound", N_("The whole compound"), ("compound", "whole", "whole compound", "weight")),
            ),
            when=(When("supplements", basis_unclear=True),),
        ),
        Question(
            id="conditions",
            short=N_("Conditions"),
            prompt=N_("Do any of these apply to you?"),
            kind=Kind.MULTI,
            choices=(
                Choice(Condition.KIDNEY_DISEASE, N_("Kidney disease")),
                Choice(Condition.KIDNEY_STONES, N_("Kidney stones (now or before)")),
                Choice(Condition.OSTEOPOROSIS, N_("Osteoporosis")),
            ),
        ),
        Question(
            id="medications",
            short=N_("Medicines"),
            prompt=N_("Do you take any of these medicines?"),
            kind=Kind.MULTI,
            choices=tuple(
                Choice(m.value, note.button, (*_medicine_words(note.label), *note.names))
                for m, note in medication_notes().items()
            ),
            hint=_medicine_groups(ENGLISH),  # hint() lists them in the person's language
        ),
    )


QUESTIONS: tuple[Question, ...] = tuple(replace(q, section=_section_of(q.id)) for q in _questions())
_BY_ID = {q.id: q for q in QUESTIONS}
_GROUPS: dict[str, FoodGroup] = {f"servings.{group.id}": group for group in food_groups()}


def question(question_id: str, *, t: Texts = ENGLISH) -> Question:
    try:
        return _BY_ID[question_id]
    except KeyError:
        raise ParseError(t._("That question is no longer part of the interview.")) from None


def applicable(draft: Draft) -> list[Question]:
    return [q for q in QUESTIONS if q.applies(draft)]


def next_question(draft: Draft) -> Question | None:
    """The first question that applies and has no answer yet; ``None`` when the interview is done."""
    return next((q for q in applicable(draft) if q.id not in draft), None)


def previous_question(draft: Draft, current: str | None) -> Question | None:
    """The answered question before ``current`` (or the last one answered), for Back."""
    answered = [q for q in applicable(draft) if q.id in draft]
    if current is not None:
        order = [q.id for q in QUESTIONS]
        answered = [q for q in answered if order.index(q.id) < order.index(current)]
    return answered[-1] if answered else None


def skip(draft: Draft, question_id: str, *, t: Texts = ENGLISH) -> dict[str, Any]:
    """Record "I don't know"."""
    question(question_id, t=t)
    return {**draft, question_id: None}


WEEKLY = "medications.weekly"  # the draft's {medicine: weekday or None} for medicines taken once a week


def _record(draft: Draft, q: Question, value: Any) -> dict[str, Any]:
    updated = {**draft, q.id: value}
    if q.id == "supplements":  # a new list needs its own elemental/compound answer
        updated.pop("supplement_basis", None)
    if q.id == "medications":  # a new list says again which of them are taken once a week
        updated.pop(WEEKLY, None)
    return updated


_WEEKLY_WORDS = re.compile(r"\b(?:once|one time|1 time|1x)\s+(?:a|per|each|every)\s+week\b|\bweekly\b|\bevery\s+week\b")
_WEEKDAY_WORDS = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)(?:day|s|\.|sday|nesday|rsday|urday|r|rs)?s?\b")


def _weekly(text: str) -> tuple[bool, int | None]:
    """Whether ``text`` says once a week ("once a week", "weekly", "on Mondays"), and the
    weekday it names (0 = Monday), if exactly one."""
    said = plain_words(text).lower()
    days = {[d[:3] for d in WEEKDAYS].index(m) for m in _WEEKDAY_WORDS.findall(said)}
    day = days.pop() if len(days) == 1 else None
    return bool(_WEEKLY_WORDS.search(said)) or day is not None, day


def answer_choice(draft: Draft, question_id: str, value: str, *, t: Texts = ENGLISH) -> dict[str, Any]:
    """Record a tapped choice; for MULTI questions ``value`` is comma-separated (or empty for none)."""
    q = question(question_id, t=t)
    allowed = {c.value for c in q.choices}
    if q.kind is Kind.MULTI:
        picked = [v for v in value.split(",") if v]
        if not set(picked) <= allowed:
            raise ParseError(t._(_NOT_ON_THE_LIST))
        return _record(draft, q, [c.value for c in q.choices if c.value in picked])
    if value not in allowed:
        raise ParseError(t._(_NOT_ON_THE_LIST))
    if q.kind is Kind.NUMBER:
        return _record(draft, q, float(value))
    if q.kind is Kind.SUPPLEMENTS:  # the only choice is "none"
        return _record(draft, q, [])
    return _record(draft, q, value)


_NOT_ON_THE_LIST = N_("That choice isn't on the list; please tap one of the buttons.")
_ARTICLES = re.compile(r"\b(?:a|an|the)\b")


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", _ARTICLES.sub(" ", plain_words(text).replace("-", " "))).strip()


@cache
def _names(choice: Choice, t: Texts) -> frozenset[str]:
    """What a choice is called: its button and its words, in English and as ``t`` says them."""
    said = [choice.label, t._(choice.label), *choice.also, *(_medicine_words(t._(also)) for also in choice.also[:1])]
    words = [word for entry in said for word in ([entry] if isinstance(entry, str) else entry)]
    known = {_clean(choice.value.replace("_", " "))} | {_clean(w) for word in words for w in (word, word.split("(")[0])}
    return frozenset(known - {""})


_FUZZY_AT_LEAST = 85  # rapidfuzz score (0-100) for a typed name with a typo ("osteoperosis")
_SHORT, _ONE_SLIP = 6, 90.0  # a short word one slip away (a letter wrong, missing, extra or swapped: "mael")
_FUZZY_MARGIN = 5  # the best name must beat another choice's by this much, else it is unclear


def _fuzzy(said: str, names: dict[str, frozenset[str]]) -> str | None:
    """The choice whose name ``said`` spells with a typo, or contains one so spelt ("alendronat once
    a week"); ``None`` when no name is close enough or two choices are about as close."""
    best: dict[str, float] = {}
    for value, known in names.items():
        scores = [ratio(said, n) for n in known]
        # a name inside a longer answer, not inside one word ("vegan" is no part of "vegatarian")
        scores += [partial_ratio(n, said) for n in known if len(n) >= 5 and len(said.split()) > len(n.split())]
        scores += [_ONE_SLIP for n in known if len(said) <= _SHORT and slips(said, n) == 1]
        best[value] = max(scores, default=0.0)
    ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < _FUZZY_AT_LEAST:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < _FUZZY_MARGIN:
        return None
    return ranked[0][0]


def _named(said: str, names: dict[str, frozenset[str]]) -> str | None:
    """The one choice ``said`` names, or names among other words; ``None`` for none or several."""
    exact = [value for value, known in names.items() if said in known]
    if len(exact) == 1:
        return exact[0]
    inside = [value for value, known in names.items() if any(re.search(rf"\b{re.escape(n)}\b", said) for n in known)]
    return inside[0] if len(inside) == 1 else None


_FEW_WORDS = 6  # of a typed choice, the words a typo is looked for in


def _respelt(said: str, names: dict[str, frozenset[str]]) -> str | None:
    """The choice ``said`` names once a word of another language typed with a typo is read as the
    word one slip away ("mujr": "mujer", "frua": "frau", "женшина": "женщина"); ``None`` when that
    word is one slip from words of several meanings ("chic": "chica" and "chico"), or names none."""
    words = said.split()
    found = set()
    for at, word in enumerate(words[:_FEW_WORDS]):
        readings = meant(word)
        if len(readings) == 1 and (named := _named(" ".join([*words[:at], *readings, *words[at + 1 :]]), names)):
            found.add(named)
    return found.pop() if len(found) == 1 else None


def _match_choice(q: Question, text: str, t: Texts) -> str:
    """The choice a typed answer names: its label or value, a word people use for it ("woman"),
    in any case, with emoji and filler around it ("guy 👍", "food questions pls"); a unique start
    of a name ("fem"), or a name with a typo ("osteoperosis"), also works. Never a number: buttons
    are not numbered."""
    said = _clean(text)
    names = {c.value: _names(c, t) for c in q.choices}
    if (named := _named(said, names)) is not None:
        return named
    prefixed = [value for value, known in names.items() if len(said) >= 3 and any(n.startswith(said) for n in known)]
    if len(prefixed) == 1:
        return prefixed[0]
    if len(said) >= 4 and (close := _fuzzy(said, names)) is not None:
        return close
    if (respelt := _respelt(said, names)) is not None:
        return respelt
    if len(q.choices) > 4:
        raise ParseError(
            # TRANSLATORS: {said} is what the person typed (cut short)
            t._(
                "I couldn't match “{said}” to the list. Please tap the buttons that apply.",
                said=_clip(text.strip(), 40),
            )
        )
    options = ", ".join(label(c, t=t) for c in q.choices)  # the buttons, as listed: either one
    raise ParseError(t._("Please tap a button, or type one of: {options}.", options=options))


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _parsed(item: Mapping[str, Any]) -> ParsedSupplement:
    return ParsedSupplement(Supplement.model_validate(item["supplement"]), bool(item["basis_stated"]))


# What joins the choices of one typed answer: "osteoporosis and kidney stones", "L-Thyroxin und
# Pantoprazol", "litio y omeprazol", "литий и дигоксин"
_AND = re.compile(r",|;|/|&|\+|\b(?:and|plus|und|y|e|и)\b", re.IGNORECASE)


class FollowUp(BaseModel):
    """What a re-prompt asked about part of a typed answer to ``question``: kept with the question
    (a front end's record), so that the next typed answer completes that answer."""

    model_config = ConfigDict(frozen=True)

    question: str
    per_week: bool = False  # asked "how many times a week?": a number alone is a week's count
    kept: list[dict[str, Any]] = []  # supplements read from the answer, while its unclear part is asked

    def reasked(self) -> FollowUp | None:
        """What still holds after another re-prompt: the supplements kept, not a week's count (the
        question last asked is no longer "how many times a week?")."""
        return self.model_copy(update={"per_week": False}) if self.kept else None


class Unfinished(ParseError):
    """A re-prompt about part of an answer; the front end keeps ``follow_up`` for the next answer."""

    def __init__(self, error: ParseError, follow_up: FollowUp) -> None:
        super().__init__(error.message, **error.values)
        self.follow_up = follow_up


def follow_up_after(error: ParseError, follow_up: FollowUp | None) -> FollowUp | None:
    """What the next answer carries after ``error``'s re-prompt: its own follow-up (part of the
    answer kept), else what still holds of the one before."""
    return error.follow_up if isinstance(error, Unfinished) else follow_up and follow_up.reasked()


# How often in words, which a number answering "how many times a week?" may say of its own
_A_PERIOD_SAID = re.compile(r"\b(?:days?|weeks?|months?|daily|weekly|monthly|weekends?|never|rarely|seldom)\b")


def _items(parsed: Sequence[ParsedSupplement]) -> list[dict[str, Any]]:
    return [{"supplement": p.supplement.model_dump(mode="json"), "basis_stated": p.basis_stated} for p in parsed]


def answer_text(
    draft: Draft,
    question_id: str,
    text: str,
    *,
    t: Texts = ENGLISH,
    follow_up: FollowUp | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Record a typed answer, or raise :class:`ParseError` with a friendly re-prompt (an
    :class:`Unfinished` one when part of the answer is kept for the next: ``follow_up``); a year
    typed as the age is said back as the age it means ``today``."""
    q = question(question_id, t=t)
    asked = follow_up if follow_up is not None and follow_up.question == q.id else FollowUp(question=q.id)
    if is_unknown(text):  # the supplements read before the unclear one are kept
        return _record(draft, q, asked.kept) if asked.kept else skip(draft, question_id, t=t)
    if q.read is not None:  # NUMBER questions
        per_week = asked.per_week and not _A_PERIOD_SAID.search(plain_words(text))
        try:
            return _record(draft, q, q.read(f"{text} a week" if per_week else text))
        except PerWeek as error:
            raise Unfinished(error, FollowUp(question=q.id, per_week=True)) from None
        except BirthYear as error:
            raise BirthYear(error.born, today.year if today else None) from None
    if q.kind is Kind.SUPPLEMENTS:
        try:
            parsed = parse_supplements(text)
        except PartlyRead as error:
            raise Unfinished(error, FollowUp(question=q.id, kept=[*asked.kept, *_items(error.found)])) from None
        if not isinstance(parsed, list):
            return skip(draft, question_id, t=t)
        typed_again = [item for item in _items(parsed) if item not in asked.kept]  # the whole list typed again
        return _record(draft, q, [*asked.kept, *typed_again])
    if q.kind is Kind.MULTI:
        if is_none(text) or _clean(text) in ("neither", "done", "none of above", "nothing of these"):
            return _record(draft, q, [])
        parts = [part for part in _AND.split(text) if _clean(part)]
        values = [_match_choice(q, part, t) for part in parts]
        updated = answer_choice(draft, question_id, ",".join(dict.fromkeys(values)), t=t)
        weekly = {
            value: day for value, part in zip(values, parts, strict=True) for said, day in [_weekly(part)] if said
        }
        return {**updated, WEEKLY: weekly} if q.id == "medications" and weekly else updated
    return _record(draft, q, _match_choice(q, text, t))


def add_supplements(draft: Draft, supplements: Sequence[Supplement]) -> dict[str, Any]:
    """``draft`` with ``supplements`` added to its supplements answer: a label read from a photo
    and confirmed, whose amounts are the mineral itself (Supplement Facts)."""
    items = [
        *(draft.get("supplements") or []),
        *({"supplement": s.model_dump(mode="json"), "basis_stated": True} for s in supplements),
    ]
    return _record(draft, question("supplements"), items)


def supplements_in(draft: Draft) -> list[Supplement] | None:
    """The supplements of a draft, with the elemental/compound answer applied."""
    items = draft.get("supplements")
    if items is None:
        return None
    basis = draft.get("supplement_basis", Basis.ELEMENTAL)
    answered = Basis.UNKNOWN if basis is None else Basis(basis)  # None: "I don't know"
    result = []
    for item in items:
        parsed = _parsed(item)
        if answered is not Basis.ELEMENTAL and not parsed.basis_stated and parsed.basis_matters:
            result.append(parsed.supplement.model_copy(update={"basis": answered}))
        else:
            result.append(parsed.supplement)
    return result


def to_answers(draft: Draft) -> Answers:
    """The finished (or partly finished) draft as validated answers; unanswered means unknown."""
    asked = {q.id for q in applicable(draft)}

    def get(question_id: str) -> Any:
        return draft.get(question_id) if question_id in asked else None

    diet: dict[str, Any] | None = None
    if get("diet") in _FOOD_QUESTIONS:
        plant_based = get("diet") == "plant_based"  # none of the groups left out: dairy, fish
        diet = {
            "servings": {g.id: 0.0 if plant_based and not g.plant else get(f"servings.{g.id}") for g in food_groups()},
            "plant_based": plant_based,
        }
    elif get("diet") is not None:
        diet = {"pattern": get("diet")}
    stage = get("life_stage")
    return Answers.model_validate(
        {
            "age": get("age"),
            "sex": get("sex"),
            "life_stage": stage if stage in ("pregnant", "lactating") else None,
            "diet": diet,
            "soda_per_day": get("soda_per_day"),
            "supplements": supplements_in(draft) if "supplements" in asked else None,
            "conditions": get("conditions"),
            "medications": get("medications"),
            "weekly_medications": {
                m: day for m, day in (draft.get(WEEKLY) or {}).items() if m in (get("medications") or [])
            }
            or None,
        }
    )


def how_often(per_day: float, *, t: Texts = ENGLISH) -> str:
    """Servings a day in the words people use: "2 a day", "3 a week", "1 a month"."""
    if per_day == 0 or per_day >= 1:
        # TRANSLATORS: servings, e.g. "2 a day" (n may be a fraction: 1.5)
        return t._("{n} a day", n=t.decimal(per_day, 2))
    if per_day * 7 >= 0.95:
        return t._("{n} a week", n=t.decimal(per_day * 7, 1))
    return t._("{n} a month", n=t.decimal(per_day * 30, 1))


def understood(q: Question, draft: Draft, *, t: Texts = ENGLISH) -> list[str]:
    """The answer to ``q`` said back ("Got it: Canned fish with bones, 1 a week."), then a note for
    each product named by brand whose figures are not from its label."""
    named: dict[str, list[tuple[Nutrient, float | None]]] = {}
    for s in supplements_in(draft) or [] if q.kind is Kind.SUPPLEMENTS else []:
        if s.product:
            named.setdefault(s.product, []).append((s.nutrient, s.amount))
    notes = [note for product, amounts in named.items() if (note := label_note(product, amounts, t=t))]
    # TRANSLATORS: a typed answer said back, e.g. "Got it: Canned fish with bones, 1 a week."
    return [t._("Got it: {question}, {answer}.", question=short(q, t=t), answer=shown(q, draft, t=t)), *notes]


def draft_from(answers: Answers) -> dict[str, Any]:
    """A draft holding ``answers`` (a result's), every question that applies answered, so that one
    answer can be changed on the review without answering the rest again. Supplements keep the
    basis they were counted with; a pregnancy answer that was neither (or not known) reads "neither"."""
    draft: dict[str, Any] = {
        "age": answers.age,
        "sex": None if answers.sex is None else answers.sex.value,
        "soda_per_day": answers.soda_per_day,
        "conditions": None if answers.conditions is None else [c.value for c in answers.conditions],
        "medications": None if answers.medications is None else [m.value for m in answers.medications],
        "supplements": None
        if answers.supplements is None
        else [{"supplement": s.model_dump(mode="json"), "basis_stated": True} for s in answers.supplements],
    }
    draft["life_stage"] = "neither" if answers.life_stage is None else answers.life_stage.value
    if isinstance(answers.diet, DietPattern):
        draft["diet"] = answers.diet.pattern
    elif answers.diet is None:
        draft["diet"] = None
    else:
        draft["diet"] = "plant_based" if answers.diet.plant_based else "servings"
        draft |= {f"servings.{group}": value for group, value in answers.diet.servings.items()}
    kept = {q.id: draft.get(q.id) for q in applicable(draft)}
    if answers.weekly_medications:
        kept[WEEKLY] = {m.value: day for m, day in answers.weekly_medications.items()}
    return kept


def _taken(weekly: Mapping[str, int | None], value: str, medicine: str, t: Texts) -> str:
    """A medicine as answered, with how often when it is taken once a week."""
    if value not in weekly:
        return medicine
    day = weekly[value]
    if day is None:
        return t._("{medicine}, once a week", medicine=medicine)
    # TRANSLATORS: {weekday} is a weekday's name as it stands alone ("Monday")
    return t._("{medicine}, every {weekday}", medicine=medicine, weekday=t.weekday(day))


def none_of(q: Question, *, t: Texts = ENGLISH) -> str:
    """ "None" as the answer to ``q``, agreeing with what it answers (Spanish: "ninguna" enfermedad,
    "ninguno" medicamento)."""
    if q.id == "conditions":
        # TRANSLATORS: the answer "no health conditions"
        return t.pgettext("no conditions", "None")
    if q.id == "medications":
        # TRANSLATORS: the answer "no medicines"
        return t.pgettext("no medicines", "None")
    # TRANSLATORS: the answer "no supplements"
    return t.pgettext("no supplements", "None")


def none_of_these(q: Question, *, t: Texts = ENGLISH) -> str:
    """The button that answers ``q`` with none of its choices, agreeing with what it answers."""
    if q.id == "medications":
        # TRANSLATORS: a button: none of the medicines listed
        return t.pgettext("button: no medicines", "None of these")
    # TRANSLATORS: a button: none of the health conditions listed
    return t.pgettext("button: no conditions", "None of these")


def shown(q: Question, draft: Draft, *, t: Texts = ENGLISH) -> str:
    """The recorded answer to ``q`` in words, for a review screen."""
    if q.id not in draft:
        return t._("not answered")
    value = draft[q.id]
    if value is None:
        return t._("I don't know")
    labels = {c.value: t._(c.said) if c.said else label(c, t=t) for c in q.choices}
    if q.kind is Kind.MULTI:
        weekly = draft.get(WEEKLY, {}) if q.id == "medications" else {}
        return ", ".join(_taken(weekly, v, labels[v], t) for v in value) or none_of(q, t=t)
    if q.kind is Kind.SUPPLEMENTS:
        return describe_all(supplements_in(draft) or [], t=t) or none_of(q, t=t)
    if q.kind is Kind.NUMBER:
        if q.id == "age":
            if value < 1:
                months = float(value) * 12
                return t.ngettext("{months} month", "{months} months", round(months, 1), months=t.decimal(months, 1))
            return t.decimal(float(value), 1)
        return how_often(float(value), t=t)
    return labels.get(value, str(value))
