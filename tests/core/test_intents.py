"""What people ask for in their own words where no question waits for an answer."""

from __future__ import annotations

import pytest

from camag_core.intents import Intent, is_yes, read_intent, shows_the_balance


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("check my balance", Intent.CHECK),
        ("whats my ratio", Intent.CHECK),
        ("Show my balance pls", Intent.CHECK),
        ("Meine Bilanz prüfen", Intent.CHECK),  # the German button's words, typed
        ("ich möchte meine Bilanz berechnen", Intent.CHECK),
        ("quiero revisar mi equilibrio", Intent.CHECK),
        ("хочу проверить баланс", Intent.CHECK),
        ("please stop the reminders", Intent.STOP_REMINDERS),
        ("no more check-ins thanks", Intent.STOP_REMINDERS),
        ("what is magnesium good for?", Intent.QUESTION),
        ("can I take calcium with coffee", Intent.QUESTION),
        ("took them all", None),
        ("45", None),
        ("x" * 5000, None),
    ],
)
def test_intents(typed, intent):
    assert read_intent(typed) is intent


@pytest.mark.parametrize(
    ("typed", "shows"),
    [("looks good", True), ("done 👍", True), ("whats my ratio", True), ("Bilanz anzeigen", True), ("45", False)],
)
def test_the_review_is_left_for_the_balance_by_these_words(typed, shows):
    assert shows_the_balance(typed) is shows


@pytest.mark.parametrize(
    "typed",
    ["yes", "Yes!", "yeah", "yep 👍", "yes delete", "Yes, erase it all please", "YUP", "да", "Да, удалить", "ja", "Sí"],
)
def test_a_clear_yes(typed):
    assert is_yes(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "ys",
        "ok",
        "sure?",
        "no",
        "yes but keep my reminder",
        "yes no",
        "not yes",
        "yess",
        "y" * 5000,
        "да нет",
        "ja, aber",
    ],
)
def test_anything_less_is_not_a_yes(typed):
    assert not is_yes(typed)
