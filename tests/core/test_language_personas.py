"""A person per language who only types in that language, through the core's reading alone: asks for
the check in words, answers every question, leaves the review for the result, sets a reminder by
city and time, answers the check-in and asks for the history."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from camag_core import assess
from camag_core.daily import Status, parse_zone, read_status
from camag_core.intents import Intent, read_intent, shows_the_balance
from camag_core.navigation import Move, typed_move
from camag_core.questionnaire import answer_text, next_question, previous_question, to_answers
from camag_core.schedule import Wanted, parse_times

PERSONAS = {
    "ru": {
        "ask": "Привет! Проверь мой баланс",
        "answers": [
            "мне 67 лет", "женщина", "ответить на вопросы", "стакан кефира каждый день", "нет", "назад", "нет",
            "иногда, два раза в неделю", "никогда", "горсть орехов", "редко", "хлеб каждый день", "ничего",
            "раз в неделю сардины", "нет", "не пью газировку", "одна таблетка магния цитрат 200 мг в день",
            "сам минерал", "остеопороз", "нет",
        ],
        "review": "готово",
        "zone": "в Москве", "times": "9 вечера", "at": time(21, 0), "zone_name": "Europe/Moscow",
        "checkin": "всё выпила", "history": "покажи мою историю",
    },
    "es": {
        "ask": "hola, ¿cuál es mi balance?",
        "answers": [
            "tengo 35 años", "mujer", "embarazada", "responder preguntas", "dos vasos de leche al día", "no",
            "a veces, una vez por semana", "nunca", "un puñado de almendras", "lentejas dos veces por semana",
            "avena todas las mañanas", "nada", "no como sardinas", "atrás", "no", "salmón una vez por semana",
            "un refresco al día", "calcio 500 mg y vitamina D 1000 UI al día", "ninguna", "ninguno",
        ],
        "review": "listo",
        "zone": "Ciudad de México", "times": "9 de la noche", "at": time(21, 0), "zone_name": "America/Mexico_City",
        "checkin": "las tomé todas", "history": "mi historial",
    },
    "de": {
        "ask": "Zeig mir meine Bilanz",
        "answers": [
            "ich bin 58 Jahre alt", "männlich", "Fragen beantworten", "zwei Gläser Milch täglich", "nein",
            "zweimal pro Woche", "nie", "eine Handvoll Nüsse", "selten", "Haferflocken jeden Morgen", "keinen",
            "nie", "einmal pro Woche Lachs", "überspringen", "Magnesiumcitrat 300 mg einmal täglich", "Verbindung",
            "Nierensteine", "L-Thyroxin",
        ],
        "review": "fertig",
        "zone": "Wien", "times": "21 Uhr", "at": time(21, 0), "zone_name": "Europe/Vienna",
        "checkin": "alle genommen", "history": "Verlauf zeigen",
    },
}  # fmt: skip

EXPECTED: dict[str, dict[str, Any]] = {
    "ru": {"age": 67, "sex": "female", "servings.dairy": 1, "servings.leafy_greens": 2 / 7, "soda_per_day": 0,
           "supplement_basis": "elemental", "conditions": ["osteoporosis"], "medications": []},
    "es": {"age": 35, "sex": "female", "life_stage": "pregnant", "servings.dairy": 2, "servings.fish_with_bones": 0,
           "servings.oily_fish": 1 / 7, "soda_per_day": 1, "conditions": [], "medications": []},
    "de": {"age": 58, "sex": "male", "servings.dairy": 2, "soda_per_day": None, "supplement_basis": "compound",
           "conditions": ["kidney_stones"], "medications": ["levothyroxine"]},
}  # fmt: skip


@pytest.mark.parametrize("language", PERSONAS)
def test_a_person_who_only_types_in_their_language_gets_through(language):
    said = PERSONAS[language]
    assert read_intent(said["ask"]) is Intent.CHECK
    draft: dict[str, Any] = {}
    for typed in said["answers"]:
        asked = next_question(draft)
        assert asked is not None, f"{typed!r}: no question left"
        move = typed_move(typed)
        if move is Move.BACK:
            previous = previous_question(draft, asked.id)
            assert previous is not None
            draft = {k: v for k, v in draft.items() if k != previous.id}
        elif move is Move.SKIP:
            draft = {**draft, asked.id: None}
        else:
            draft = answer_text(draft, asked.id, typed)
    assert next_question(draft) is None  # every question answered: the review
    assert {key: draft.get(key) for key in EXPECTED[language]} == EXPECTED[language]
    assert shows_the_balance(said["review"])
    result = assess(to_answers(draft))
    assert result.ratio is not None

    assert parse_zone(said["zone"]) == said["zone_name"]
    assert parse_times(said["times"]) == [Wanted(said["at"])]
    assert read_intent(said["checkin"]) is None  # not taken for a request...
    assert read_status(said["checkin"]) is Status.ALL  # ...but for the check-in's answer
    assert read_intent(said["history"]) is Intent.HISTORY
