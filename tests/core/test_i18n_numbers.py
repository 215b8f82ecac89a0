"""The locale's numbers, written without Babel's general path, exactly as Babel writes them."""

from __future__ import annotations

import random

import pytest
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from camag_core.i18n import LANGUAGES, texts

VALUES = [0, 0.5, 1.5, 2.5, 2.45, 2.675, 999.5, 1000, 1234.5, 12_345.678, 1_000_000, -3.25, 0.04999]
VALUES += [random.Random(20261207).uniform(0, 50_000) for _ in range(300)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_numbers_decimals_ratios_and_amounts_are_written_as_babel_writes_them(language: str):
    t = texts(language)
    for value in VALUES:
        assert t.number(value) == format_decimal(value, "#,##0", locale=t.locale), value
        assert t.decimal(value) == format_decimal(value, "#,##0.#", locale=t.locale), value
        assert t.decimal(value, 2) == format_decimal(value, "#,##0.##", locale=t.locale), value
        assert t.ratio(value) == format_decimal(value, "0.0", locale=t.locale) + ":1", value
        wanted = format_unit(value, "mass-milligram", length="short", format="#,##0", locale=t.locale)
        assert t.amount(value, "mg") == wanted, value


SHARES = [0, 0.005, 0.015, 0.025, 0.125, 0.285, 0.9, 1, 1.005, 12.345, -0.25, -0.0]
SHARES += [random.Random(20261208).uniform(0, 3) for _ in range(300)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_percentages_are_written_as_babel_writes_them(language: str):
    t = texts(language)
    for share in SHARES:
        assert t.percent(share) == format_percent(share, locale=t.locale), share


def test_a_compiled_catalog_is_read_as_gettext_reads_it():
    for language in LANGUAGES:
        t = texts(language)
        keys = t.catalog._catalog
        # plural entries are keyed (singular, form): gettext gives their singular its form for 1
        messages = {key if isinstance(key, str) else key[0] for key in keys} | {"not a message of CaMag's"}
        assert any(isinstance(key, tuple) for key in keys) or language == "en"
        for message in messages:
            assert t._(message) == t.catalog.gettext(message), message
