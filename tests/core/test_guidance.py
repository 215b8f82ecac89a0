"""The guidance library: verbatim against the articles, and chosen to fit the assessment."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

from camag_core import Answers, assess
from camag_core.balance import situation
from camag_core.guidance import CAVEATS, attribution, cautions, passages, quote, topics
from camag_core.i18n import texts
from tests.conftest import shared_dir

ARTICLE_FILES = {
    "Magnesium’s Role In Osteoporosis": "000_ac8ef9e371700ff4.txt",
    "The Connection between Magnesium and Reversing Osteoporosis": "003_e915571476271a28.txt",
}
# Page furniture of the EmpowHER page: never quoted.
FURNITURE_START = "Add a CommentComments"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("passage", passages(), ids=lambda p: p.id)
def test_every_passage_is_verbatim_in_its_article_and_not_furniture(passage):
    article = (shared_dir("seeds") / ARTICLE_FILES[passage.article]).read_text(encoding="utf-8")
    body = article.split(FURNITURE_START)[0]
    assert squash(passage.text) in squash(body)
    assert passage.article in article


def test_passages_name_author_article_and_known_topics():
    known = set(topics())
    for passage in passages():
        assert passage.author or passage.publisher  # no author: the publisher's writer
        assert passage.article in ARTICLE_FILES
        assert passage.topics
        assert set(passage.topics) <= known
    assert {p.caveat for p in passages() if p.caveat} <= set(CAVEATS)


BYLINE = re.compile(r"^\s*• By (.+)$", re.MULTILINE)


def _said_before(article: str, passage: str) -> str:
    """The text of the article's paragraph that holds ``passage``, up to where the passage begins."""
    head = squash(passage)[:60]
    for paragraph in re.split(r"\n\s*\n", article.split(FURNITURE_START)[0]):
        flat = squash(paragraph)
        if head in flat:
            return flat[: flat.index(head)]
    raise AssertionError(f"not in the article: {head}")


@pytest.mark.parametrize("passage", passages(), ids=lambda p: p.id)
def test_every_passage_is_credited_to_whoever_says_it_in_the_article(passage):
    """Words inside Dr. Dean's quotation marks are hers; the rest of that page is the EmpowHER
    writer's, "citing" Dean only where the passage itself names her (the soda passage doesn't); Dr.
    Lam's article is his, by its byline."""
    article = (shared_dir("seeds") / ARTICLE_FILES[passage.article]).read_text(encoding="utf-8")
    before = _said_before(article, passage.text)
    if byline := BYLINE.search(article):
        assert passage.author == byline.group(1).strip()
        return
    quoted = before.count('"') % 2 == 1  # an opening quotation mark not yet closed
    if quoted:
        assert "She was quoted as saying" in before
        assert (passage.author, passage.cited_by_publisher) == ("Dr. Carolyn Dean, MD, ND", False)
    elif "Dean" in passage.text:
        assert (passage.author, passage.cited_by_publisher) == ("Dr. Carolyn Dean, MD, ND", True)
    else:  # the writer's own words
        assert passage.author is None
        assert attribution(quote(passage)) == "A writer at EmpowHER, in “Magnesium’s Role In Osteoporosis” (EmpowHER)"


DEAN = "Dr. Carolyn Dean, MD, ND"
EMPOWHER = "“Magnesium’s Role In Osteoporosis” (EmpowHER)"
LAM = "Michael Lam, MD, MPH"
LAMS = "“The Connection between Magnesium and Reversing Osteoporosis”"


@pytest.mark.parametrize(
    ("language", "cited", "own"),
    [
        ("en", f"A writer at EmpowHER, citing {DEAN}, in {EMPOWHER}", f"{LAM}, in {LAMS}"),
        ("ru", f"Автор EmpowHER со ссылкой на {DEAN}, в статье {EMPOWHER}", f"{LAM}, в статье {LAMS}"),
        ("es", f"Un redactor de EmpowHER, citando a {DEAN}, en {EMPOWHER}", f"{LAM}, en {LAMS}"),
        ("de", f"Ein Autor von EmpowHER unter Berufung auf {DEAN}, in {EMPOWHER}", f"{LAM}, in {LAMS}"),
    ],
)
def test_a_passage_s_attribution_says_the_words_around_the_names_in_the_person_s_language(language, cited, own):
    by_id = {p.id: quote(p) for p in passages()}
    t = texts(language)
    assert attribution(by_id["dean-ratio-1-to-1"], t=t) == cited
    assert attribution(by_id["lam-balance"], t=t) == own
    # A result kept from before, its author stored with the English words around the name.
    kept = replace(by_id["dean-ratio-1-to-1"], author="An EmpowHER writer, citing Dr. Carolyn Dean, MD, ND")
    assert attribution(kept, t=t) == cited


def test_every_topic_has_a_passage():
    for topic in topics():
        assert any(topic in p.topics for p in passages()), topic


BASE: dict[str, Any] = {
    "age": 40,
    "sex": "female",
    "diet": {"servings": {"dairy": 1}},
    "soda_per_day": 0,
    "supplements": [],
    "conditions": [],
    "medications": [],
}


def quote_ids(**changes: Any) -> list[str]:
    return [q.id for q in assess(Answers.model_validate({**BASE, **changes})).quotes]


def test_a_high_ratio_brings_the_calcification_passage():
    high = quote_ids(supplements=[{"nutrient": "calcium", "amount": 600, "per_day": 2}])
    assert high[0] == "dean-calcification"


def test_a_vitamin_d_supplement_brings_the_activation_passage():
    assert "dean-vitamin-d" in quote_ids(supplements=[{"nutrient": "vitamin_d", "amount": 1000}])


def test_soda_brings_the_soda_passage():
    assert "dean-soda-farming" in quote_ids(soda_per_day=2)


def test_at_most_three_quotes_and_selection_is_deterministic():
    busy = {
        "soda_per_day": 3,
        "conditions": ["kidney_stones", "osteoporosis"],
        "supplements": [
            {"nutrient": "calcium", "amount": 600, "per_day": 2},
            {"nutrient": "vitamin_d", "amount": 1000},
            {"nutrient": "magnesium", "amount": 100},
        ],
    }
    first = quote_ids(**busy)
    assert len(first) == 3
    assert len(set(first)) == 3
    assert quote_ids(**busy) == first


def test_the_articles_magnesium_dose_is_shown_with_the_official_caveat_for_this_person():
    result = assess(Answers.model_validate({**BASE, "supplements": [{"nutrient": "magnesium", "amount": 100}]}))
    dose = next(q for q in result.quotes if q.id == "lam-dose-500-1000")
    assert "500 mg to 1000mg of magnesium" in dose.text
    assert dose.caveat is not None
    assert "350 mg a day for you (women 31–50" in dose.caveat


def test_a_ratio_passage_works_out_what_1_to_1_would_mean_where_it_is_within_reach():
    """Lam's "one to one ratio" for a woman over 50: 463 mg of calcium, 117 mg of magnesium."""
    answers = {
        **BASE,
        "age": 60,
        "diet": {"servings": {"dairy": 0}},
        "supplements": [{"nutrient": "calcium", "amount": 300}],
    }
    quotes = assess(Answers.model_validate(answers)).quotes
    passage = next(q for q in quotes if q.id == "lam-postmenopausal")
    assert passage.caveat is not None
    assert "1:1 would mean about 463 mg of magnesium a day to match your 463 mg of calcium" in passage.caveat
    assert "the official limit is 350 mg a day" in passage.caveat


def test_the_1_to_1_note_names_no_magnesium_target_beyond_reach_and_turns_to_calcium():
    """1,363 mg of calcium would need 1,363 mg of magnesium: more than food and the 350 mg
    supplement limit sensibly give, so the note speaks of calcium, down to the RDA only."""
    answers = {
        **BASE,
        "age": 60,
        "diet": {"servings": {"dairy": 0}},
        "supplements": [{"nutrient": "calcium", "amount": 600, "per_day": 2}],
    }
    quotes = assess(Answers.model_validate(answers)).quotes
    passage = next(q for q in quotes if q.id == "lam-postmenopausal")
    assert passage.caveat is not None
    assert "1,363 mg of magnesium" not in passage.caveat
    assert "more magnesium than anyone should aim for" in passage.caveat
    assert "only as far as your calcium RDA of 1,200 mg" in passage.caveat


def test_the_1_to_1_note_never_points_magnesium_below_its_rda():
    """A girl of 13 at 174% of her magnesium RDA has no gap: no passage urges more magnesium, and
    where 1:1 would mean less than the RDA the note says the RDA is what counts."""
    girl = {**BASE, "age": 13, "diet": {"servings": {"dairy": 0, "nuts_seeds": 3}}}
    result = assess(Answers.model_validate(girl))
    assert all("more_magnesium" not in q.advice for q in result.quotes)
    ratio = next(p for p in passages() if p.id == "dean-ratio-1-to-1")
    low_calcium = {**BASE, "diet": {"servings": {"dairy": 0}}}
    caveat = quote(ratio, situation(Answers.model_validate(low_calcium))).caveat
    assert caveat is not None
    assert "less than your magnesium RDA of 320 mg a day, so matching it one to one" in caveat
    assert "1:1 would mean" not in caveat


@pytest.mark.parametrize(
    "case",
    [
        {"age": 70, "conditions": ["kidney_disease"], "supplements": [{"nutrient": "magnesium", "amount": 250}]},
        {"life_stage": "pregnant", "supplements": [{"nutrient": "magnesium", "amount": 400}]},
        {"supplements": [{"nutrient": "magnesium", "amount": 350}]},
        {"conditions": None},
        {"medications": ["potassium_sparing"], "supplements": [{"nutrient": "magnesium", "amount": 100}]},
        {"medications": ["digoxin"], "diet": {"servings": {}}},
        {"medications": ["lithium"], "diet": {"servings": {}}},
        {"medications": None, "diet": {"servings": {}}},
    ],
    ids=[
        "kidney disease",
        "pregnant above the limit",
        "at the limit",
        "conditions not known",
        "potassium-sparing diuretic",
        "digoxin",
        "lithium",
        "medicines not known",
    ],
)
def test_no_passage_urging_more_magnesium_where_the_notes_say_see_a_doctor_first(case):
    result = assess(Answers.model_validate({**BASE, **case}))
    assert result.quotes
    assert all("more_magnesium" not in q.advice for q in result.quotes)
    assert all("more magnesium" not in s.message for s in result.suggestions)


def test_the_western_diet_passage_corrects_the_articles_rda():
    result = assess(Answers.model_validate({**BASE, "diet": {"pattern": "western"}}))
    western = next(q for q in result.quotes if q.id == "lam-western-diet")
    assert western.caveat is not None
    assert "320 mg" in western.caveat


def test_the_same_official_note_is_shown_once_in_a_report():
    from camag_core.report import plain_text, report

    answers = {
        **BASE,
        "conditions": ["kidney_stones"],
        "supplements": [{"nutrient": "magnesium", "amount": 100}],
    }
    result = assess(Answers.model_validate(answers))
    with_limit = [q for q in result.quotes if q.caveat and q.caveat.startswith("Official limit")]
    assert len(with_limit) == 2  # two passages, one note
    assert plain_text(report(result)).count("Official limit") == 1


def test_three_passages_even_without_a_magnesium_gap():
    """Passages urging more magnesium need a gap; the third place goes to one that urges nothing."""
    result = assess(Answers.model_validate({**BASE, "supplements": [{"nutrient": "magnesium", "amount": 300}]}))
    assert result.magnesium_mg.total >= 320
    assert len(result.quotes) == 3
    assert all("more_magnesium" not in q.advice for q in result.quotes)


def test_the_passage_blaming_calcium_for_kidney_stones_comes_with_the_official_view():
    """Someone who has had kidney stones reads the article's claim beside what the trial found."""
    result = assess(Answers.model_validate({**BASE, "conditions": ["kidney_stones"]}))
    stones = next(q for q in result.quotes if q.id == "dean-calcification")
    assert "deposits in the kidney causing stones" in stones.text
    assert stones.caveat is not None
    assert "Women's Health Initiative" in stones.caveat
    assert "17% more kidney stones" in stones.caveat


@pytest.mark.parametrize(
    ("changes", "note"),
    [
        ({"life_stage": "lactating"}, "While pregnant or breastfeeding, ask your doctor or midwife"),
        ({"conditions": ["kidney_disease"]}, "People with kidney disease should not take magnesium supplements"),
        ({"medications": ["thiazide"]}, "Talk to your doctor before taking calcium, vitamin D or magnesium"),
        ({"conditions": ["osteoporosis"]}, "For you: with osteoporosis, whether to take less calcium"),
    ],
)
def test_a_passage_whose_advice_a_note_bears_on_carries_the_note(changes, note):
    """The library shows every passage: one urging less calcium supplement and more magnesium gets
    the official notes of this person's pregnancy or breastfeeding, conditions and medicines."""
    s = situation(Answers.model_validate({**BASE, "diet": {"pattern": "western"}, **changes}))
    reduce = next(p for p in passages() if p.id == "lam-reduce-calcium")
    assert any(note in caution for caution in cautions(reduce, s))
    plain = next(p for p in passages() if p.id == "lam-balance")  # urges nothing
    assert cautions(plain, s) == ()


def test_no_note_beside_a_passage_for_someone_it_fits():
    s = situation(Answers.model_validate({**BASE, "diet": {"pattern": "western"}}))
    assert all(cautions(p, s) == () for p in passages())
