"""Reading what people type: numbers, ages, servings, amounts and supplement descriptions.

Every parser either returns a value or raises :class:`ParseError` whose message is a friendly
re-prompt that says what is expected. "I don't know" is :data:`UNKNOWN`; "none" is an empty
answer. Nothing here guesses silently where two readings are possible: it asks.

People type in English, Russian, Spanish or German, whatever language CaMag speaks to them ("да"
in an English session). :func:`in_english` reads the words of the other languages as the English
words the parsers know ("две таблетки в день" -> "two tablets a day", "no tomo leche" -> "no take
milk"), from one word list per language (``data/typed_words.<lang>.json``), before any pattern
runs: :func:`plain_words` and :func:`normalise` do it, so every reader built on them reads all four.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import time
from functools import cache, lru_cache
from typing import Final

from pydantic import ValidationError

from camag_core._resources import read_json
from camag_core.answers import MAX_AGE, MAX_SERVINGS_PER_DAY, Supplement
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient
from camag_core.products import Product, find_products, spelt
from camag_core.spelling import closest, one_slip
from camag_core.supplements import MAX_DOSES_PER_DAY, Basis, Implausible, Unit, find_form, supplement_forms

MAX_TEXT = 1000  # longer answers are refused before any pattern runs


class Term(str):
    """A value of a message that is itself a catalog message (marked with ``N_``), translated with it."""

    __slots__ = ()


class ParseError(ValueError):
    """The text could not be read; the message tells the person what to type instead.

    The message is a catalog message (marked with ``N_`` where it is raised) with its values, as
    :mod:`camag_core.i18n` says: :meth:`said` words it in a person's language (numbers and times
    as their locale writes them, a :class:`Term` translated too); ``str()`` is the English."""

    def __init__(self, message: str, /, **values: object) -> None:
        self.message = message
        self.values = values
        super().__init__(self.said(ENGLISH))

    def said(self, t: Texts) -> str:
        """The re-prompt in ``t``'s language."""
        if not self.values:
            return t._(self.message)
        said = t._(self.message, **{name: _said(value, t) for name, value in self.values.items()})
        return said[:1].upper() + said[1:]


def _said(value: object, t: Texts) -> str:
    if isinstance(value, Term):
        return t._(value)
    if isinstance(value, ParseError):
        return value.said(t)
    if callable(value):  # a value that words itself (Implausible's)
        return str(value(t))
    if isinstance(value, float | int):
        return t.decimal(value, 2)
    if isinstance(value, time):
        return t.time(value)
    return str(value)


class PerWeek(ParseError):
    """A re-prompt that asks how many times a week: a number alone answering it is a week's count."""

    def __init__(self) -> None:
        super().__init__(N_('Roughly how many times a week? For example "2 a week".'))


class BirthYear(ParseError):
    """A year typed at the age question ("2010", "born in 2010"): the age it means is offered, for
    ``year`` (this year, as the front end knows it), to be typed as the age."""

    def __init__(self, born: int, year: int | None = None) -> None:
        self.born = born
        if year is None or not 0 < year - born <= MAX_AGE:
            super().__init__(
                N_("Is {born} the year you were born? Please type your age in years instead."), born=str(born)
            )
            return
        super().__init__(
            N_(
                "Born in {born}? Then you are {younger} or {older}, by whether you've had your birthday this year: "
                "please type your age, like “{older}”."
            ),
            born=str(born),
            younger=year - born - 1,
            older=year - born,
        )


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()

_UNKNOWN_RE = re.compile(
    r"^(?:i\s+)?(?:don'?t|do\s+not|dont)\s+know\b.*|^(?:not\s+sure|unsure|unknown|idk|no\s+idea|no\s+clue|dunno|\?+)$"
    r"|^(?:i\s+)?(?:don'?t|do\s+not|dont|can'?t|cannot)\s+remember$"
)
_NONE_RE = re.compile(
    r"^(?:none|no|nope|nah|nothing|nil|n/?a|0|zero|none of (?:these|them|those)"
    r"|(?:no|none|nothing)\s+(?:supplements?|meds|medicines?|medications?|drugs|pills)"
    r"|i\s+don'?t(?:\s+take\s+any)?|(?:i\s+)?(?:no|not|don'?t)\s+take(?:\s+any)?"
    r"(?:\s+(?:supplements?|meds|medicines?|medications?|drugs|pills))?)$"
)

# The languages whose words are read as English ones (English is the parsers' own).
SPOKEN: Final = ("ru", "es", "de")


def fold(text: str) -> str:
    """``text`` lower-cased, its letters without accents: "Täglich" -> "taglich", "ещё" -> "еще",
    "días" -> "dias" (people type them either way)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_LOOK_BEHIND = re.compile(r"^\(\?<[!=](?:\[[^\]]*\]|[^)])*\)")
_WORD_START = re.compile(r"(?<![\w'])\w")
_PLAIN = re.compile(r"[\w' -]+")  # an entry of words only: looked up as a phrase, not matched as a pattern
_A_WORD = r"[\w'-]+"
_LONGEST_WORD = 30  # letters: longer than any word of the lists ("entwasserungstabletten", 22)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words of other languages and the English words they are read as. Most entries are plain
    words or phrases, looked up in a dict; the others are patterns ("таблет\\w*"), one per letter
    they begin with. At each word the longest match wins ("не знаю" over "не")."""

    phrases: dict[str, str]  # phrase -> its reading
    following: re.Pattern[str]  # as many words as the longest phrase has, from a word on
    by_letter: dict[str, tuple[re.Pattern[str], tuple[str, ...]]]  # the patterns, their readings by group

    @classmethod
    def of(cls, tables: Iterable[dict[str, list[str]]]) -> Vocabulary:
        """From tables of English -> entries; an earlier table's entry wins over a later one's."""
        read: dict[str, str] = {}
        for table in tables:
            for english, entries in table.items():
                for entry in entries:
                    read.setdefault(fold(entry), english)
        phrases = {entry: english for entry, english in read.items() if _PLAIN.fullmatch(entry)}
        letters: dict[str, list[str]] = {}
        for pattern in sorted(read.keys() - phrases.keys(), key=len, reverse=True):
            letters.setdefault(_LOOK_BEHIND.sub("", pattern)[0], []).append(pattern)
        longest = max((len(phrase.split()) for phrase in phrases), default=1)
        return cls(
            phrases,
            re.compile(rf"{_A_WORD}(?:\s+{_A_WORD}){{0,{longest - 1}}}"),
            {
                letter: (
                    re.compile("(?:" + "|".join(f"({p})" for p in patterns) + ")(?![\\w'])"),
                    tuple(read[p] for p in patterns),
                )
                for letter, patterns in letters.items()
            },
        )

    def _at(self, folded: str, at: int) -> tuple[int, str] | None:
        """The longest entry that matches at ``at``: where it ends, and its reading."""
        found: tuple[int, str] | None = None
        if (entry := self.by_letter.get(folded[at])) is not None and (match := entry[0].match(folded, at)):
            found = match.end(), entry[1][(match.lastindex or 1) - 1]
        words = self.following.match(folded, at)
        # a word ends at a space or at a hyphen: "два-три" is "два" and "три", "кока-кола" one word
        spans = [m.end() for m in re.finditer(r"[\w']+", words[0])] if words else []
        for end in reversed(spans):
            phrase = " ".join(words[0][:end].split()) if words else ""
            if phrase in self.phrases and (found is None or at + end >= found[0]):
                return at + end, self.phrases[phrase]
        return found

    def read(self, text: str) -> str:
        """``text`` folded, each word of another language replaced by its English reading."""
        folded = fold(text)
        said: list[str] = []
        done = 0
        for word in _WORD_START.finditer(folded):
            if word.start() >= done and (found := self._at(folded, word.start())) is not None:
                said += [folded[done : word.start()], f" {found[1]} "]
                done = found[0]
        return re.sub(" {2,}", " ", "".join([*said, folded[done:]]))

    def near(self, word: str) -> frozenset[str]:
        """The readings of the entries one slip away from ``word`` ("frua": "woman", for "frau"),
        each a whole word of four letters or more: a shorter one has too many neighbours. None for a
        word longer than any of the lists' (its slips would be many, and slow to look up)."""
        if len(word) > _LONGEST_WORD:
            return frozenset()
        slips = [slip for slip in one_slip(fold(word)) if len(slip) >= 4]
        return frozenset(found[1] for slip in slips if (found := self._at(slip, 0)) and found[0] == len(slip))


@cache
def spoken(section: str) -> Vocabulary:
    """The words of every language in :data:`SPOKEN`: ``"words"`` for any answer, ``"times"``
    (then ``"words"``) for a time of day. Read once."""
    files = [read_json(f"typed_words.{language}.json") for language in SPOKEN]
    sections = [section, "words"] if section != "words" else ["words"]
    return Vocabulary.of(words[name] for name in sections for words in files)


@cache
def _spelt_out() -> Vocabulary:
    """The words of :func:`spoken` that a typo is forgiven in (:meth:`Vocabulary.near`): whole
    words, and patterns that spell four letters or more before they vary, five before any ending
    ("женщин\\w*", but not "рыб\\w*", which "работа" is one slip from, nor "кост\\w*", which
    "остеопароз" is)."""
    files = [read_json(f"typed_words.{language}.json")["words"] for language in SPOKEN]
    return Vocabulary.of(
        {english: [entry for entry in entries if _spells_out(fold(entry))] for english, entries in words.items()}
        for words in files
    )


@lru_cache(maxsize=4096)
def meant(word: str) -> frozenset[str]:
    """What ``word``, typed with a typo, may mean: :func:`_spelt_out`'s readings one slip from it
    (remembered: the same words come again, and each takes about a millisecond)."""
    return _spelt_out().near(word) if len(word) >= 4 else frozenset()


def _spells_out(entry: str) -> bool:
    spelt = len(re.split(r"[\W\d_]", entry, maxsplit=1)[0])
    return bool(_PLAIN.fullmatch(entry)) or spelt >= (5 if "\\w" in entry else 4)


def in_english(text: str) -> str:
    """``text`` lower-cased, without accents, with the words people type in Russian, Spanish and
    German read as English ones; English words are left as they are."""
    return re.sub(r"\s+", " ", spoken("words").read(text)).strip()


# A mineral glued to its compound, as German writes it: "Magnesiumcitrat", "Calciumcarbonat".
_GLUED = re.compile(r"(?<![^\W\d_])(magnesium|calcium|kalzium)(?=[^\W\d_]{4,})")

# German numbers of one word: tens with the units first, "fünfundvierzig" (45) read "vierzig funf",
# "forty five"; and a half, "zweieinhalb" read "zwei and a half"
_TENS_LAST = re.compile(
    r"(?<![^\W\d_])(ein|zwei|drei|vier|funf|sechs|sieben|acht|neun)und"
    r"(zwanzig|dreissig|vierzig|funfzig|sechzig|siebzig|achtzig|neunzig)(?![^\W\d_])"
)
_AND_A_HALF = re.compile(r"(?<![^\W\d_])(zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn)einhalb(?![^\W\d_])")
_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS_WORDS = re.compile(rf"\b({'|'.join(_TENS)})(?:(?:[-\s]|\sand\s)({'|'.join(_UNITS)}))?\b")


def _tens(match: re.Match[str]) -> str:
    return str(_TENS[match[1]] + (_UNITS.index(match[2]) + 1 if match[2] else 0))


def spell_numbers(text: str) -> str:
    """``text`` (lower-case English) with numbers written in words as digits: "twenty one" -> "21"."""
    t = _TENS_WORDS.sub(_tens, text)
    for word, number in _WORDS.items():
        t = re.sub(rf"\b{word}\b", str(number), t)
    return t


_COUNTABLE = (
    r"(?:tablets?|tabs?|caplets?|capsules?|caps?|pills?|softgels?|gummies|gummy|drops?|scoops?|doses?|servings?"
    r"|chewables?|sachets?)"
)
_UNIT_WORDS = r"(?:grams?|g|milligrams?|mg|micrograms?|mcg|ug|iu|units?)"


def normalise(text: str) -> str:
    """Lower-case ``text`` and spell numbers as digits: "half a gram" -> "0.5 gram"."""
    t = " " + _guard(text).strip().lower().replace("\u00a0", " ") + " "
    t = re.sub(r"[µμ]g\b", "mcg", t)
    t = re.sub(r"\bi\.\s?u\.?", "iu", t)
    if re.search(r"\d(?:,?\d){15,}", t):  # no answer has that many digits (and float() would overflow)
        raise ParseError(N_("That number is far too long; please type a shorter one."))
    if re.search(r"(?<![\w.])\d+(?:\.\d+)?e[+-]?\d", t):
        raise ParseError(N_('Please write the number out in full, like "1000" rather than "1e3".'))
    t = re.sub(r"(?<=\d)(?=[^\W\d_]{2,})", " ", t)  # a unit glued to its number: "1000ui", "500мг"
    fractions = {"½": 0.5, "¼": 0.25, "¾": 0.75}
    t = re.sub(r"(?<!\d)(\d+)?\s*([½¼¾])", lambda m: f" {int(m[1] or 0) + fractions[m[2]]:g}", t)
    t = _AND_A_HALF.sub(r"\1 and a half", _TENS_LAST.sub(r"\2 \1", _GLUED.sub(r"\1 ", fold(t))))
    t = spoken("words").read(t)
    t = re.sub(r"(?<=\d)-\s*(?=times?\b)", " ", t)  # "3-mal" read as "3- times": 3 times
    t = re.sub(r"\b(?:half an?|a half|half)\b", "0.5", t)
    t = spell_numbers(t)
    # "two and a half", "a glass and a half": so many and 0.5
    t = re.sub(
        r"(?<![\d.])(\d+|an?)(\s+[a-z]+)?\s+and 0\.5\b",
        lambda m: f"{(int(m[1]) if m[1].isdigit() else 1) + 0.5:g}{m[2] or ''}",
        t,
    )
    t = re.sub(rf"\b(?:an?)\s+(?={_COUNTABLE}|{_UNIT_WORDS}\b)", "1 ", t)
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)  # 1,000 -> 1000
    t = re.sub(r"(?<![\d.,])([1-9]\d{0,2})\.(?=\d{3}(?![\d.,]))", r"\1", t)  # 1.000 (es, de) -> 1000
    t = re.sub(r"(?<=\d),(?=\d{1,2}(?![\d,]))", ".", t)  # a decimal comma: 1,5 -> 1.5
    t = re.sub(
        r"(?<![\d.])(\d+)\s+(\d+)\s*/\s*(\d+)",
        lambda m: str(int(m[1]) + int(m[2]) / int(m[3])) if int(m[3]) else m[0],
        t,
    )
    t = re.sub(r"(?<![\d.])(\d+)\s*/\s*(\d+)(?![\d.])", lambda m: str(int(m[1]) / int(m[2])) if int(m[2]) else m[0], t)
    t = re.sub(r"(?<![\d.])(\d+(?:\.\d+)?)\s*k\s*(?=iu\b|units?\b)", lambda m: f"{float(m[1]) * 1000:g} ", t)
    t = re.sub(r"(\d)\s*x\s*(?=\d)", r"\1 x ", t)  # 2x250mg -> 2 x 250mg
    return re.sub(r"\s+", " ", t).strip()


_FILLER = re.compile(
    r"\b(?:please|pls|plz|thanks|thank you|thx|ty|lol|haha|ok|okay|um+|uh+|hmm+|so|well|just|like|"
    r"i'?m|i am|i'?d say|it'?s|its|my|answer is|i think|probably|prob|yeah|yep|yes)\b"
)


_FILLER_WORDS: Final = frozenset(read_json("typed_words.json")["filler"])


def plain_words(text: str) -> str:
    """``text`` without emoji, punctuation and filler words, lower-cased: what a person meant to
    type ("guy 👍" -> "guy", "berlin pls" -> "berlin", "idk 🤷" -> "idk"). Keeps the characters
    numbers, times and offsets need (digits, ``.:/+-``)."""
    t = unicodedata.normalize("NFKC", _guard(text)).lower()
    t = "".join(ch if ch.isalnum() or ch in " .:/+-'" else " " for ch in t)
    t = _FILLER.sub(" ", spoken("words").read(t))
    return re.sub(r"\s+", " ", t).strip(" .'-")


def _says(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` says ``pattern``, as typed or without its emoji and filler."""
    if len(text) > MAX_TEXT:
        return False
    return any(pattern.match(normalise(form).rstrip(".!")) for form in (text, plain_words(text)))


def is_unknown(text: str) -> bool:
    return _says(_UNKNOWN_RE, text)


def is_none(text: str) -> bool:
    return _says(_NONE_RE, text)


def _guard(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise ParseError(N_("That's a lot of text! Please answer in a few words."))
    return text


_NUMBER = r"(?<![\w.])(\d+(?:\.\d+)?|\.\d+)(?!\d|\.\d)"
_RANGE = _NUMBER + r"\s*(?:-|to|or)\s*" + _NUMBER  # "2-3", "2 to 3", "2 or 3"


def parse_number(text: str, *, low: float, high: float, what: str) -> float:
    """The single number in ``text``, within ``low``..``high``."""
    t = normalise(text)
    if re.search(r"(?<![\w.])-\s*\d", t):
        # TRANSLATORS: {what} is a thing asked for, like "the number of servings" or "your age in years"
        raise ParseError(N_("{what} can't be negative."), what=Term(what))
    found = re.findall(_NUMBER, t)
    if len(found) != 1:
        raise ParseError(
            # TRANSLATORS: {what} is a thing asked for, like "the number of servings" or "your age in years"
            N_("Please type {what} as a number, for example {example}."),
            what=Term(what),
            example=low + (high - low) / 4,
        )
    value = float(found[0])
    if not low <= value <= high:
        raise ParseError(
            # TRANSLATORS: {what} is a thing asked for, like "the number of servings" or "your age in years"
            N_("{what} should be between {low} and {high}; you typed {value}."),
            what=Term(what),
            low=low,
            high=high,
            value=value,
        )
    return value


# Words that say how much or how often, or that people put around an answer: a number counts as an
# answer only when every other word is one of these or about the question itself (its topic).
_COUNT_WORDS: Final = frozenset(read_json("typed_words.json")["count"])


def _said_in_any_language(section: str) -> re.Pattern[str]:
    """Any phrase of ``section`` of the word lists of every language, as typed (folded)."""
    files = ("typed_words.json", *(f"typed_words.{language}.json" for language in SPOKEN))
    phrases = (re.escape(fold(words)) for file in files for words in read_json(file)[section])
    return re.compile(r"(?<![\w'])(?:" + "|".join(phrases) + r")(?![\w'])")


# Another person (or pet) named in an answer, in each language, as typed: "my mother takes 500 mg calcium"
_SOMEONE_ELSE: Final = _said_in_any_language("someone_else")
# Advice, or a plan, not what is taken now: "my doctor said 500 mg calcium might help"
_ADVICE: Final = _said_in_any_language("advice")
_AGE_WORDS: Final = frozenset(read_json("typed_words.json")["age"])
_VAGUE = (
    (re.compile(r"\b(?<!almost )(?:never|not at all|not any more|not anymore)\b"), 0.0),
    (re.compile(r"\b(?:rarely|seldom|hardly ever|almost never)\b"), 1 / 30),  # about once a month
    (re.compile(r"\b(?:most days|nearly every day|almost every day)\b"), 5 / 7),
    (re.compile(r"\b(?:every|each)\s+(?:day|morning|evening|night|lunch|breakfast|dinner)\b|\bdaily\b"), 1.0),
)
# Phrases of how often with a count word or a measure in them that is not one ("once in a while"
# is rarely, "from time to time" and "now and then" sometimes)
_HOW_OFTEN_IN_WORDS = re.compile(r"\b(?:(once in a while)|(?:every )?now and then|from time to time)\b")
_NEGATION = re.compile(r"\b(?:no|none|not|dont|don't|do not|never|zero|nothing)\b")
# "not every day", "not very often": less than that, but how much less is not said
_NOT_QUITE = re.compile(
    r"\b(?:not|no|dont|don't)\s+(?:very\s+|that\s+|so\s+|really\s+)?(?:every|each|daily|often|much|many|always)\b"
)


def _known(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether ``word`` is in ``vocabulary``, allowing a typo in a word of four letters or more
    ("glas", "sardins"); short words ("son", "do") have too many neighbours for that."""
    if word in vocabulary or word.isdigit():
        return True
    longer = [known for known in vocabulary if len(known) >= 4]
    return len(word) >= 4 and closest(word, longer, at_least=85) is not None


_WORD = r"(?:[^\W\d_]|')+"  # a word in any alphabet: a word not read as English is not about the question


def _off_topic(t: str, topic: Iterable[str], vocabulary: frozenset[str]) -> list[str]:
    """The words of ``t`` that are about something else than the question: not one of ``vocabulary``,
    nor of the topic, as typed or as a word of another language with a typo ("sardnas": sardinas)."""
    topical = {w for phrase in topic for w in re.findall(_WORD, phrase.lower())}
    known = vocabulary | _FILLER_WORDS | topical
    own = frozenset(topical - vocabulary)  # the topic's own words: "sardines", not "drink"
    unknown = [w for w in re.findall(_WORD, t) if not _known(w, known)]
    if len(unknown) > _FEW_TYPOS:  # a sentence about something else, not an answer with a typo
        return unknown
    return [w for w in unknown if not _misspelt(w, own)]


_FEW_TYPOS = 3  # words of one answer that a typo is looked for in


def _misspelt(word: str, topic: frozenset[str]) -> bool:
    """Whether ``word`` is one slip from a word of another language about the topic, and from no
    other word of those languages ("Mehl" is one slip from "mehr", a count word, but no count; "beer"
    from "beber", drink, but that is no word of the topic's own)."""
    if not topic:
        return False
    readings = meant(word)
    return len(readings) == 1 and set(re.findall(_WORD, next(iter(readings)))) <= topic


def _about_something_else(words: list[str], typed: str) -> ParseError:
    """Say which words were about something else: those the person typed as such (a word read from
    another language, "орехов" read as "nuts", is not named in its English reading)."""
    as_typed = {fold(word): word for word in re.findall(_WORD, typed)}  # "tochter": "Tochter", "моеи": "моей"
    own = [as_typed[word] for word in dict.fromkeys(words) if word in as_typed]
    if not own:
        return ParseError(N_("That seems to be about something else, so I haven't counted it."))
    # TRANSLATORS: {words} are the person's own words that are not about the question, like "water, coffee"
    return ParseError(
        N_("That seems to be about something else ({words}), so I haven't counted it."), words=", ".join(own)
    )


_MEASURE = (
    r"(?:(?:small |big |large |little )?(?:handful|glass|cup|bowl|slice|can|tin|piece|pot|mug|bottle|spoon|tablespoon"
    r"|serving|portion|time))"
)


def _count(t: str, *, high: float, what: str) -> float:
    """The one count in ``t``: "2", "2-3" or "2 or 3" (the middle), "a glass twice" (2), within
    0..``high``."""
    t = re.sub(r"\bonce\b", "1 times", re.sub(r"\btwice\b", "2 times", re.sub(r"\bthrice\b", "3 times", t)))
    t = re.sub(r"\ba couple(?: of)?\b", "2", t)
    t = re.sub(rf"\ban?\s+(?={_MEASURE}s?\b)", "1 ", t)
    # "a coke", "a yogurt": one of what the question is about ("a few" and "a little" are no count)
    t = re.sub(r"\ban?\s+(?=(" + _WORD + "))", lambda m: m[0] if m[1] in _COUNT_WORDS else "1 ", t)
    if re.search(_NUMBER, t) is None:  # "handful of almonds" ("горсть миндаля": Russian has no "a")
        t = re.sub(rf"\b(?={_MEASURE}\b)", "1 ", t, count=1)
    return parse_number(_SO_MANY_TIMES.sub(_times_over, _middle(t)), low=0, high=high, what=what)


# So many, so many times: "2 glasses 3 times" (a week), "3 times 2 glasses"
_SO_MANY_TIMES = re.compile(
    rf"{_NUMBER}\s+(?:[^\W\d_]+\s+){{1,4}}?{_NUMBER}\s*times?\b|{_NUMBER}\s*times?\s+(?:[^\W\d_]+\s+){{0,3}}?{_NUMBER}"
)


def _times_over(match: re.Match[str]) -> str:
    numbers = [float(number) for number in match.groups() if number is not None]
    return f" {numbers[0] * numbers[1]:g} "


def _middle(t: str) -> str:
    """``t`` with a range of counts, "2-3" or "2 or 3", as its middle: "2.5"."""
    span = re.search(_RANGE, t)
    if span is None or float(span[1]) >= float(span[2]):
        return t
    return t[: span.start()] + f" {(float(span[1]) + float(span[2])) / 2:g} " + t[span.end() :]


# A clause that says an age in so many words: "i'm 34", "aged 34", "34 years old", and "i 34 years"
# ("мне 34" reads "i am 34"); a bare "i 34" beside another clause is not ("i 1 and water").
_AGE_CLAUSE = re.compile(
    r"^(?:i\s*'?\s*m|i am|am|aged?)\s+\d+(?:\.\d+)?\s*(?:years?|yrs?)?(?:\s*old)?$"
    r"|^i\s+\d+(?:\.\d+)?\s*(?:years?|yrs?)(?:\s*old)?$|^\d+\s*(?:years?|yrs?)\s*old$"
)


def _age_clause(t: str) -> str:
    """Of a sentence of several clauses ("i'm 34 and i have 2 kids"), the one clause that says an age
    in so many words; else the whole sentence (a number among other words is not an age)."""
    # "y", "und" and "и" are read as "and" by then; "but" in the other languages is not
    clauses = [c.strip() for c in re.split(r",|;|\b(?:and|but|pero|aber|а|но)\b", t) if c.strip()]
    said = [c for c in clauses if _AGE_CLAUSE.match(c)]
    return said[0] if len(clauses) > 1 and len(said) == 1 else t


# "2010", "born in 2010", "nací en 2010", "geboren 2010", "родилась в 2010 году": a year, as typed
_BORN = re.compile(
    r"^(?:i was |ich bin |yo )?(?:(?:born|naci(?:do|da)?|geboren|родил(?:ся|ась))(?: in| en| im jahr| в)? )?(\d{4})"
    r"(?: году?| г| geboren)?$"
)


def parse_age(text: str) -> float:
    """An age in years; "6 months" and "18 mo" are read as months. Other words are not an age, but
    for a clause of their own beside one that says the age ("i'm 34 and i have 2 kids")."""
    t = _age_clause(normalise(text))
    if (born := _BORN.match(" ".join(fold(text).strip(" .!").split()))) is not None and 1900 <= int(born[1]) <= 2100:
        raise BirthYear(int(born[1]))
    if re.search(r"\b(?:months?|mo|mos)\b", t):
        if off := _off_topic(t, ("months", "mo", "mos", "baby"), _AGE_WORDS):
            raise _about_something_else(off, text)
        months = parse_number(t, low=0, high=24, what=N_("the age in months"))
        return months / 12
    if re.search(_NUMBER, t) and (off := _off_topic(t, (), _AGE_WORDS)):  # no number: asked for one below
        raise _about_something_else(off, text)
    return parse_number(t, low=0, high=MAX_AGE, what=N_("your age in years"))


def parse_servings(
    text: str,
    topic: Iterable[str] = (),
    *,
    high: float = MAX_SERVINGS_PER_DAY,
    what: str = N_("the number of servings"),
) -> float:
    """How many a day, the way people say it: "3 a week", "twice a week", "a handful", "never",
    "rarely" (about once a month), "most days" (5 a week), "oatmeal every morning", "i dont drink soda".
    A number in a sentence about something else is refused: every other word must say how much or
    how often, or be about the question (``topic``: its words, like "sardines")."""
    t = _HOW_OFTEN_IN_WORDS.sub(lambda m: "rarely" if m[1] else "sometimes", normalise(text))
    t = _WEEKENDS.sub("twice a week", t)  # Saturday and Sunday, as "los fines de semana" reads
    if is_none(t):
        return 0.0
    if off := _off_topic(t, topic, _COUNT_WORDS):
        raise _about_something_else(off, text)
    parts = re.split(r",|\band\b|\bplus\b", t)
    if len(parts) > 1 and all(_counts_a_food(part) for part in parts):  # "a yogurt a day and a glass of milk"
        total = sum(parse_servings(part, topic, high=high, what=what) for part in parts)
        if total > high:
            raise ParseError(
                N_("{what} should be between {low} and {high}; you typed {value}."),
                what=Term(what),
                low=0,
                high=high,
                value=total,
            )
        return total
    uncounted = [part for part in parts if _names_a_food(part) and not _counts_a_food(part)]
    if len(parts) > 1 and uncounted and any(_counts_a_food(part) for part in parts):
        # "a glass of milk and some cheese": the cheese is neither counted nor left out
        raise ParseError(N_("How many of each? Please give a number for each, like “1 glass and 2 slices a day”."))
    has_number = re.search(_NUMBER, t) is not None or re.search(
        rf"\b(?:once|twice|thrice|an?(?! (?:few|day|week|month)\b)|couple|{_MEASURE})\b", t
    )  # "a few" (times a week) says no number
    if _NOT_QUITE.search(t) and not has_number:
        raise PerWeek()
    for pattern, per_day in _VAGUE:
        if pattern.search(t) and (per_day == 0 or not has_number):
            return per_day
    if not has_number:  # "sometimes", "cola": what, but not how many
        if _NEGATION.search(t):
            return 0.0
        raise PerWeek()
    weekly = re.search(r"\b(?:a|per|each|every|/)\s*week\b|\bweekly\b|\bdays? a week\b", t)
    monthly = re.search(r"\b(?:a|per|each|every|/)\s*month\b|\bmonthly\b", t)
    days = 30 if monthly else 7 if weekly else 1
    t = re.sub(r"\b(?:a|per|each|every)\s*(?:day|week|month)\b|\b(?:daily|weekly|monthly)\b", " ", t)
    return _count(t, high=high * days, what=what) / days


def _names_a_food(part: str) -> bool:
    """Whether ``part`` of an answer names a food or a measure: "cheese", "a yogurt", "2 glasses"."""
    return any(w not in _COUNT_WORDS or re.fullmatch(rf"{_MEASURE}e?s?", w) for w in re.findall(_WORD, part))


def _counts_a_food(part: str) -> bool:
    """Whether ``part`` of an answer counts a food or a measure of its own: "a yogurt", "2 glasses"."""
    counted = rf"{_NUMBER}|\ban?\b|\bonce\b|\btwice\b|\b{_MEASURE}e?s?\b"  # "стакан молока": "glass milk"
    return _names_a_food(part) and re.search(counted, part) is not None


_UNIT = r"(?P<unit>milligrams?|mg|micrograms?|mcg|ug|grams?|g|gr|international units?|iu|units?)\b"
_AMOUNT = re.compile(_NUMBER + r"\s*" + _UNIT)
_AMOUNT_RANGE = re.compile(_RANGE + r"\s*" + _UNIT)  # "250-500 mg": which of them is not said


def _unit(word: str) -> Unit:
    if word.startswith(("milligram", "mg")):
        return Unit.MG
    if word.startswith(("microgram", "mcg", "ug")):
        return Unit.MCG
    if word.startswith(("gram", "g")):
        return Unit.G
    return Unit.IU


def parse_amount(text: str) -> tuple[float, Unit]:
    """An amount with its unit: "1000 IU", "25 mcg", "half a gram", "250mg"."""
    found = _AMOUNT.findall(normalise(text))
    if len(found) != 1:
        raise ParseError(N_('Please give one amount with its unit, like "250 mg", "1000 IU" or "25 mcg".'))
    number, unit = found[0]
    value = float(number)
    if value <= 0:
        raise ParseError(N_("The amount should be more than zero."))
    return value, _unit(unit)


@dataclass(frozen=True, slots=True)
class ParsedSupplement:
    supplement: Supplement
    basis_stated: bool  # False: the text did not say elemental or compound

    @property
    def basis_matters(self) -> bool:
        """Whether elemental vs compound changes the count (a known mineral form, amount given)."""
        s = self.supplement
        return (
            s.nutrient is not VITAMIN_D
            and s.amount is not None
            and s.form is not None
            and find_form(s.nutrient, s.form) is not None
        )


_VITAMIN_D = re.compile(r"\b(?:vit(?:amin)?\.?\s*d[23]?|d[23]|cholecalciferol|ergocalciferol)\b")
_CALCIUM = re.compile(r"\b(?:calcium|cal)\b")
_MAGNESIUM = re.compile(r"\b(?:magnesium|mag|magnesia|epsom)\b")
_FORM_WORDS = {
    "carbonate", "citrate", "lactate", "gluconate", "oxide", "glycinate", "bisglycinate", "chloride",
    "sulfate", "sulphate", "aspartate", "malate", "threonate", "l-threonate", "hydroxide", "taurate",
    "taurinate", "orotate", "glycerophosphate", "phosphate", "coral", "mchc", "hydroxyapatite", "ccm",
}  # fmt: skip
_SPECIAL_FORMS = {
    "milk of magnesia": "milk of magnesia", "epsom salt": "epsom salt", "citrate malate": "citrate malate",
    "oyster shell": "oyster shell", "tricalcium phosphate": "tricalcium phosphate",
    "dicalcium phosphate": "dicalcium phosphate",
}  # fmt: skip
# "2 tablets", "2x capsules", "2 mag pills" and "2 calcium carbonate tablets" (up to three words
# between the number and what is counted, none of them a unit: "2 mg tablets" is an amount)
_COUNTED_AFTER = r"(?:(?!(?:mg|mcg|ug|iu|units?|g)\b)[a-z][a-z0-9-]*\s+){0,3}"
_COUNT = re.compile(_NUMBER + r"\s*(?:x\s*)?" + _COUNTED_AFTER + _COUNTABLE + r"\b")
# How often: "twice a day", "3 times weekly", or only "twice" or "3 times" (a day, as people mean
# it; a bare "2x" is a count, read by _X_COUNT)
_TIMES = re.compile(
    r"(?:" + _NUMBER + r"\s*(?:(?P<x>x)|times?)|(?P<word>\b(?:once|twice|thrice)\b))"
    r"(?:\s*(?:a|per|each|every|/)?\s*(?P<period>day|daily|week|weekly|month|monthly)\b)?"
)
_X_COUNT = re.compile(r"(?<![\w.])x\s*(\d+)\b|(?<![\w.])(\d+)\s*x\b")
_EVERY_OTHER_DAY = re.compile(r"\b(?:every (?:other|second) day|(?:on )?alternate days)\b")
_WEEKENDS = re.compile(r"\b(?:on |at )?(?:the )?weekends?\b")  # Saturday and Sunday: 2 days a week
# How often left open: asked, not read as every day
_NOW_AND_THEN = re.compile(
    r"\b(?:sometimes|occasionally|now and then|from time to time|once in a while|when i remember|some days|"
    r"rarely|seldom|irregularly|on and off|off and on|as needed|when needed|if needed)\b"
)
# Taken no more: "used to take", "stopped 2 years ago"
_NO_LONGER = re.compile(r"\b(?:used to|stop(?:ped)?|no longer|not any ?more|anymore|gave up|quit)\b")
_DAYS_IN = {"day": 1, "daily": 1, "week": 7, "weekly": 7, "month": 30, "monthly": 30}
_PER = re.compile(r"\b(?:a|per|each|every|/)\s*(week|month)\b|\b(weekly|monthly)\b")  # "a month": not daily
# "every 3 months" ("alle 3 Monate" reads "all 3 months")
_EVERY_FEW = re.compile(r"\b(?:every|all)\s+" + _NUMBER + r"\s*(day|week|month)s\b")
# So many a day, a week or a month: "2 a day", "2 a week"
_A_PERIOD = re.compile(_NUMBER + r"\s*(?:(?:a|per|each|every|/)\s*(?:day|week|month)|daily|weekly|monthly)\b")


def _nutrient_and_form(t: str) -> tuple[Nutrient | None, str | None]:
    nutrients = [
        n
        for n, pattern in (
            (CALCIUM, _CALCIUM),
            (MAGNESIUM, _MAGNESIUM),
            (VITAMIN_D, _VITAMIN_D),
        )
        if pattern.search(t)
    ]
    form_word = next((w for w in _SPECIAL_FORMS if w in t), None) or next(
        (w for w in re.findall(r"[a-z-]+", t) if w in _FORM_WORDS), None
    )
    if len(nutrients) > 1:
        raise ParseError(
            N_(
                'Please describe one supplement per line, e.g. "500 mg calcium carbonate" '
                'and "1000 IU vitamin D" on separate lines.'
            )
        )
    nutrient = nutrients[0] if nutrients else None
    if form_word is None:
        return nutrient, None
    minerals = [n for n in (CALCIUM, MAGNESIUM) if find_form(n, form_word)]
    if nutrient is None:
        if len(minerals) != 1:
            # TRANSLATORS: {form} is a compound as the person typed it, like "citrate"
            raise ParseError(N_("Is that calcium {form} or magnesium {form}? Please say which."), form=form_word)
        nutrient = minerals[0]
    if nutrient not in minerals:
        forms = ", ".join(f.name for f in supplement_forms() if f.mineral is nutrient)
        unknown = (
            # TRANSLATORS: {form} is a compound as the person typed it, {forms} the compounds CaMag knows
            N_("I don't know calcium {form}. Known forms: {forms}.")
            if nutrient is CALCIUM
            else N_("I don't know magnesium {form}. Known forms: {forms}.")
        )
        raise ParseError(unknown, form=form_word, forms=forms)
    found = find_form(nutrient, form_word)
    return nutrient, found.name if found else None


def _per_day(typed: str) -> float:
    t = _middle(typed)  # "2-3 tablets": 2.5, as with servings (and said back)
    if _NO_LONGER.search(t):
        raise ParseError(
            N_("It sounds like you don't take it any more: please list only what you take now, or type “none”.")
        )
    count = 1.0
    counts = [float(found[1]) for found in _COUNT.finditer(t) if float(found[1]) <= MAX_DOSES_PER_DAY]
    a_period = [float(found[1]) for found in _A_PERIOD.finditer(t) if float(found[1]) <= MAX_DOSES_PER_DAY]
    how_often = _TIMES.search(t)
    x_is_how_often = how_often is not None and how_often["x"] and how_often["period"]  # "2x a day": not a count
    if counts:
        count = counts[0]
    elif not x_is_how_often and (m := _X_COUNT.search(t)) is not None:
        count = float(m[1] or m[2])
    elif a_period:
        count = a_period[0]  # "Cal-Mag 500/250, 2 a day"
    times = 1.0
    days = _DAYS_IN[per[1] or per[2]] if (per := _PER.search(t)) else 1.0
    if (every := _EVERY_FEW.search(t)) is not None:
        days = float(every[1]) * _DAYS_IN[every[2]]
    if (m := how_often) is not None and (m["period"] or not m["x"]):
        times = float(m[1]) if m[1] else {"once": 1.0, "twice": 2.0, "thrice": 3.0}[m["word"]]
        days = _DAYS_IN[m["period"]] if m["period"] else days
    elif _EVERY_OTHER_DAY.search(t):
        times = 0.5
    elif _WEEKENDS.search(t) and days == 1:
        times, days = 2.0, 7
    elif _NOW_AND_THEN.search(t) and not (days > 1 or a_period):
        raise ParseError(
            N_("How often do you take it? Please add it, for example “3 times a week” or “every other day”.")
        )
    per_day = count * times / days
    if per_day <= 0:
        raise ParseError(N_("How many a day? The number of tablets or doses should be more than zero."))
    return per_day


_BARE = re.compile(_NUMBER + r"(?!\s*x\b)(?P<counted>\s*" + _COUNTED_AFTER + _COUNTABLE + r")?")


def _bare_amounts(t: str) -> list[str]:
    """Numbers without a unit that are not a count ("2 tablets", "2 calcium citrate tablets",
    "2 a day": a count of a few)."""
    how_often = {m.start(1) for pattern in (_A_PERIOD, _TIMES) for m in pattern.finditer(t) if m[1]}  # "2 a day"
    return [
        m[1]
        for m in _BARE.finditer(t)
        if not ((m["counted"] or m.start(1) in how_often) and float(m[1]) <= MAX_DOSES_PER_DAY)
    ]


def parse_supplement(text: str, per_day: float | None = None) -> ParsedSupplement:
    """One supplement: "2 tablets of 250 mg magnesium citrate", "D3 1000 IU", "magnesium".
    ``per_day`` overrides how often, for one part of a product with several minerals."""
    t = normalise(text)
    nutrient, form = _nutrient_and_form(t)
    amounts = _AMOUNT.findall(t)
    if len(amounts) > 1 or _AMOUNT_RANGE.search(t):
        raise ParseError(N_('Please give one amount per supplement, like "250 mg magnesium citrate".'))
    amount: float | None = None
    unit: Unit | None = None
    if amounts:
        amount, unit = float(amounts[0][0]), _unit(amounts[0][1])
    elif nutrient is not None and (bare := _bare_amounts(t)):
        if nutrient is VITAMIN_D or len(bare) > 1:
            raise ParseError(N_('Please add the unit, for example "1000 IU vitamin D" or "250 mg magnesium".'))
        amount, unit = float(bare[0]), Unit.MG  # calcium and magnesium doses are only ever in mg
    if nutrient is None:
        if unit in (Unit.IU, Unit.MCG):
            nutrient = VITAMIN_D
        else:
            raise ParseError(
                N_('Which nutrient is it: calcium, magnesium or vitamin D? For example "500 mg calcium citrate".')
            )
    if unit is Unit.IU and nutrient is not VITAMIN_D:
        raise ParseError(
            N_("Calcium is measured in mg, not IU. Please give the amount in mg.")
            if nutrient is CALCIUM
            else N_("Magnesium is measured in mg, not IU. Please give the amount in mg.")
        )
    basis_stated = bool(re.search(r"\b(?:elemental|compound)\b", t))
    basis = Basis.COMPOUND if re.search(r"\bcompound\b", t) else Basis.ELEMENTAL
    try:
        supplement = Supplement(
            nutrient=nutrient,
            form=form,
            amount=amount,
            unit=unit or (Unit.IU if nutrient is VITAMIN_D else Unit.MG),
            basis=basis,
            per_day=_per_day(t) if per_day is None else per_day,
        )
    except ValidationError as error:
        raise friendly_error(error) from None
    return ParsedSupplement(supplement, basis_stated)


_COMBO = re.compile(
    r"\bcal(?:cium)?\s*[-/&]?\s*mag(?:nesium)?(?:\s*[-/&]?\s*(?:zinc|zn|d3?|k2))*\b[^\d]{0,20}?"
    r"(?P<calcium>\d+(?:\.\d+)?)\s*(?:mg)?\s*/\s*(?P<magnesium>\d+(?:\.\d+)?)\s*(?:mg)?(?:\s*/\s*\d+(?:\.\d+)?\s*(?:mg)?)*"
)
_MULTIVITAMIN = re.compile(r"\b(?:multi[-\s]?vitamins?|multi[-\s]?minerals?|multivits?|multis?)\b")
_MENTIONS = ((CALCIUM, _CALCIUM), (MAGNESIUM, _MAGNESIUM), (VITAMIN_D, _VITAMIN_D))


def _components(t: str) -> list[str] | None:
    """The parts of one product with several nutrients, each as its own description ("600 mg
    calcium with 400 IU D3" -> "600 mg calcium", "400 iu vitamin d"); ``None`` for one nutrient."""
    mentions = sorted((m.start(), n) for n, pattern in _MENTIONS for m in pattern.finditer(t))
    nutrients = {n for _, n in mentions}
    if len(nutrients) < 2:
        if not nutrients and _MULTIVITAMIN.search(t) and not _AMOUNT.search(t):
            return ["calcium", "magnesium", "vitamin d"]  # amounts not known
        return None
    firsts = [(at, n) for at, n in mentions if n in nutrients and at == min(a for a, m in mentions if m is n)]
    amounts = [m for m in _AMOUNT.finditer(t)]
    if len(amounts) != len(firsts):
        raise ParseError(
            N_(
                'For a product with several nutrients, give one amount for each, like "Cal-Mag 500/250" or '
                '"600 mg calcium with 400 IU vitamin D".'
            )
        )
    parts = []
    for (at, nutrient), amount in zip(firsts, amounts, strict=True):
        window = t[at : next((a for a, _ in firsts if a > at), len(t))]
        form = next((w for w in re.findall(r"[a-z-]+", window) if w in _FORM_WORDS), "")
        parts.append(f"{amount[0]} {nutrient.value.replace('_', ' ')} {form}".strip())
    return parts


_NAMED = re.compile(r"§(\d+)")  # where a product named by brand stood in the text


def _product(product: Product, rest: str) -> list[ParsedSupplement]:
    """A product named by brand, with how many a day from the rest of its phrase ("2 a day"); its
    figures are the label's, per tablet and as the mineral itself."""
    if product.label == "ask":
        raise ParseError(
            # TRANSLATORS: {product} is a brand name, like "Caltrate"
            N_(
                "Which {product} is it? Several products carry that name: please type the one on your "
                "pack, or the amounts from its label, like “600 mg calcium”."
            ),
            product=product.name,
        )
    t = normalise(rest)
    if _AMOUNT.search(t):  # the person's own figures from the label win
        return [
            replace(p, supplement=p.supplement.model_copy(update={"product": product.name})) for p in _parse_line(rest)
        ]
    per_day = _per_day(t)
    found = []
    for part in product.parts:
        try:
            supplement = Supplement(
                nutrient=part.nutrient,
                form=part.form,
                amount=part.amount,
                per_day=per_day,
                product=product.name,
            )
        except ValidationError as error:
            raise friendly_error(error) from None
        found.append(ParsedSupplement(supplement, basis_stated=True))
    return found


def _parse_line(part: str, named: Sequence[Product] = ()) -> list[ParsedSupplement]:
    """One line or joined part: one supplement, or each nutrient of a product with several."""
    if (brand := _NAMED.search(part)) is not None:
        return _product(named[int(brand[1])], part[: brand.start()] + " " + part[brand.end() :])
    raw = _guard(part).lower()
    if combo := _COMBO.search(raw):  # before normalise, which would read "500/250" as a fraction
        components = [f"{combo['calcium']} mg calcium", f"{combo['magnesium']} mg magnesium"]
        t = normalise(raw[: combo.start()] + " " + raw[combo.end() :])
    else:
        t = normalise(part)
        found = _components(t)
        if found is None:
            return [parse_supplement(part)]
        components = found
    per_day = _per_day(t)
    parsed = [parse_supplement(component, per_day) for component in components]
    if _MULTIVITAMIN.search(t):
        return [replace(p, supplement=p.supplement.model_copy(update={"form": "multivitamin"})) for p in parsed]
    return parsed


_LINES = re.compile(r"[\n;+]")
_CLAUSES = re.compile(r",(?=\s*\D)")  # "calcium 600 mg, 2 a day", not "1,000 IU"
_JOINERS = re.compile(r"\band\b|\bplus\b|&(?!\s*mag)")


_DOSE_WORDS = (
    "tablet tablets tab tabs caplet caplets capsule capsules caps pill pills softgel softgels gummy gummies "
    "chewable chewables scoop scoops dose doses drop drops sachet sachets with food meals bed bedtime",
    "mg milligram milligrams mcg microgram micrograms ug iu units g gram grams elemental compound",
    "not sure what whats what's in it know idk unsure",
)


def _only_how_often(part: str) -> bool:
    """Whether ``part`` only says how many or how often ("2 a day", "one a day, not sure whats in it")."""
    if _NAMED.search(part):
        return False
    return not _off_topic(normalise(part), _DOSE_WORDS, _COUNT_WORDS)


def _says_how_often(part: str) -> bool:
    """Whether ``part`` says how often of its own ("twice a day", "2 a week", "every other day")."""
    t = normalise(part)
    return any(pattern.search(t) for pattern in (_TIMES, _A_PERIOD, _PER, _EVERY_FEW, _EVERY_OTHER_DAY, _WEEKENDS))


def _with_fragments(clauses: list[list[str]]) -> list[str]:
    """The parts of the clauses (the parts between commas, each split at "and"), each fragment that
    only says how many or how often (", 2 a day", ", not sure whats in it") joined to what it
    follows: after a comma, to every part of the clause before when none of them says how often
    ("calcium 500 mg and magnesium 250 mg in one tablet, twice a day": both twice a day); else to
    the part before it."""
    joined: list[list[str]] = []
    for clause in clauses:
        for at, part in enumerate(clause):
            if joined and _only_how_often(part):
                before = joined[-1]
                whole = at == 0 and not any(_says_how_often(earlier) for earlier in before)
                for index in range(len(before)) if whole else [-1]:
                    before[index] = f"{before[index]} {part}"
            elif at == 0:
                joined.append([part])
            else:
                joined[-1].append(part)
    return [part for clause in joined for part in clause]


def _none_then_advice(text: str) -> bool:
    """ "None" said first, and nothing after it but advice ("none, my doctor said 500 mg calcium
    might help"); not "0 magnesium, 500 mg calcium as my doctor advised", which names one taken."""
    first, *rest = [clause for clause in re.split(r"[,;]|\bbut\b", text) if clause.strip()] or [""]
    return is_none(first) and bool(rest) and all(_ADVICE.search(fold(clause)) for clause in rest)


def parse_supplements(text: str) -> list[ParsedSupplement] | _Unknown:
    """Every supplement in ``text``: one per line, or joined by commas, "and" or "plus"."""
    _guard(text)
    if is_unknown(text):
        return UNKNOWN
    if is_none(text) or _none_then_advice(text):
        return []  # "none, my doctor said 500 mg calcium might help": said back as none
    # Brands first (their names hold "+" and commas), then split before normalising, which would read
    # "Cal-Mag 500/250" as a fraction; but keep "one and a half" whole.
    named: list[Product] = []
    marked = spelt(text.lower().replace("§", " "))
    for match, product in reversed(find_products(marked)):
        marked = f"{marked[: match.start()]} §{len(named)} {marked[match.end() :]}"
        named.append(product)
    lines = [re.sub(r"\bone and a half\b", "1.5", line) for line in _LINES.split(marked)]
    clauses = [
        [part.strip(" .") for part in _JOINERS.split(clause) if part.strip(" .,")]
        for line in lines
        for clause in _CLAUSES.split(line)
    ]
    parts = _with_fragments([clause for clause in clauses if clause])
    if not parts:
        raise ParseError(N_('Please describe your supplements, like "500 mg calcium citrate", or type "none".'))
    found: list[ParsedSupplement] = []
    unclear: list[tuple[str, ParseError]] = []
    inside: Supplement | None = None  # a product whose contents are listed in brackets, still open
    for part in parts:
        try:
            if someone := _SOMEONE_ELSE.search(fold(part)):  # their supplements are not the person's
                raise _about_something_else([someone[0]], text)
            if _ADVICE.search(fold(part)):
                raise ParseError(
                    N_(
                        "That sounds like advice or a plan, not what you take now: please list only what you "
                        "take, or type “none”."
                    )
                )
            parsed = _parse_line(part, named)
        except ParseError as error:
            if len(parts) == 1:
                raise
            unclear.append((_as_named(part, named), error))
            continue
        if inside is not None:  # "a prenatal (200 mg calcium, 50 mg magnesium, ...)": one tablet
            kept = {"product": inside.product, "per_day": inside.per_day}
            parsed = [replace(p, supplement=p.supplement.model_copy(update=kept)) for p in parsed]
        found.extend(parsed)
        if _NAMED.search(part) and parsed and part.count("(") > part.count(")"):
            inside = parsed[0].supplement
        elif ")" in part:
            inside = None
    if len(unclear) == 1:  # the others are read: only that one is asked about
        raise PartlyRead(*unclear[0], found)
    if unclear:
        raise ParseError(_UNREADABLE, part=unclear[0][0], problem=unclear[0][1])
    return found


def _as_named(part: str, named: Sequence[Product]) -> str:
    """A part of an answer with each product named by brand as its name again (not "§0")."""
    return " ".join(_NAMED.sub(lambda brand: named[int(brand[1])].name, part).split())


# TRANSLATORS: {part} is a part of the person's answer, quoted; {problem} what was wrong with it
_UNREADABLE = N_("I couldn't read “{part}”: {problem}")


class PartlyRead(ParseError):
    """An answer of several supplements with one part that could not be read: ``found`` are the
    others, read; the message quotes that part as typed and says what was wrong with it."""

    def __init__(self, part: str, problem: ParseError, found: list[ParsedSupplement]) -> None:
        super().__init__(_UNREADABLE, part=part, problem=problem)
        self.found = found


# The answers' fields a limit of theirs can name (pydantic checks it), for :func:`friendly_error`.
_FIELDS = {
    "amount": N_("the amount"),
    "per_day": N_("the number of doses a day"),
    "age": N_("your age in years"),
    "soda_per_day": N_("the number of soft drinks"),
    "servings": N_("the number of servings"),
}
# TRANSLATORS: {what} is a thing asked for, like "the amount"; {limit} a number
_LIMITS = {
    "greater_than": N_("{what} should be more than {limit}."),
    "greater_than_equal": N_("{what} should be at least {limit}."),
    "less_than": N_("{what} should be less than {limit}."),
    "less_than_equal": N_("{what} should be at most {limit}."),
}


def friendly_error(error: ValidationError) -> ParseError:
    """The first validation problem, as a re-prompt in the person's language."""
    first = error.errors()[0]
    context = first.get("ctx") or {}
    cause = context.get("error")
    if isinstance(cause, Implausible):
        return ParseError(cause.message, **cause.values)
    field = next((_FIELDS[str(part)] for part in first["loc"] if str(part) in _FIELDS), None)
    limit = next((context[bound] for bound in ("gt", "ge", "lt", "le") if bound in context), None)
    if first["type"] == "greater_than" and limit == 0 and field is not None:
        return ParseError(N_("{what} should be more than zero."), what=Term(field))
    if first["type"] in _LIMITS and field is not None and isinstance(limit, int | float):
        return ParseError(_LIMITS[first["type"]], what=Term(field), limit=limit)
    return ParseError(N_("That answer can't be used; please check it and answer again."))
