"""Typed answers in Russian, Spanish and German, read whatever language the session speaks: each kind
of answer per language, with the tricky ones (negations, a number about something else, an hour
that may be morning or evening)."""

from __future__ import annotations

import gettext
import re
from datetime import time
from io import BytesIO

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from camag_core._resources import read_json
from camag_core.daily import Status, parse_time, parse_zone, read_status
from camag_core.i18n import Texts, texts
from camag_core.intents import Intent, is_yes, read_intent, shows_the_balance
from camag_core.navigation import Move, typed_move
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D
from camag_core.parsing import (
    SPOKEN,
    UNKNOWN,
    ParseError,
    Vocabulary,
    in_english,
    is_none,
    is_unknown,
    normalise,
    parse_age,
    parse_number,
    parse_servings,
    parse_supplements,
)
from camag_core.questionnaire import WEEKLY, answer_text
from camag_core.schedule import Wanted, parse_times
from camag_core.supplements import Basis, Unit

MILK = ("Dairy", "a cup of milk", "milk", "yogurt", "cheese")


def choice(question: str, typed: str) -> object:
    return answer_text({}, question, typed)[question]


# yes, no, and the words on the buttons


@pytest.mark.parametrize(
    "typed", ["да", "Да, удалить", "да, удали мои данные", "sí", "Sí, borrar todo", "ja", "Ja, löschen"]
)
def test_a_clear_yes_in_each_language(typed):
    assert is_yes(typed)


@pytest.mark.parametrize("typed", ["нет", "да нет", "не знаю", "no", "sí pero no", "nein", "ja, aber nicht alles"])
def test_anything_less_is_no_yes_in_each_language(typed):
    assert not is_yes(typed)


@pytest.mark.parametrize(
    "typed", ["нет", "ничего", "никаких", "no", "nada", "ninguno", "nein", "nein danke", "keine", "nichts"]
)
def test_none_in_each_language(typed):
    assert is_none(typed)


@pytest.mark.parametrize(
    "typed",
    [
        *("не знаю", "без понятия", "no sé", "ni idea", "weiß nicht", "keine Ahnung"),
        *("не помню", "незнаю", "затрудняюсь ответить", "no me acuerdo", "nose", "weiss nich", "weiß ich nicht mehr"),
        *("dunno", "no clue", "i don't remember"),
    ],
)
def test_i_dont_know_in_each_language(typed):
    assert is_unknown(typed)


@pytest.mark.parametrize(
    ("typed", "move"),
    [
        ("назад", Move.BACK),
        ("пропустить", Move.SKIP),
        ("оставить", Move.KEEP),
        ("atrás", Move.BACK),
        ("saltar", Move.SKIP),
        ("sin cambios", Move.KEEP),
        ("zurück", Move.BACK),
        ("überspringen", Move.SKIP),
        ("behalten", Move.KEEP),
    ],
)
def test_the_moves_typed_in_each_language(typed, move):
    assert typed_move(typed) is move


@pytest.mark.parametrize("typed", ["готово", "всё верно", "покажи мой баланс", "listo", "ver mi balance", "fertig"])
def test_the_review_is_left_for_the_balance_in_each_language(typed):
    assert shows_the_balance(typed)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("сам минерал", "elemental"),
        ("соединение", "compound"),
        ("el mineral mismo", "elemental"),
        ("el compuesto", "compound"),
        ("das Mineral selbst", "elemental"),
        ("die Verbindung", "compound"),
    ],
)
def test_the_mineral_or_compound_buttons_typed(typed, value):
    draft = {"supplements": [{"supplement": {"nutrient": "magnesium", "form": "magnesium citrate", "amount": 200.0,
                                             "unit": "mg", "basis": "elemental", "per_day": 1.0},
                              "basis_stated": False}]}  # fmt: skip
    assert answer_text(draft, "supplement_basis", typed)["supplement_basis"] == value


# sexes and pregnancy


@pytest.mark.parametrize(
    ("typed", "sex"),
    [
        ("женщина", "female"),
        ("женский", "female"),
        ("мужчина", "male"),
        ("Мужской 👍", "male"),
        ("mujer", "female"),
        ("hombre", "male"),
        ("masculino", "male"),
        ("Frau", "female"),
        ("weiblich", "female"),
        ("männlich", "male"),
        ("Mann", "male"),
    ],
)
def test_sexes(typed, sex):
    assert choice("sex", typed) == sex


@pytest.mark.parametrize(
    ("typed", "stage"),
    [
        ("беременна", "pregnant"),
        ("кормлю грудью", "lactating"),
        ("нет", "neither"),
        ("embarazada", "pregnant"),
        ("dando el pecho", "lactating"),
        ("ninguna de las dos", "neither"),
        ("schwanger", "pregnant"),
        ("ich stille", "lactating"),
        ("weder noch", "neither"),
    ],
)
def test_pregnancy_and_breastfeeding(typed, stage):
    assert answer_text({"sex": "female", "age": 30}, "life_stage", typed)["life_stage"] == stage


# diet patterns


@pytest.mark.parametrize(
    ("typed", "diet"),
    [
        ("ответить на вопросы", "servings"),
        ("обычная западная", "western"),
        ("в основном овощи", "high_vegetable"),
        ("веганская", "plant_based"),
        ("responder preguntas", "servings"),
        ("occidental", "western"),
        ("sobre todo verduras", "high_vegetable"),
        ("vegana", "plant_based"),
        ("Fragen beantworten", "servings"),
        ("westlich", "western"),
        ("viel Gemüse", "high_vegetable"),
        ("pflanzlich", "plant_based"),
    ],
)
def test_diet_patterns(typed, diet):
    assert choice("diet", typed) == diet


# frequency words, negations and numbers about something else


@pytest.mark.parametrize(
    ("typed", "per_day"),
    [
        ("каждый день", 1),
        ("ежедневно", 1),
        ("стакан молока каждое утро", 1),
        ("два стакана в день", 2),
        ("2 раза в неделю", 2 / 7),
        ("5 раз в неделю", 5 / 7),
        ("раз в неделю", 1 / 7),
        ("дважды в неделю", 2 / 7),
        ("раз в месяц", 1 / 30),
        ("редко", 1 / 30),
        ("почти каждый день", 5 / 7),
        ("никогда", 0),
        ("не пью молоко", 0),
        ("a diario", 1),
        ("todos los días", 1),
        ("dos veces por semana", 2 / 7),
        ("una vez a la semana", 1 / 7),
        ("un vaso de leche al día", 1),
        ("casi nunca", 1 / 30),
        ("nunca", 0),
        ("no tomo leche", 0),
        ("täglich", 1),
        ("zweimal pro Woche", 2 / 7),
        ("3 mal die Woche", 3 / 7),
        ("einmal im Monat", 1 / 30),
        ("ein Glas Milch am Tag", 1),
        ("selten", 1 / 30),
        ("nie", 0),
        ("ich trinke keine Milch", 0),
        ("nein danke", 0),
        ("2 bis 3 Gläser am Tag", 2.5),
        ("полстакана в день", 0.5),
        ("ein halbes Glas am Tag", 0.5),
        ("через день", 0.5),
        ("cada dos días", 0.5),
        ("alle 2 Tage", 0.5),
        ("по выходным", 2 / 7),
        ("los fines de semana", 2 / 7),
        ("am Wochenende", 2 / 7),
        ("два-три раза в неделю", 2.5 / 7),  # a range with a hyphen between the words
        ("dos-tres vasos al día", 2.5),
        ("zwei-drei Gläser am Tag", 2.5),
        ("once in a while", 1 / 30),
        ("dos y medio", 2.5),  # and a half, in each language
        ("un vaso y medio", 1.5),
        ("zweieinhalb", 2.5),
        ("dreieinhalb Gläser", 3.5),
        ("два с половиной", 2.5),
        ("two and a half", 2.5),
        ("a glass and a half", 1.5),
        ("un par de veces por semana", 2 / 7),  # a couple
        ("un par de vasos", 2),
        ("пару раз в неделю", 2 / 7),
        ("пару стаканов", 2),
        ("una lata diaria", 1),
        ("gar nicht", 0),
        ("not at all", 0),
        ("ни разу", 0),
        ("un yogur al día y un vaso de leche", 2),  # two foods, each counted
        ("dos vasos de leche y un yogur al día", 3),
        ("ein Glas Milch und ein Joghurt am Tag", 2),
        ("a glass of milk a day and cheese twice a week", 1 + 2 / 7),
        ("milk and cheese every day", 1),  # one number: not two foods counted
        ("a glass twice a week", 2 / 7),  # so many, so many times
        ("2-3 glasses twice a week", 5 / 7),
        ("ein Glas dreimal die Woche", 3 / 7),
        ("2 glasses on weekends", 4 / 7),
    ],
)
def test_how_often_in_each_language(typed, per_day):
    assert parse_servings(typed, MILK) == pytest.approx(per_day)


@pytest.mark.parametrize(
    "typed", ["у меня 3 кошки", "мне 45 лет", "tengo 2 perros", "vivo en el piso 4", "ich habe 3 Katzen", "Bus 12"]
)
def test_a_number_in_a_sentence_about_something_else_is_not_an_answer(typed):
    with pytest.raises(ParseError, match="about something else"):
        parse_servings(typed, MILK)


@pytest.mark.parametrize(
    "typed",
    [
        "иногда",
        "a veces",
        "manchmal",
        "часто",
        "не каждый день",
        "не очень часто",
        "no muy a menudo",
        "nicht so oft",
        "not every day",
        "not very often",
        "now and then",
        "from time to time",
        "de vez en cuando",
        "ab und zu",
        "hin und wieder",
        "время от времени",
        "a few times a week",  # a few: no number
        "ein paar Mal pro Woche",
    ],
)
def test_sometimes_and_not_every_day_are_asked_how_many_times_a_week(typed):
    with pytest.raises(ParseError, match="how many times a week"):
        parse_servings(typed, MILK)


# small numbers in words, each language's genders and cases


NUMBERS = {
    "ru": [
        ("ноль", 0), ("один", 1), ("одна", 1), ("одну", 1), ("одно", 1), ("два", 2), ("две", 2), ("три", 3),
        ("четыре", 4), ("пять", 5), ("шесть", 6), ("семь", 7), ("восемь", 8), ("девять", 9), ("десять", 10),
        ("одиннадцать", 11), ("двенадцать", 12), ("полторы", 1.5), ("двадцать два", 22),
    ],
    "es": [
        ("cero", 0), ("uno", 1), ("una", 1), ("un", 1), ("dos", 2), ("tres", 3), ("cuatro", 4), ("cinco", 5),
        ("seis", 6), ("siete", 7), ("ocho", 8), ("nueve", 9), ("diez", 10), ("doce", 12), ("uno y medio", 1.5),
    ],
    "de": [
        ("null", 0), ("eins", 1), ("ein", 1), ("eine", 1), ("einen", 1), ("zwei", 2), ("drei", 3), ("vier", 4),
        ("fünf", 5), ("sechs", 6), ("sieben", 7), ("acht", 8), ("neun", 9), ("zehn", 10), ("elf", 11),
        ("zwölf", 12), ("anderthalb", 1.5),
    ],
}  # fmt: skip


@pytest.mark.parametrize(("word", "number"), [pair for pairs in NUMBERS.values() for pair in pairs])
def test_small_numbers_in_words(word, number):
    assert normalise(word) == f"{number:g}"


@pytest.mark.parametrize(
    ("typed", "count"),
    [("одна таблетка", 1), ("две капсулы", 2), ("две таблетки", 2), ("dos pastillas", 2), ("zwei Kapseln", 2)],
)
def test_a_count_of_tablets_in_words(typed, count):
    (found,) = parse_supplements(f"{typed} магния 100 мг в день")
    assert found.supplement.per_day == count


def test_eleven_in_spanish_is_not_read_as_once():
    assert parse_servings("once a week", MILK) == pytest.approx(1 / 7)  # English "once", one time


# supplement and food names


@pytest.mark.parametrize(
    ("typed", "nutrient", "amount", "unit", "per_day"),
    [
        ("кальций 500 мг", CALCIUM, 500, Unit.MG, 1),
        ("магний цитрат 200 мг два раза в день", MAGNESIUM, 200, Unit.MG, 2),
        ("витамин D 1000 МЕ", VITAMIN_D, 1000, Unit.IU, 1),
        ("витамин Д3 25 мкг", VITAMIN_D, 25, Unit.MCG, 1),
        ("calcio 600 mg al día", CALCIUM, 600, Unit.MG, 1),
        ("magnesio 300 mg", MAGNESIUM, 300, Unit.MG, 1),
        ("vitamina D 1000 UI", VITAMIN_D, 1000, Unit.IU, 1),
        ("Kalzium 500 mg täglich", CALCIUM, 500, Unit.MG, 1),
        ("Calcium 500 mg", CALCIUM, 500, Unit.MG, 1),
        ("Magnesium 400 mg", MAGNESIUM, 400, Unit.MG, 1),
        ("Vitamin D3 1000 I.E.", VITAMIN_D, 1000, Unit.IU, 1),
        ("vitamina D 25 microgramos", VITAMIN_D, 25, Unit.MCG, 1),
        ("vitamina D 1000 unidades", VITAMIN_D, 1000, Unit.IU, 1),
        ("Vitamin D 20 Mikrogramm", VITAMIN_D, 20, Unit.MCG, 1),
        ("Vitamin D3 1000 Einheiten", VITAMIN_D, 1000, Unit.IU, 1),
        ("витамин D 25 микрограмм", VITAMIN_D, 25, Unit.MCG, 1),
        ("2-3 pastillas de magnesio 250 mg", MAGNESIUM, 250, Unit.MG, 2.5),  # the middle, as with food
        ("2 bis 3 Tabletten Magnesium 250 mg", MAGNESIUM, 250, Unit.MG, 2.5),
        ("2-3 таблетки магния по 250 мг", MAGNESIUM, 250, Unit.MG, 2.5),
        ("vitamina D3 50.000 UI al mes", VITAMIN_D, 50000, Unit.IU, 1 / 30),  # was read as every day
        ("vitamin d 50000 iu monthly", VITAMIN_D, 50000, Unit.IU, 1 / 30),
        ("vitamin d 100000 iu every 3 months", VITAMIN_D, 100000, Unit.IU, 1 / 90),
        ("Vitamin D 20000 IE alle 2 Wochen", VITAMIN_D, 20000, Unit.IU, 1 / 14),
        ("витамин D 50000 МЕ раз в месяц", VITAMIN_D, 50000, Unit.IU, 1 / 30),
        ("витамин D 50000 ме каждые 2 недели", VITAMIN_D, 50000, Unit.IU, 1 / 14),
        ("vitamina d 1000ui", VITAMIN_D, 1000, Unit.IU, 1),  # the unit glued to the number
        ("витамин д 1000ме", VITAMIN_D, 1000, Unit.IU, 1),
        ("magnesio 300 mg, 2 a la semana", MAGNESIUM, 300, Unit.MG, 2 / 7),  # was 1 a week
        ("magnesium 2 a day", MAGNESIUM, None, Unit.MG, 2),  # 2 a day, not 2 mg
        ("un sobre de magnesio al día", MAGNESIUM, None, Unit.MG, 1),  # a sachet, not "about"
        ("gotas de vitamina D, 5 gotas al día", VITAMIN_D, None, Unit.IU, 5),
    ],
)
def test_supplement_names(typed, nutrient, amount, unit, per_day):
    (found,) = parse_supplements(typed)
    s = found.supplement
    assert (s.nutrient, s.amount, s.unit, s.per_day) == (nutrient, amount, unit, per_day)


@pytest.mark.parametrize(
    ("typed", "form"),
    [("цитрат магния 200 мг", "magnesium citrate"), ("carbonato de calcio 500 mg", "calcium carbonate"),
     ("Magnesiumcitrat 200 mg", "magnesium citrate"), ("Kalziumcarbonat 500 mg", "calcium carbonate"),
     ("Magnesium Glycinat 200 mg", "magnesium glycinate")],
)  # fmt: skip
def test_supplement_forms(typed, form):
    (found,) = parse_supplements(typed)
    assert found.supplement.form == form


def test_compound_said_in_the_answer():
    (found,) = parse_supplements("кальций карбонат 500 мг, соединение")
    assert found.supplement.basis is Basis.COMPOUND


@pytest.mark.parametrize(
    "typed", ["никаких", "ничего не принимаю", "не принимаю", "ninguno", "no tomo nada", "keine", "ich nehme nichts"]
)
def test_no_supplements(typed):
    assert parse_supplements(typed) == []


@pytest.mark.parametrize("typed", ["не знаю", "no lo sé", "weiß ich nicht"])
def test_supplements_not_known(typed):
    assert parse_supplements(typed) is UNKNOWN


@pytest.mark.parametrize(
    ("question", "typed", "per_day"),
    [
        ("servings.dairy", "два йогурта в день", 2),
        ("servings.dairy", "сыр каждый день", 1),
        ("servings.dairy", "queso todos los días", 1),
        ("servings.dairy", "Käse täglich", 1),
        ("servings.fortified_drinks", "соевое молоко каждый день", 1),
        ("servings.fortified_drinks", "leche de avena a diario", 1),
        ("servings.leafy_greens", "салат дважды в неделю", 2 / 7),
        ("servings.leafy_greens", "col rizada dos veces por semana", 2 / 7),
        ("servings.spinach", "Spinat einmal pro Woche", 1 / 7),
        ("servings.nuts_seeds", "горсть орехов в день", 1),
        ("servings.nuts_seeds", "un puñado de almendras", 1),
        ("servings.beans_lentils", "чечевица раз в неделю", 1 / 7),
        ("servings.beans_lentils", "lentejas dos veces por semana", 2 / 7),
        ("servings.beans_lentils", "Bohnen selten", 1 / 30),
        ("servings.whole_grains", "овсянка каждое утро", 1),
        ("servings.whole_grains", "pan integral cada día", 1),
        ("servings.whole_grains", "zwei Scheiben Vollkornbrot am Tag", 2),
        ("servings.tofu", "тофу раз в неделю", 1 / 7),
        ("servings.fish_with_bones", "сардины раз в неделю", 1 / 7),
        ("servings.fish_with_bones", "sardinas en lata una vez por semana", 1 / 7),
        ("servings.oily_fish", "Lachs einmal pro Woche", 1 / 7),
        ("servings.oily_fish", "лосось дважды в месяц", 2 / 30),
        ("soda_per_day", "не пью газировку", 0),
        ("soda_per_day", "dos refrescos al día", 2),
        ("soda_per_day", "eine Limo am Tag", 1),
    ],
)
def test_food_names_are_read_as_about_their_question(question, typed, per_day):
    assert answer_text({}, question, typed)[question] == pytest.approx(per_day)


def test_a_food_of_another_question_is_about_something_else():
    with pytest.raises(ParseError, match="about something else"):
        answer_text({}, "servings.beans_lentils", "овсянка каждое утро")


@pytest.mark.parametrize(
    ("question", "typed", "value"),
    [
        ("conditions", "остеопороз, камни в почках", ["kidney_stones", "osteoporosis"]),
        ("conditions", "enfermedad renal", ["kidney_disease"]),
        ("conditions", "Nierensteine", ["kidney_stones"]),
        ("conditions", "нет", []),
        ("medications", "эутирокс", ["levothyroxine"]),
        ("medications", "omeprazol", ["ppi"]),
        ("medications", "L-Thyroxin", ["levothyroxine"]),
        ("medications", "ninguno", []),
    ],
)
def test_conditions_and_medicines(question, typed, value):
    assert answer_text({}, question, typed)[question] == value


@pytest.mark.parametrize(
    ("language", "typed", "value"),
    [
        ("ru", "Литий", ["lithium"]),  # a button's label, typed
        ("ru", "дигоксин", ["digoxin"]),
        ("ru", "ципрофлоксацин", ["quinolone"]),  # an example its label names
        ("es", "litio", ["lithium"]),
        ("es", "doxiciclina", ["tetracycline"]),
        ("de", "Doxycyclin", ["tetracycline"]),
        ("en", "fosamax", ["bisphosphonate"]),  # a brand name
        ("en", "levothyroxine, fosamax", ["bisphosphonate", "levothyroxine"]),
        ("en", "Synthroid", ["levothyroxine"]),
        ("en", "prilosec", ["ppi"]),
        ("en", "lasix", ["loop_diuretic"]),
        ("en", "no meds", []),
        ("de", "L-Thyroxin und Pantoprazol", ["ppi", "levothyroxine"]),  # joined by the language's "and"
        ("es", "litio y omeprazol", ["ppi", "lithium"]),
        ("ru", "литий и дигоксин", ["digoxin", "lithium"]),
        ("es", "no tomo medicamentos", []),
        ("de", "ich nehme keine Medikamente", []),
        ("de", "keine Medikamente", []),  # "none" and a noun, as each language says it
        ("es", "ningún medicamento", []),
        ("ru", "никаких лекарств", []),
    ],
)
def test_a_medicine_typed_by_its_name_in_the_persons_language_or_its_brand(language, typed, value):
    assert answer_text({}, "medications", typed, t=texts(language))["medications"] == value


def test_a_medicine_not_on_the_list_is_named_back_as_typed():
    with pytest.raises(ParseError, match=r"I couldn.t match “aspirin” to the list"):
        answer_text({}, "medications", "levothyroxine,  aspirin ")


@pytest.mark.parametrize(
    ("typed", "weekday"),
    [
        ("алендронат раз в неделю", None),
        ("алендронат по субботам", 5),
        ("alendronato los sábados", 5),
        ("alendronato una vez por semana", None),
        ("Alendronat montags", 0),
        ("Alendronat einmal pro Woche", None),
    ],
)
def test_a_medicine_taken_once_a_week_and_its_weekday(typed, weekday):
    assert answer_text({}, "medications", typed)[WEEKLY] == {"bisphosphonate": weekday}


# ages


@pytest.mark.parametrize(
    ("typed", "age"),
    [
        ("мне 42 года", 42),
        ("сорок два года", 42),
        ("6 месяцев", 0.5),
        ("tengo 35 años", 35),
        ("treinta y dos años", 32),
        ("ich bin 58 Jahre alt", 58),
        ("fünfundvierzig", 45),  # German says the units first, in one word
        ("ich bin einundzwanzig", 21),
        ("Zweiunddreißig Jahre", 32),
    ],
)
def test_ages(typed, age):
    assert parse_age(typed) == age


@pytest.mark.parametrize(
    ("typed", "quoted"),
    [
        ("моей дочери 12 лет", "моей, дочери"),
        ("сосед Андрей 40 лет", "сосед, Андрей"),
        ("mi hija tiene 12 años", "hija, tiene"),
    ],
)
def test_words_about_something_else_are_quoted_as_typed(typed, quoted):
    with pytest.raises(ParseError, match=f"about something else \\({quoted}\\)"):
        parse_age(typed)


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("my mother takes 500 mg calcium", "mother"),
        ("mi marido toma vitamina D 1000 UI", "marido"),
        ("meine Mutter nimmt 500 mg Calcium", "Mutter"),
        ("муж пьет витамин д 1000 ме", "муж"),
        ("500 mg de calcio, mi hija toma magnesio", "hija"),
    ],
)
def test_supplements_someone_else_takes_are_not_the_persons(typed, who):
    with pytest.raises(ParseError, match=f"about something else \\({who}\\)"):
        parse_supplements(typed)


@pytest.mark.parametrize(
    "typed", ["son 2 pastillas de magnesio de 250 mg", "he tomado magnesio 300 mg", "some kind of magnesium 250 mg"]
)
def test_words_that_only_look_like_someone_else_are_read(typed):
    assert parse_supplements(typed)


@pytest.mark.parametrize("typed", ["magnesium 250-500 mg", "Magnesium 300 bis 400 mg", "витамин D 1000-2000 МЕ"])
def test_a_range_of_amounts_is_asked_which(typed):
    with pytest.raises(ParseError, match="one amount"):
        parse_supplements(typed)


# times of day


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("9 вечера", time(21, 0)),
        ("в 21:30", time(21, 30)),
        ("9 утра", time(9, 0)),
        ("в 9 часов вечера", time(21, 0)),
        ("девять вечера", time(21, 0)),
        ("3 дня", time(15, 0)),
        ("2 ночи", time(2, 0)),
        ("половина девятого вечера", time(20, 30)),
        ("в полдень", time(12, 0)),
        ("9 de la noche", time(21, 0)),
        ("a las 21", time(21, 0)),
        ("a las 9", time(9, 0)),  # digits: the 24-hour clock, as "at 9" and "9" are
        ("в 9", time(9, 0)),
        ("um 9", time(9, 0)),
        ("a las 9 de la mañana", time(9, 0)),
        ("8 y media de la tarde", time(20, 30)),
        ("a las nueve y media de la noche", time(21, 30)),
        ("12 de la noche", time(0, 0)),
        ("mediodía", time(12, 0)),
        ("21 Uhr", time(21, 0)),
        ("21 Uhr 30", time(21, 30)),
        ("9 Uhr", time(9, 0)),
        ("9 Uhr abends", time(21, 0)),
        ("halb neun abends", time(20, 30)),
        ("viertel vor neun morgens", time(8, 45)),
        ("11 nachts", time(23, 0)),
        ("Mitternacht", time(0, 0)),
    ],
)
def test_times_in_each_language(typed, at):
    assert parse_time(typed) == at


@pytest.mark.parametrize(
    ("typed", "morning", "evening"),
    [
        ("полдевятого", "08:30", "20:30"),
        ("a las nueve", "09:00", "21:00"),
        ("halb neun", "08:30", "20:30"),
        ("viertel nach acht", "08:15", "20:15"),
        ("в девять", "09:00", "21:00"),
        ("quarter past eight", "08:15", "20:15"),
    ],
)
def test_an_hour_said_in_words_without_morning_or_evening_is_asked_back(typed, morning, evening):
    with pytest.raises(ParseError) as asked:
        parse_time(typed)
    assert str(asked.value) == f"Do you mean {morning} or {evening}? Please type one of them."


@pytest.mark.parametrize(
    ("typed", "times"),
    [
        ("8 утра и 9 вечера", [time(8, 0), time(21, 0)]),
        ("a las 8 de la mañana y a las 9 y media de la noche", [time(8, 0), time(21, 30)]),
        ("7 Uhr und 21 Uhr", [time(7, 0), time(21, 0)]),
    ],
)
def test_several_reminder_times_in_each_language(typed, times):
    assert parse_times(typed) == [Wanted(at) for at in times]


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("по понедельникам в 9 вечера", Wanted(time(21, 0), 0)),
        ("в субботу в 8 утра", Wanted(time(8, 0), 5)),
        ("los sábados a las 10 de la mañana", Wanted(time(10, 0), 5)),
        ("montags um 21 Uhr", Wanted(time(21, 0), 0)),
    ],
)
def test_a_weekly_reminder_in_each_language(typed, wanted):
    assert parse_times(typed) == [wanted]


@pytest.mark.parametrize("typed", ["21 утра", "скоро", "pronto", "bald", "25 Uhr"])
def test_what_is_no_time_is_refused(typed):
    with pytest.raises(ParseError):
        parse_time(typed)


# city names for time zones (CLDR's, through Babel)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Москва", "Europe/Moscow"),
        ("в Москве", "Europe/Moscow"),
        ("Берлин", "Europe/Berlin"),
        ("в Берлине", "Europe/Berlin"),
        ("Нью-Йорк", "America/New_York"),
        ("Екатеринбург", "Asia/Yekaterinburg"),
        ("Nueva York", "America/New_York"),
        ("Ciudad de México", "America/Mexico_City"),
        ("Londres", "Europe/London"),
        ("Moscú", "Europe/Moscow"),
        ("Moskau", "Europe/Moscow"),
        ("Wien", "Europe/Vienna"),
        ("Zürich", "Europe/Zurich"),
        ("Германия", "Europe/Berlin"),
        ("в Германии", "Europe/Berlin"),
        ("Österreich", "Europe/Vienna"),
        ("Perú", "America/Lima"),
    ],
)
def test_city_and_country_names_in_each_language(typed, zone):
    assert parse_zone(typed) == zone


@pytest.mark.parametrize("typed", ["Россия", "España", "México", "Spain"])
def test_a_country_with_several_zones_is_asked_which_city(typed):
    with pytest.raises(ParseError, match=r"more than one time zone\. Which city"):
        parse_zone(typed)


# what people ask for


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("проверь мой баланс", Intent.CHECK),
        ("какое у меня соотношение", Intent.CHECK),
        ("отключи напоминания", Intent.STOP_REMINDERS),
        ("покажи историю", Intent.HISTORY),
        ("что такое магний", Intent.QUESTION),
        ("cuál es mi balance", Intent.CHECK),
        ("no más recordatorios", Intent.STOP_REMINDERS),
        ("mi historial", Intent.HISTORY),
        ("hola, cuánto magnesio necesito", Intent.QUESTION),
        ("zeig mein Gleichgewicht", Intent.CHECK),
        ("Erinnerungen ausschalten", Intent.STOP_REMINDERS),
        ("keine Erinnerungen mehr", Intent.STOP_REMINDERS),
        ("Verlauf", Intent.HISTORY),
        ("wie viel Magnesium brauche ich", Intent.QUESTION),
        ("всё выпила", None),
        ("12", None),
    ],
)
def test_intents_in_each_language(typed, intent):
    assert read_intent(typed) is intent


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("всё выпила", Status.ALL),
        ("как обычно", Status.ALL),
        ("не выпила", Status.NONE),
        ("забыл", Status.NONE),
        ("частично", Status.SOME),
        ("пропустить", Status.SKIPPED),
        ("las tomé todas", Status.ALL),
        ("no las tomé", Status.NONE),
        ("se me olvidó", Status.NONE),
        ("algunas", Status.SOME),
        ("alle genommen", Status.ALL),
        ("nicht genommen", Status.NONE),
        ("vergessen", Status.NONE),
        ("teilweise", Status.SOME),
        ("überspringen", Status.SKIPPED),
    ],
)
def test_check_in_answers_in_each_language(typed, status):
    assert read_status(typed) is status


# the word lists themselves


@pytest.mark.parametrize("language", SPOKEN)
def test_every_entry_is_a_pattern_without_groups_of_its_own(language):
    words = read_json(f"typed_words.{language}.json")
    for section in ("words", "times"):
        for english, patterns in words[section].items():
            assert patterns, english
            assert all(re.compile(pattern).groups == 0 for pattern in patterns), english  # its group is its reading


ENGLISH_ANSWERS = [
    "i'm 68",
    "a glass of milk every morning",
    "an apple a day",
    "once a week",
    "thank u",
    "nine o'clock",
    "one dose a day",
    "calcium w/ vitamin e",
    "i am 42 years old",
    "no more than 2 cans of soda",
]


@pytest.mark.parametrize("language", SPOKEN)
def test_no_word_of_a_language_list_is_an_english_answers_word(language):
    alone = Vocabulary.of([read_json(f"typed_words.{language}.json")["words"]])
    for typed in ENGLISH_ANSWERS:
        assert " ".join(alone.read(typed).split()) == typed


def _german(messages: dict[str, str]) -> Texts:
    catalog = Catalog(locale="de")
    for message, said in messages.items():
        catalog.add(message, said)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Texts("de", gettext.GNUTranslations(compiled), Locale.parse("de"))


def test_a_re_prompt_is_said_in_the_persons_language_with_its_numbers_and_times():
    german = _german(
        {
            "{what} should be between {low} and {high}; you typed {value}.": (
                "{what} sollte zwischen {low} und {high} liegen; du hast {value} getippt."
            ),
            "your age in years": "dein Alter in Jahren",
            "Do you mean {morning} or {evening}? Please type one of them.": (
                "Meinst du {morning} oder {evening}? Bitte tippe eins davon."
            ),
        }
    )
    with pytest.raises(ParseError) as refused:
        parse_number("2.5", low=0, high=2, what="your age in years")
    assert str(refused.value) == "Your age in years should be between 0 and 2; you typed 2.5."
    assert refused.value.said(german) == "Dein Alter in Jahren sollte zwischen 0 und 2 liegen; du hast 2,5 getippt."
    with pytest.raises(ParseError) as asked:
        parse_time("halb neun")
    assert asked.value.said(german) == "Meinst du 08:30 oder 20:30? Bitte tippe eins davon."
    with pytest.raises(ParseError) as refused:
        parse_servings("у меня 3 кошки", MILK)
    assert refused.value.said(german) == str(refused.value)  # not translated yet: English, whole


@pytest.mark.parametrize(
    ("typed", "read"),
    [("Präparate ändern", "supplements change"), ("meine Präparate", "my supplements")],
)
def test_the_word_german_labels_use_for_supplements_is_read(typed: str, read: str):
    assert in_english(typed) == read


def test_an_off_topic_word_read_from_another_language_is_not_named_in_english():
    with pytest.raises(ParseError) as raised:
        parse_servings("горсть орехов")  # read as "1 handful nuts": about nuts, at another question
    assert str(raised.value) == "That seems to be about something else, so I haven't counted it."
    with pytest.raises(ParseError) as raised:
        parse_servings("у меня 3 кошки")
    assert "(кошки)" in str(raised.value)
