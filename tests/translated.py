"""A language for tests: a catalog made in memory from a few translations, so that a test proves a
text goes through the catalog (and picks its plural form) without waiting for the shipped ones."""

from __future__ import annotations

import gettext
from io import BytesIO

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from camag_core.i18n import Texts


def texts_with(language: str, messages: dict[str | tuple[str, str], str | tuple[str, ...]]) -> Texts:
    """``language``'s texts (its plural rules and CLDR locale) with just ``messages`` translated:
    a key is a message, or its singular and plural; a value its translation, or each plural form."""
    catalog = Catalog(locale=language)
    for key, value in messages.items():
        catalog.add(key, value)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Texts(language, gettext.GNUTranslations(compiled), Locale.parse(language))
