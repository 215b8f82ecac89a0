"""The interview, the articles' passages and the food servings through the person's language: every
text goes through the catalog, passages stay in English beside CaMag's own summary, servings show
metric beside the reference's units."""

from __future__ import annotations

import gettext
import re

import pytest
from babel import Locale

from camag_core import Answers, Supplement, assess
from camag_core.foods import US_CUP_ML, food_groups, foods, serving_text
from camag_core.guidance import QUOTED_IN_ENGLISH, SUMMARIES, passages, quote, summary
from camag_core.i18n import Texts
from camag_core.nutrients import NUTRIENTS
from camag_core.parsing import ParseError
from camag_core.questionnaire import (
    answer_text,
    hint,
    label,
    progress,
    prompt,
    question,
    short,
    shown,
    understood,
)
from camag_core.suggestions import best_sources, everyday_name
from tests.conftest import shared_dir
from tests.core.test_guidance import ARTICLE_FILES, squash


class Marked(gettext.NullTranslations):
    """A catalog that marks every message it translates, and has three plural forms as Russian."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        form = 0 if n % 10 == 1 and n % 100 != 11 else 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2
        return f"«{form}:{msgid2}»"

    def pgettext(self, context: str, message: str) -> str:
        return f"«{message}»"


MARKED = Texts("xx", Marked(), Locale.parse("de"))


def test_a_question_its_hint_its_buttons_and_its_part_go_through_the_catalog():
    sex = question("sex")
    assert prompt(sex, {}, t=MARKED) == "«Official reference values differ by sex. Which should I use?»"
    assert [label(c, t=MARKED) for c in sex.choices] == ["«Female»", "«Male»"]
    assert short(sex, t=MARKED) == "«Sex»"
    assert progress(sex, {}, t=MARKED).name == "«About you»"
    assert hint(question("age"), t=MARKED).startswith("«Your age in years")
    medicines = question("medications")
    assert hint(medicines) == medicines.hint
    assert "Loop diuretic" in medicines.hint  # the medicines listed by group
    assert prompt(sex, {}) == "Official reference values differ by sex. Which should I use?"  # English by default


def test_a_food_question_names_its_group_and_serving_in_the_language_with_metric():
    dairy = question("servings.dairy")
    asked = prompt(dairy, {"diet": "servings"}, t=MARKED)
    assert asked == (
        "««Dairy»: how many servings a day? One serving is «a cup (237 ml) of milk, a pot of yogurt (8 oz, "
        "227 g) or 1.5 oz (43 g) of cheese».»"
    )
    assert short(dairy, t=MARKED) == "«Dairy»"
    english = prompt(dairy, {"diet": "servings"})
    assert english == (
        "Dairy: how many servings a day? One serving is a cup (237 ml) of milk, a pot of yogurt "
        "(8 oz, 227 g) or 1.5 oz (43 g) of cheese."
    )
    assert [label(c, t=MARKED) for c in dairy.choices] == ["0", "½", "1", "2", "3"]  # figures stay figures


def test_a_re_prompt_and_the_answer_said_back_are_in_the_language():
    with pytest.raises(ParseError, match=r"^«Please tap a button, or type one of: «Female», «Male»\.»$"):
        answer_text({}, "sex", "purple", t=MARKED)
    draft = answer_text({}, "sex", "woman", t=MARKED)
    assert understood(question("sex"), draft, t=MARKED) == ["«Got it: «Sex», «Female».»"]
    assert shown(question("sex"), draft, t=MARKED) == "«Female»"
    assert shown(question("conditions"), {}, t=MARKED) == "«not answered»"


@pytest.mark.parametrize(("months", "form"), [(1, 0), (3, 1), (6, 2), (11, 2)])
def test_a_plural_picks_the_languages_form(months, form):
    draft = {"age": months / 12}
    assert shown(question("age"), draft, t=MARKED) == f"«{form}:{months} months»"


def test_a_babys_age_in_english_and_a_dose_with_the_locales_decimals():
    assert shown(question("age"), {"age": 1 / 12}) == "1 month"
    assert shown(question("age"), {"age": 0.5}) == "6 months"
    german = Texts("de", gettext.NullTranslations(), Locale.parse("de"))
    dose = Supplement(nutrient="magnesium", amount=2.5, per_day=1.5)
    assert dose.describe(t=german) == "2,5 mg magnesium, 1,5 a day"
    assert dose.describe() == "2.5 mg magnesium, 1.5 a day"


def test_every_passage_has_a_summary_in_camags_words_and_stays_word_for_word():
    ids = {p.id for p in passages()}
    assert set(SUMMARIES) == ids
    for passage in passages():
        shown_quote = quote(passage)
        article = (shared_dir("seeds") / ARTICLE_FILES[passage.article]).read_text(encoding="utf-8")
        assert squash(shown_quote.text) in squash(article)  # the passage itself is never reworded
        assert shown_quote.summary == SUMMARIES[passage.id]
        assert squash(shown_quote.summary) not in squash(article)  # CaMag's words, not the author's
        assert len(re.findall(r"(?<!Dr)[.!?](?:\s|$)", shown_quote.summary)) == 1  # one sentence
        assert summary(shown_quote).startswith("In short (CaMag's words): ")


def test_the_summary_and_the_intro_are_translated_the_passage_is_not():
    first = quote(passages()[0])
    assert summary(first, t=MARKED) == f"«In short (CaMag's words): «{first.summary}»»"
    assert MARKED._(QUOTED_IN_ENGLISH) == "«Quoted in the original English:»"
    assert first.text == passages()[0].text


def test_every_quote_an_assessment_shows_has_its_summary():
    result = assess(Answers(age=60, sex="female", diet={"pattern": "western"}, supplements=[], conditions=[]))
    assert result.quotes
    assert all(q.summary == SUMMARIES[q.id] for q in result.quotes)


def test_a_group_serving_in_cups_or_ounces_has_its_metric_figure_from_the_reference():
    for group in food_groups():
        grams = {round(food.grams) for food in group.foods if food.grams is not None}
        said_grams = {int(g) for g in re.findall(r"(\d+) g\b", group.serving)}
        said_grams |= {int(n) for pair in re.findall(r"(\d+)–(\d+) g\b", group.serving) for n in pair}
        said_ml = {int(ml) for ml in re.findall(r"(\d+) ml\b", group.serving)}
        assert said_grams or said_ml, group.id
        assert said_grams <= grams | {28}, group.id  # 1 oz = 28.35 g
        assert said_ml <= {round(US_CUP_ML)}, group.id
        assert re.search(r"\b(?:cup|oz|tablespoons?)\b", group.serving), group.id  # the reference's own unit kept


def test_a_suggested_foods_serving_keeps_its_unit_and_shows_its_weight():
    almonds = next(f for g in food_groups() for f in g.foods if f.name == "Almonds, dry roasted")
    assert serving_text(almonds) == "1 ounce (28 g)"
    beans = next(f for g in food_groups() for f in g.foods if f.name == "Black beans, cooked (boiled)")
    assert serving_text(beans) == "½ cup (86 g)"
    assert serving_text(beans, t=MARKED) == "««½ cup» (86 g)»"
    almond_milk = foods()["Almond beverage (almond milk), unsweetened, fortified"]
    assert serving_text(almond_milk) == "1 cup (237 ml)"  # a drink: its volume, at 1 US cup = 236.6 ml
    assert serving_text(foods()["Rice beverage (rice milk), unsweetened, fortified"]) == "8 fl oz (237 ml)"
    assert all(serving_text(food) for food in foods().values())  # every serving the table gives has its message


def test_every_food_a_suggestion_can_name_has_an_everyday_name_in_the_catalog():
    for nutrient in NUTRIENTS:
        for food in best_sources(nutrient):
            assert everyday_name(food, t=MARKED).startswith("«"), food.name


GERMAN_NUMBERS = Texts("de", gettext.NullTranslations(), Locale.parse("de"))
# Calcium far ahead, magnesium short, a calcium supplement: a headline, suggestions, a caveat.
HEAVY = Answers(
    age=40,
    sex="female",
    diet={"pattern": "western"},
    supplements=[{"nutrient": "calcium", "amount": 1200, "form": "calcium carbonate"}],
    conditions=[],
    medications=[],
)


def test_the_assessment_is_worded_through_the_catalog_and_stays_the_same_in_english():
    english, marked = assess(HEAVY), assess(HEAVY, t=MARKED)
    assert marked.balance.headline == f"«{english.balance.headline}»"
    assert marked.disclaimer == f"«{english.disclaimer}»"
    assert marked.estimates[0] == "«Diet described as: {pattern}.»".replace("{pattern}", "«typical western diet»")
    assert english.estimates[0] == "Diet described as: typical western diet."
    assert [s.message.startswith("«") for s in marked.suggestions] == [True] * len(english.suggestions)
    assert marked.suggestions
    assert [s.code for s in marked.suggestions] == [s.code for s in english.suggestions]
    assert marked.reference is not None
    assert marked.reference["calcium"].group == "«women «31–50»»"
    assert [q.text for q in marked.quotes] == [q.text for q in english.quotes]  # passages never translated
    assert all(q.caveat is None or q.caveat.startswith("«") for q in marked.quotes)


def test_the_assessment_writes_numbers_as_the_locale_does():
    german = assess(HEAVY, t=GERMAN_NUMBERS)
    assert german.ratio is not None
    ratio = f"{german.ratio:.1f}".replace(".", ",")
    assert f"{ratio}:1" in german.balance.explanation  # "9,1:1", not "9.1:1"
    assert "the traditional 2:1, which the articles call outdated in favour of 1:1" in german.balance.explanation
    review = next(s for s in german.suggestions if s.code == "review_calcium_supplements")
    assert "your RDA of 1.000 mg" in review.message  # a German reader writes 1.000
    english = next(s for s in assess(HEAVY).suggestions if s.code == "review_calcium_supplements")
    assert "your RDA of 1,000 mg" in english.message


def test_the_mineral_or_compound_question_names_a_known_form_in_the_persons_language():
    draft = answer_text({}, "supplements", "500 mg calcium carbonate, 200 mg magnesium glycinate")
    asked = prompt(question("supplement_basis"), draft, t=MARKED)
    assert "«calcium carbonate»" in asked
    assert "«magnesium glycinate»" in asked
