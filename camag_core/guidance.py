"""The guidance library: verbatim passages from the two articles, and which ones fit a person.

Passages, topics and caveat templates are data (``data/guidance.json``). A passage is always
shown in its original English, word for word, introduced as such (:data:`QUOTED_IN_ENGLISH`),
with a one-sentence summary in CaMag's own words (:data:`SUMMARIES`, a message translated like
any other, and marked as CaMag's: :func:`summary`). Selection is
deterministic: the situation names topics in priority order, each topic brings its first
passage not already chosen, and at most three are shown. A passage that conflicts with an
official limit carries the official caveat, filled in for this person.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from camag_core._resources import read_json
from camag_core.answers import Condition, DietPattern
from camag_core.assessment import Quote, WarningCode
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.medications import medication_notes
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient, amount_text
from camag_core.ratio import CALCIUM_AHEAD
from camag_core.reference import kind_name, reference_rows
from camag_core.safety import doctor_note, medicine_note
from camag_core.situation import WHILE_EXPECTING, Situation

MAX_QUOTES = 3
MORE_MAGNESIUM = "more_magnesium"
MORE_CALCIUM = "more_calcium"
LESS_CALCIUM_SUPPLEMENT = "less_calcium_supplement"


# TRANSLATORS: said before a passage of an article, which stays in English word for word
QUOTED_IN_ENGLISH = N_("Quoted in the original English:")

# Each passage in one plain sentence of CaMag's own (never the author's words), by passage id.
# TRANSLATORS: a summary of what an article's author says: keep "the author says" or the like, so
# that it never reads as CaMag's advice
SUMMARIES: dict[str, str] = {
    "dean-ratio-1-to-1": N_("Dr. Dean holds that calcium only helps bones when it comes with as much magnesium."),
    "dean-calcification": N_(
        "The author says magnesium keeps calcium dissolved, and that without enough of it calcium may "
        "settle in the kidneys, arteries and joints."
    ),
    "dean-vitamin-d": N_(
        "The author says the body needs magnesium to turn vitamin D into its active form and to absorb calcium."
    ),
    "dean-calcitonin": N_(
        "The author says magnesium raises a hormone, calcitonin, that moves calcium from the blood back into bone."
    ),
    "dean-soda-farming": N_(
        "The author names modern farming, food processing and soft drinks as reasons diets lack magnesium."
    ),
    "dean-young-women-study": N_(
        "The author cites a 2011 study of 484 young women that linked more magnesium in food with better bones."
    ),
    "lam-balance": N_("Dr. Lam says magnesium balances calcium in the body."),
    "lam-kidney-stones-500mg": N_(
        "Dr. Lam says magnesium helps prevent the most common kidney stones, citing studies of 500 mg a day."
    ),
    "lam-calcium-channel": N_(
        "Dr. Lam says magnesium keeps too much calcium out of cells, which he links to the heart and blood pressure."
    ),
    "lam-arteries": N_(
        "Dr. Lam says that without enough magnesium, calcium may end up in the artery walls instead of bone."
    ),
    "lam-crystals": N_(
        "Dr. Lam says women with osteoporosis who lacked magnesium had abnormal calcium crystals in their bones."
    ),
    "lam-primary-factor": N_("Dr. Lam argues that magnesium matters more than calcium for preventing bone loss."),
    "lam-outdated-2-to-1": N_("Dr. Lam calls the traditional 2:1 calcium to magnesium ratio outdated."),
    "lam-postmenopausal": N_(
        "Dr. Lam says women lose bone quickly after menopause, and favours equal amounts of magnesium and calcium."
    ),
    "lam-reduce-calcium": N_("Dr. Lam says most people get too much calcium and too little magnesium."),
    "lam-dose-500-1000": N_(
        "Dr. Lam puts the amount at 500 to 1,000 mg of magnesium and as much calcium, depending on diet."
    ),
    "lam-high-vegetable-diet": N_("Dr. Lam says a high-vegetable diet already gives about 500 mg of magnesium a day."),
    "lam-western-diet": N_("Dr. Lam says a typical American diet gives only about 250 mg of magnesium a day."),
}


def summary(quote: Quote, *, t: Texts = ENGLISH) -> str:
    """The passage's summary in the person's language, marked as CaMag's words, not the author's."""
    # TRANSLATORS: {summary} is CaMag's one-sentence summary of a quoted passage
    return t._("In short (CaMag's words): {summary}", summary=t._(quote.summary))


def attribution(quote: Quote, *, t: Texts = ENGLISH) -> str:
    """Who wrote the passage, and where, in the person's language around the names: "Michael Lam,
    MD, MPH, in “…”". Read from the passage itself, so that a result kept from before says it alike."""
    passage = _passages_by_id().get(quote.id)
    if passage is not None and passage.cited_by_publisher:
        # TRANSLATORS: under a quoted passage that the publisher's writer wrote, citing {author};
        # {publisher}, {author} and {source} (the article's title in quotes) are names and stay as written
        return t._(
            "A writer at {publisher}, citing {author}, in {source}",
            publisher=passage.publisher,
            author=passage.author,
            source=passage.source,
        )
    if passage is not None and passage.author is None:
        # TRANSLATORS: under a quoted passage that the publisher's writer wrote, citing no one; {publisher}
        # and {source} (the article's title in quotes) are names and stay as written
        return t._("A writer at {publisher}, in {source}", publisher=passage.publisher, source=passage.source)
    # TRANSLATORS: under a quoted passage: "Michael Lam, MD, MPH, in “The Connection between ...”";
    # {author} and {source} (the article's title in quotes) are names and stay as written
    return t._("{author}, in {source}", author=passage.author if passage else quote.author, source=quote.source)


# The library's topics, in the order it lists them (passages name them in guidance.json).
TOPICS: dict[str, str] = {
    "ratio": N_("The 1:1 calcium : magnesium ratio"),
    "outdated_2_to_1": N_("Why the articles call 2:1 outdated"),
    "calcification": N_("Calcium deposits when magnesium is short"),
    "kidney_stones": N_("Kidney stones"),
    "vitamin_d": N_("Magnesium and vitamin D"),
    "soda": N_("Soft drinks"),
    "diet_and_farming": N_("Why diets run short of magnesium"),
    "western_diet": N_("The typical Western diet"),
    "high_vegetable_diet": N_("High-vegetable diets"),
    "dose": N_("How much magnesium the articles suggest"),
    "calcium_supplements": N_("Calcium supplements"),
    "bone_loss_after_menopause": N_("Bone loss after menopause"),
    "osteoporosis": N_("Osteoporosis"),
    "bone_health": N_("Bone health"),
    "research": N_("Research the articles cite"),
    "heart": N_("Magnesium, calcium and the heart"),
}

# The official notes shown beside a passage that conflicts with an official figure, by the name a
# passage gives in its "caveat". TRANSLATORS: the {placeholders} are amounts and groups filled in
# for the person ({mg_group}: "women 31–50", or why the lowest limit was taken)
CAVEATS: dict[str, str] = {
    "kidney_stones": N_(
        "Official view: the upper limit for calcium was set mainly because of kidney stones with calcium "
        "supplements (National Academies). In the Women's Health Initiative trial, women taking calcium with vitamin "
        "D had 17% more kidney stones than those on placebo, while their total calcium intake at the start was not "
        "linked to stones."
    ),
    "magnesium_supplement_ul": N_(
        "Official limit: magnesium from supplements and medicines should stay at or below {mg_ul} a day for you "
        "({mg_group}; IOM tolerable upper intake level; magnesium from food does not count). Higher doses belong "
        "under a doctor's supervision."
    ),
    "magnesium_rda": N_(
        "Official figure: {mg_rda} (National Academies), not the single 350 mg the article gives. Supplements "
        "should stay at or below {mg_ul} a day ({mg_group})."
    ),
    "ratio_dose": N_(
        "For you, 1:1 would mean about {calcium} of magnesium a day to match your {calcium} of calcium. Magnesium "
        "from food has no upper limit, but from supplements and medicines the official limit is {mg_ul} a day "
        "({mg_group}); higher doses belong under a doctor's supervision."
    ),
    "ratio_dose_below_rda": N_(
        "Your {calcium} of calcium is less than {mg_rda_amount} a day, so matching it one to one would leave "
        "magnesium short: the RDA (National Academies) is the amount to reach, whatever the ratio. From supplements "
        "and medicines the official limit is {mg_ul} a day ({mg_group})."
    ),
    "ratio_dose_beyond_reach": N_(
        "Matching your {calcium} of calcium one to one would take more magnesium than anyone should aim for: from "
        "supplements and medicines the official limit is {mg_ul} a day ({mg_group}). The articles' balance would "
        "come from less calcium instead, and official advice lets calcium come down only as far as {ca_rda_amount} "
        "a day: talk to your doctor before changing a supplement."
    ),
}


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    text: str
    author: str | None  # None: the publisher's writer, citing no one
    article: str
    publisher: str | None
    topics: tuple[str, ...]
    caveat: str | None
    advice: tuple[str, ...] = ()
    cited_by_publisher: bool = False  # written by the publisher's writer, citing the author

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
            advice=tuple(p.get("advice", ())),
            cited_by_publisher=p.get("cited_by_publisher", False),
        )
        for p in read_json("guidance.json")["passages"]
    )


@cache
def _passages_by_id() -> dict[str, Passage]:
    return {passage.id: passage for passage in passages()}


def topics(*, t: Texts = ENGLISH) -> dict[str, str]:
    """Topic id -> label in the person's language, in the order the library lists them."""
    return {topic: t._(label) for topic, label in TOPICS.items()}


@cache
def passages_on(topic: str) -> tuple[Passage, ...]:
    return tuple(p for p in passages() if topic in p.topics)


@cache
def _adult_magnesium_rda() -> tuple[float, float]:
    amounts = [r.amount for r in reference_rows() if r.nutrient is MAGNESIUM and r.life_stage == "adult"]
    return min(amounts), max(amounts)


def _figures(s: Situation | None, t: Texts) -> dict[str, str]:
    """The person's own figures for a caveat, in their language; without a person, the adults' (the library)."""
    low, high = _adult_magnesium_rda()
    figures = {
        "mg_ul": t.amount(350, "mg"),
        "mg_group": t._("the limit for everyone from age 9"),
        "mg_rda": t._(
            "the magnesium RDA for adults is {low} to {high} a day, depending on age and sex",
            low=t.number(low),
            high=t.amount(high, "mg"),
        ),
        "calcium": "",
    }
    if s is None:
        return figures
    limit = s.limits[MAGNESIUM]
    if limit.amount is not None:
        figures["mg_ul"] = t.amount(limit.amount, "mg")
        figures["mg_group"] = limit.assumed or limit.group
    if s.reference is not None:
        figures["mg_rda"] = t._(
            "the magnesium RDA for you is {amount} a day", amount=t.amount(s.reference[MAGNESIUM].amount, "mg")
        )
    calcium = s.intake[CALCIUM].total
    if calcium.bounded and calcium.low > 0:
        figures["calcium"] = amount_text(*calcium, "mg", t=t)
        for key, nutrient in (("mg_rda_amount", MAGNESIUM), ("ca_rda_amount", CALCIUM)):
            row = s.reference_floor(nutrient)
            own, lowest = _FLOORS[nutrient]
            figures[key] = t._(
                own if s.reference is not None else lowest,
                kind=kind_name(row.kind, t=t),
                amount=t.amount(row.amount, "mg"),
            )
    return figures


# A nutrient's RDA/AI as a caveat names it: the person's own, or the lowest that could apply.
# TRANSLATORS: {kind} is RDA or AI
_FLOORS = {
    MAGNESIUM: (
        N_("your magnesium {kind} of {amount}"),
        N_("the lowest magnesium {kind} that could apply to you, {amount}"),
    ),
    CALCIUM: (N_("your calcium {kind} of {amount}"), N_("the lowest calcium {kind} that could apply to you, {amount}")),
}


def magnesium_reach(s: Situation) -> float:
    """The most magnesium a day this person could sensibly aim for: what they get now, plus what
    supplements could still add below their upper limit (food has no limit, but CaMag names no
    target beyond this)."""
    limit = s.limits[MAGNESIUM].amount
    intake = s.intake[MAGNESIUM]
    room = 0.0 if limit is None else max(0.0, limit - intake.supplements.high)
    return intake.total.high + room


def _ratio_caveat(s: Situation) -> str:
    """Which note goes with a passage's 1:1: the magnesium it would mean, only where that lies
    between the RDA and what can sensibly be reached; otherwise the RDA, or calcium, instead."""
    calcium = s.intake[CALCIUM].total
    if not (calcium.bounded and calcium.low > 0):
        return "magnesium_supplement_ul"  # no calcium figure to match: the limit alone
    if calcium.low < s.reference_floor(MAGNESIUM).amount:
        return "ratio_dose_below_rda"
    if calcium.high > magnesium_reach(s):
        return "ratio_dose_beyond_reach"
    return "ratio_dose"


def quote(passage: Passage, s: Situation | None = None, *, t: Texts = ENGLISH) -> Quote:
    """A passage as shown: verbatim, attributed, with its official caveat filled in for ``s`` and in its
    language (``s.texts``; ``t`` for the library, where there is no person's situation)."""
    t = t if s is None else s.texts
    caveat = None
    if passage.caveat:
        name = passage.caveat
        if name == "ratio_dose":
            name = _ratio_caveat(s) if s is not None else "magnesium_supplement_ul"
        caveat = t._(CAVEATS[name], **_figures(s, t))
    return Quote(
        id=passage.id,
        text=passage.text,
        author=passage.author or "",  # none of its own: the publisher's writer (see attribution())
        source=passage.source,
        topics=passage.topics,
        caveat=caveat,
        advice=passage.advice,
        summary=SUMMARIES[passage.id],
    )


def unsafe_advice(s: Situation) -> frozenset[str]:
    """The kinds of advice that must not reach this person: more magnesium where the official
    notes say to see a doctor first, or where there is no magnesium gap to close; more calcium
    where the notes stand against it (kidney disease, a medicine, vitamin D above its limit, a
    supplement while pregnant or breastfeeding); less
    supplemental calcium where it would go below the RDA, or where only a doctor (or midwife) should
    weigh it (osteoporosis, kidney disease, pregnancy or breastfeeding, a medicine whose note asks
    for a doctor)."""
    unsafe = set()
    if s.why_not_more_magnesium() or not s.magnesium_gap:
        unsafe.add(MORE_MAGNESIUM)
    if s.why_not_more(CALCIUM) or s.expecting:  # the passages urge calcium supplements
        unsafe.add(MORE_CALCIUM)
    if s.calcium_supplement_room() <= 0 or s.calcium_change_for_the_doctor:
        unsafe.add(LESS_CALCIUM_SUPPLEMENT)
    return frozenset(unsafe)


# The nutrient each kind of advice is about.
_ABOUT = {MORE_MAGNESIUM: MAGNESIUM, MORE_CALCIUM: CALCIUM, LESS_CALCIUM_SUPPLEMENT: CALCIUM}


def _why_not(advice: str, s: Situation) -> str | None:
    """Why ``advice`` is not for this person where that is a doctor's (or midwife's) matter, or
    where CaMag can't tell (``None``: no such reason, such as no magnesium gap to close)."""
    t = s.texts
    if advice == MORE_MAGNESIUM:
        return s.why_not_more_magnesium()
    if advice == MORE_CALCIUM and (why := s.why_not_more(CALCIUM)):
        return why
    if advice == LESS_CALCIUM_SUPPLEMENT and (why := s.calcium_for_the_doctor):
        # TRANSLATORS: {why}: "osteoporosis", "kidney disease", "a bisphosphonate", "the medicines you take"
        return t._("with {why}, whether to take less calcium, and how much, is for your doctor to decide", why=why)
    return t._(WHILE_EXPECTING) if s.expecting else None


def _official_notes(nutrient: Nutrient, less: bool, s: Situation) -> list[str]:
    """The official doctor notes of this person's conditions, pregnancy or breastfeeding, and medicines
    that bear on changing ``nutrient`` (taking less of it, with ``less``)."""
    t = s.texts
    notes = []
    if Condition.KIDNEY_DISEASE in (s.answers.conditions or ()):
        code = WarningCode.KIDNEY_DISEASE_MAGNESIUM if nutrient is MAGNESIUM else WarningCode.KIDNEY_DISEASE
        notes.append(doctor_note(code, t=t))
    if s.expecting:
        notes.append(doctor_note(WarningCode.PREGNANCY, t=t))
    for medication in s.answers.medications or ():
        note = medication_notes()[medication]
        if nutrient in note.doctor_before or (less and note.talk_to_doctor):
            notes.append(medicine_note(medication, t=t))
    return notes


def cautions(passage: Passage, s: Situation) -> tuple[str, ...]:
    """What goes beside a passage whose advice this person's conditions, medicines, pregnancy or
    breastfeeding bear on (the library shows every passage, the result only those safe for them):
    the official notes that apply, or, where there is none, CaMag's reason to see a doctor first."""
    t = s.texts
    found: list[str] = []
    for advice in passage.advice:
        why = _why_not(advice, s)
        if why is None:
            continue
        notes = _official_notes(_ABOUT[advice], advice == LESS_CALCIUM_SUPPLEMENT, s)
        # TRANSLATORS: {reason} starts in lower case: "with kidney disease, …"
        notes = notes or [t._("For you: {reason}.", reason=why)]
        found.extend(note for note in notes if note not in found)
    return tuple(found)


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
    wanted.extend(("ratio", "outdated_2_to_1", "diet_and_farming", "bone_health"))  # for everyone
    return tuple(wanted)


def select_quotes(s: Situation) -> tuple[Quote, ...]:
    """Up to three passages that fit this situation, in priority order: for each wanted topic, its
    first passage not already chosen whose advice is safe for this person."""
    unsafe = unsafe_advice(s)
    chosen: dict[str, Passage] = {}  # by id: comparing passages field by field cost more than choosing them
    for topic in _wanted_topics(s):
        for passage in passages_on(topic):
            if passage.id not in chosen and unsafe.isdisjoint(passage.advice):
                chosen[passage.id] = passage
                break
        if len(chosen) == MAX_QUOTES:
            break
    return tuple(quote(p, s) for p in chosen.values())
