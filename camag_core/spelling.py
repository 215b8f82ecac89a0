"""A word typed with a typo ("osteoperosis", "caltrat", "sardins") told from the word meant:
rapidfuzz's scores, 0 to 100. The library is loaded at the first word that needs it, not with
the core: it is about 40 modules and 2.7 MB that starting the bot does not need."""

from __future__ import annotations

from collections.abc import Iterable

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC = "абвгдежзиклмнопрстуфхцчшщъыьэюя"  # folded: no "й" (read "и")


def ratio(a: str, b: str) -> float:
    """How alike two words are, 0 to 100 (an edit distance, scaled)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def partial_ratio(shorter: str, longer: str) -> float:
    """How alike ``shorter`` is to the most alike part of ``longer``, 0 to 100."""
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(shorter, longer)


def slips(a: str, b: str) -> int:
    """How many slips of the keys turn ``a`` into ``b``: a letter added, left out, changed, or two
    neighbours swapped ("mael" and "male": one)."""
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b)


def closest(word: str, choices: Iterable[str], at_least: float) -> str | None:
    """The choice most like ``word`` (:func:`ratio`), if it scores ``at_least``; else ``None``."""
    from rapidfuzz import fuzz, process

    found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=at_least)
    return None if found is None else str(found[0])


def one_slip(word: str) -> set[str]:
    """Every word one slip of the keys away from ``word`` (see :func:`slips`), in its own alphabet
    (Cyrillic or Latin): what the person may have meant to type ("frua": "frau", "fra", ...). Its
    first letter is not changed: words differ there more than people slip there ("Tisch", "Fisch");
    nor any letter of a word shorter than five ("pelo", hair, and "peso", weight)."""
    letters = _CYRILLIC if any("а" <= ch <= "я" for ch in word) else _LATIN
    cuts = [(word[:at], word[at:]) for at in range(len(word) + 1)]
    left_out = {a + b[1:] for a, b in cuts if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
    changed = {a + ch + b[1:] for a, b in cuts if a and b and len(word) >= 5 for ch in letters}
    added = {a + ch + b for a, b in cuts for ch in letters}
    return (left_out | swapped | changed | added) - {word}
