"""The person's language: message catalogs (gettext, through Babel) and locale formatting.

Why gettext with Babel rather than Fluent: Babel is one well-kept package that gives both halves
of the job, the catalogs (``pybabel extract`` finds every message in the code, ``update`` merges
it into each language, ``compile`` builds the ``.mo`` files) and CLDR's locale data (numbers,
percentages, dates, weekday names, lists and units as each language writes them, and plural rules
for the catalogs' headers). The ``.po`` format is what translators' tools (Poedit, Weblate,
Lokalise) open directly, with context comments, fuzzy marks and plural forms built in, and the
standard library reads the compiled catalogs. Fluent's selectors are richer (gender, case), but
its Python runtime is little kept, it has no extractor (every message would need an id written
by hand and a file kept in step with the code), and it brings no locale data: Babel would be needed
beside it anyway. CaMag's messages need plurals and named variables, which gettext has.

Layout: one domain, ``camag``, for the core and the bot alike::

    camag_core/locale/camag.pot                      the template (made by ``make extract``)
    camag_core/locale/<lang>/LC_MESSAGES/camag.po    a language's catalog (en, ru, es, de)
    camag_core/locale/<lang>/LC_MESSAGES/camag.mo    compiled by ``make catalogs`` (not in git)

``make run`` and ``make test`` compile the ``.mo`` files first (``pybabel compile``). Where a
``.mo`` is missing or older than its ``.po`` (an install that skipped make, a catalog just
edited), :func:`texts` compiles the ``.po`` in memory instead, so a language is never lost.

How to write a message
----------------------
Everything a person reads goes through a :class:`Texts`, passed in. The core keeps no global
state: a function that words something takes ``t`` as a keyword-only parameter, last, with
English as its default, and passes it on to every function it calls that words something::

    def amount_text(low: float, high: float | None, unit: str, *, t: Texts = ENGLISH) -> str:
        ...
        return t._("at least {amount}", amount=t.amount(low, unit))

The bot makes one ``Texts`` per person from their stored language (``texts(person.language)``)
and always passes it; the default is only for callers that have no person (tests, old JSON).

- Whole sentences, with named variables: ``t._("Time zone set to {zone}.", zone=...)``, never
  ``"Time zone set to " + zone`` nor a sentence glued from translated pieces: word order differs
  between languages. A placeholder is ``{name}`` (str.format), filled by the keyword arguments;
  a message without keyword arguments is returned as it is (its braces are not placeholders).
- Counts: ``t.ngettext("{n} day", "{n} days", n)`` (``n`` is filled in, formatted for the
  locale; Russian has three forms, the catalog knows how many; a fraction, 1.5, takes the form
  2 does). Never ``"s" if n != 1``.
- A short word whose meaning depends on where it stands (a button, a unit): ``t.pgettext("button",
  "Done")``. The context is for the translator and keeps two uses apart.
- A text kept in a table before any person is known (a constant, a dict of labels): mark it with
  ``N_("...")`` where it is written, so that ``pybabel extract`` finds it, and translate it where
  it is shown: ``t._(label)``.
- Numbers, dates, times and amounts through ``t.number``, ``t.decimal``, ``t.percent``,
  ``t.ratio``, ``t.date``, ``t.time``, ``t.weekday``, ``t.amount``, ``t.join`` and ``t.either``: never
  f"{x:,.0f}" or strftime in a message (a German reader writes 1.234,5).
- A comment for the translators goes on the line just above the message, starting ``# TRANSLATORS:``
  (placeholders, HTML tags, what a button does, the length a button allows).
- HTML: the bot's messages may hold ``<b>``, ``<i>``, ``<a href>``; the caller escapes every value
  that a person typed before passing it in, exactly as before; a translation keeps the tags.
- What is never translated: callback data, command names (``/check``), the articles' passages
  (quoted in English, word for word), and values stored in the person's record.

``make extract`` gathers the messages into the template and the English catalog; ``make
catalogs`` compiles them. Translators fill ``<lang>/LC_MESSAGES/camag.po``.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path
from typing import Final

from babel import Locale
from babel.dates import format_skeleton, format_time
from babel.lists import format_list
from babel.units import format_unit

DOMAIN: Final = "camag"
LOCALE_DIR: Final = Path(__file__).with_name("locale")
# The languages CaMag speaks, English first (the fallback for any other).
LANGUAGES: Final = ("en", "ru", "es", "de")
# Each language's name in itself, for the /language buttons.
NATIVE_NAMES: Final = {"en": "English", "ru": "Русский", "es": "Español", "de": "Deutsch"}
# The CLDR locale each language's numbers and dates follow (CaMag's English is British: "Mon 7 Dec").
_LOCALES: Final = {"en": "en_GB", "ru": "ru", "es": "es", "de": "de"}
# Units CLDR knows, by the symbol the reference data uses (IU, which CLDR lacks, and mcg, which
# labels write so where CLDR says µg, are in the catalog).
_CLDR_UNITS: Final = {
    "mg": "mass-milligram",
    "g": "mass-gram",
    "ml": "volume-milliliter",
    "l": "volume-liter",
}


def N_(message: str) -> str:  # gettext's name for "mark for extraction, translate later"
    """Mark ``message`` for the catalog where it is written; translate it where it is shown."""
    return message


@dataclass(frozen=True, slots=True, eq=False)
class Texts:
    """One language's messages and its locale's way with numbers and dates.

    Compared and hashed as itself (:func:`texts` makes one per language): the core's caches are
    keyed by it, and hashing its catalog and locale cost more than the lookups they saved.
    """

    language: str
    catalog: gettext.NullTranslations
    locale: Locale
    # Derived once from the three above: what every message and number would otherwise look up
    # (the locale's number signs at the first number: CLDR's data for a locale is megabytes).
    _lookup: Callable[[str, str], str] = field(init=False, repr=False)
    _locale_id: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lookup", _lookup(self.catalog))
        object.__setattr__(self, "_locale_id", str(self.locale))

    # Messages

    def _(self, message: str, /, **values: object) -> str:
        """``message`` in this language, its ``{placeholders}`` filled from ``values``."""
        said = self._lookup(message, message)
        return said.format(**values) if values else said

    def ngettext(self, singular: str, plural: str, n: float, /, **values: object) -> str:
        """The form for ``n`` (``{n}`` is filled with ``n`` as the locale writes it). A fraction
        (1.5, 0.5) takes the form 2 does, as it does in each of CaMag's languages ("1,5 таблетки")."""
        whole = n == int(n)
        said = self.catalog.ngettext(singular, plural, int(n) if whole else 2)
        return said.format(n=self.number(n) if whole else self.decimal(n, 2), **values)

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        """``message`` as used in ``context`` (a button, a unit, a heading)."""
        said = self.catalog.pgettext(context, message)
        return said.format(**values) if values else said

    # Numbers, dates and units as the locale writes them

    def number(self, value: float) -> str:
        """A whole number: 1,234 / 1 234 / 1.234."""
        return _written(value, 0, 0, _numbers(self._locale_id).grouped)

    def decimal(self, value: float, places: int = 1) -> str:
        """A number with ``places`` decimals at most: 1.5 / 1,5."""
        return _written(value, places, 0, _numbers(self._locale_id).grouped)

    def percent(self, share: float) -> str:
        """A share (0.85) as a percentage: 85% / 85 %."""
        hundredths = Decimal(str(share)).scaleb(2)
        sign = int(hundredths.is_signed())
        numbers = _numbers(self._locale_id)
        prefix, suffix = numbers.percent
        return f"{prefix[sign]}{_written(abs(hundredths), 0, 0, numbers.grouped)}{suffix[sign]}"

    def ratio(self, value: float) -> str:
        """A calcium : magnesium ratio with one decimal: 1.6:1 / 1,6:1."""
        return _written(value, 1, 1, _numbers(self._locale_id).ungrouped) + ":1"

    def date(self, day: date) -> str:
        """A day, short, with its weekday: Mon 7 Dec / пн, 7 дек. / Mo., 7. Dez."""
        return format_skeleton("MMMEd", day, locale=self.locale)

    def time(self, at: time) -> str:
        """A time of day on the 24-hour clock everyone types it in: 21:30."""
        return format_time(at, "HH:mm", locale=self.locale)

    def weekday(self, number: int) -> str:
        """A weekday's name, Monday being 0, as it stands alone (a button, a list)."""
        return str(self.locale.days["stand-alone"]["wide"][number])

    def amount(self, value: float, unit: str) -> str:
        """A whole amount with its unit as the locale writes it: 1,234 mg / 1 234 мг / 600 IU / 600 МЕ."""
        cldr = _CLDR_UNITS.get(unit)
        if cldr is not None:
            return _unit(self._locale_id, value, cldr)
        if unit == "IU":
            # TRANSLATORS: an amount in international units (vitamin D), e.g. "600 IU": МЕ, UI, IE (German
            # without full stops: a sentence may end on it)
            return self._("{number} IU", number=self.number(value))
        if unit == "mcg":
            # TRANSLATORS: an amount in micrograms as labels write it, e.g. "400 mcg": мкг, µg
            return self._("{number} mcg", number=self.number(value))
        raise ValueError(f"no way to write the unit {unit!r}")

    def join(self, items: Iterable[str]) -> str:
        """Items joined as the language does: "a, b and c" / "a, b и c"."""
        return format_list(list(items), locale=self.locale)

    def either(self, items: Iterable[str]) -> str:
        """Items as alternatives: "a, b or c" / "a, b или c"."""
        return format_list(list(items), style="or", locale=self.locale)


# Numbers as Babel writes them with the patterns "#,##0", "#,##0.#", "0.0" and "#,##0%" (rounded
# half to even from the number as Python prints it), without parsing the pattern each time: the
# assessment writes dozens of numbers, and Babel's general path was half of its time.
# tests/core/test_i18n_numbers.py checks them against Babel's own.

# How a locale writes a number: "," to group thousands or "" not to, and the table that turns
# Python's "," and "." into the locale's signs (None where they are the same).
_Style = tuple[str, dict[int, str] | None]


def _style(grouped: bool, group: str, decimal: str) -> _Style:
    table = {ord(","): group, ord("."): decimal}
    return ("," if grouped and group else ""), (None if (group, decimal) == (",", ".") else table)


@dataclass(frozen=True, slots=True)
class _Numbers:
    grouped: _Style  # "#,##0"
    ungrouped: _Style  # "0.0"
    percent: tuple[tuple[str, str], tuple[str, str]]  # the percent pattern's prefixes and suffixes, + and -


@cache
def _numbers(locale: str) -> _Numbers:
    parsed = Locale.parse(locale)
    symbols, pattern = parsed.number_symbols["latn"], parsed.percent_formats[None]
    group, decimal = symbols["group"], symbols["decimal"]
    return _Numbers(_style(True, group, decimal), _style(False, group, decimal), (pattern.prefix, pattern.suffix))


# Below 2**52 a float printed as an exact half (2.5) is that half exactly, so rounding the float
# itself half to even to a whole number rounds what Python prints, as Babel does, at a fifth of the cost.
_EXACT_HALVES: Final = 2.0**52
_QUANTA: Final = {places: Decimal(1).scaleb(-places) for places in range(4)}


def _written(value: float | Decimal, most: int, least: int, style: _Style) -> str:
    """``value`` with ``most`` decimals at most and ``least`` at least, in ``style``."""
    grouping, table = style
    if most == 0 and not isinstance(value, Decimal) and -_EXACT_HALVES < value < _EXACT_HALVES:
        text = f"{value:{grouping}.0f}"
    else:
        exact = value if isinstance(value, Decimal) else Decimal(str(value))
        quantum = _QUANTA.get(most) or Decimal(1).scaleb(-most)
        text = f"{exact.quantize(quantum, ROUND_HALF_EVEN):{grouping}.{most}f}"
        if most > least:
            whole, _, fraction = text.partition(".")
            fraction = fraction.rstrip("0").ljust(least, "0")
            text = f"{whole}.{fraction}" if fraction else whole
    return text if table is None else text.translate(table)


@lru_cache(maxsize=4096)
def _unit(locale: str, value: float, unit: str) -> str:
    """An amount with a unit CLDR knows (amounts repeat: reference values, limits, doses)."""
    return str(format_unit(value, unit, length="short", format="#,##0", locale=locale))


def _lookup(catalog: gettext.NullTranslations) -> Callable[[str, str], str]:
    """``catalog``'s gettext as one dictionary lookup, where it is a compiled catalog on its own
    (a message translated or, missing, itself; a message only in a plural entry takes its singular
    form, as gettext does); any other catalog answers through its own gettext."""
    if type(catalog) is not gettext.GNUTranslations or catalog._fallback is not None:  # type: ignore[attr-defined]
        return lambda message, _: catalog.gettext(message)
    messages: dict[str, str] = {}
    for key, said in catalog._catalog.items():  # type: ignore[attr-defined]
        if isinstance(key, tuple):
            if key[1] == catalog.plural(1):  # type: ignore[attr-defined]
                messages.setdefault(key[0], said)
        else:
            messages[key] = said
    return messages.get


def language_of(code: str | None) -> str:
    """The language CaMag speaks for a Telegram ``language_code`` ("de", "pt-br"): one of
    :data:`LANGUAGES`, English for any other or none."""
    base = (code or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else LANGUAGES[0]


def shipped() -> tuple[str, ...]:
    """The languages whose catalog ships (a language is offered once its translators are done)."""
    return tuple(language for language in LANGUAGES if _po(language).exists())


@cache
def texts(language: str | None) -> Texts:
    """The :class:`Texts` of ``language`` (any code :func:`language_of` reads), loaded once; English
    for a language whose catalog does not ship yet."""
    chosen = language_of(language)
    if chosen != LANGUAGES[0] and not _po(chosen).exists():
        return texts(LANGUAGES[0])
    return Texts(chosen, _catalog(chosen), Locale.parse(_LOCALES[chosen]))


def _po(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _catalog(language: str) -> gettext.NullTranslations:
    po, mo = _po(language), _po(language).with_suffix(".mo")
    if not po.exists():
        return gettext.NullTranslations()  # English's messages are the code's own
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    from babel.messages.mofile import write_mo  # only here: most starts have the compiled catalog
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        parsed = read_po(source, locale=language)
    in_memory = BytesIO()
    write_mo(in_memory, parsed)
    in_memory.seek(0)
    return gettext.GNUTranslations(in_memory)


ENGLISH: Final = texts("en")
