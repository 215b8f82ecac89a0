"""The message catalogs (camag_core/i18n.py): every message of the code in the template, and in
every language that ships, translated whole, with the same placeholders and HTML tags."""

from __future__ import annotations

import gettext
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from camag_core import catalogs
from camag_core.i18n import LANGUAGES, shipped
from tests.conftest import REPO
from tests.english_words import english_words

_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")
_TAG = re.compile(r"</?([a-z]+)[^>]*>")


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language)


def _key(message: Message) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def _translated(language: str) -> list[Message]:
    return [m for m in _read(catalogs.catalog_path(language), language) if m.id]


TEMPLATE = _read(REPO / catalogs.TEMPLATE)


def _forms(message: Message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def test_the_committed_template_is_the_code_s_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``make extract`` has been run since the last message was written or changed."""
    monkeypatch.chdir(REPO)
    fresh = tmp_path / "camag.pot"
    catalogs.template(fresh)
    in_code = {_key(m) for m in _read(fresh) if m.id}
    committed = {_key(m) for m in TEMPLATE if m.id}
    assert sorted(in_code - committed, key=str) == [], "messages not in the template: run make extract"
    assert sorted(committed - in_code, key=str) == [], "messages no longer in the code: run make extract"


def test_english_ships_and_only_catalogs_of_camags_languages_do():
    assert shipped()[0] == "en"
    assert set(shipped()) <= set(LANGUAGES)


@pytest.mark.parametrize("language", shipped())
def test_every_message_is_in_every_shipped_language_whole(language: str):
    messages = _translated(language)
    found = {_key(m) for m in messages}
    missing = [key for key in (_key(m) for m in TEMPLATE if m.id) if key not in found]
    assert missing == [], f"{language}: messages missing: run make extract, then translate them"
    assert [m.id for m in messages if m.fuzzy] == [], f"{language}: fuzzy (unchecked) translations"
    empty = [m.id for m in messages if not all(_forms(m))]
    assert empty == [], f"{language}: messages not translated"


@pytest.mark.parametrize("language", shipped())
def test_each_translation_has_the_same_placeholders_and_html_tags(language: str):
    only_one = _forms_for_one_alone(language)
    for message in _translated(language):
        source = message.id if isinstance(message.id, str) else message.id[1]  # the plural's, with {n}
        for index, form in enumerate(_forms(message)):
            wanted = Counter(_PLACEHOLDER.findall(source))
            if index in only_one and "n" not in _PLACEHOLDER.findall(form):
                del wanted["n"]  # a form said of one alone may say "one day", "letzten Tag"
            assert Counter(_PLACEHOLDER.findall(form)) == wanted, (language, source)
            assert Counter(_TAG.findall(form)) == Counter(_TAG.findall(source)), (language, source)
            assert _balanced(form), (language, form)


def _forms_for_one_alone(language: str) -> set[int]:
    """The plural forms the language's rule picks for n = 1 and no other n (German's first; not
    Russian's, which also says 21 and 31)."""
    pick = gettext.c2py(_read(catalogs.catalog_path(language), language).plural_expr)
    chosen: dict[int, set[int]] = {}
    for n in range(1000):
        chosen.setdefault(pick(n), set()).add(n)
    return {form for form, numbers in chosen.items() if numbers == {1}}


def _balanced(text: str) -> bool:
    """Every HTML tag that opens closes, in order."""
    open_tags: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z]+)[^>]*>", text):
        if not closing:
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            return False
    return not open_tags


def test_the_template_s_own_html_is_balanced():
    for message in TEMPLATE:
        if message.id:
            for text in [message.id] if isinstance(message.id, str) else message.id:
                assert _balanced(text), text


def test_the_english_scan_finds_english_and_lets_quotes_commands_and_links_be():
    assert english_words("Tap a button to check your balance.") == ["Tap", "to", "check", "your", "balance"]
    assert english_words("Нажмите /check, чтобы посчитать баланс.") == []
    quoted = (
        "Как пишет автор (цитата в оригинале):\n<blockquote>Magnesium is the key to your bones.</blockquote>\n"
        "<i>— Michael Lam, MD, MPH, in “The Connection between Magnesium and Reversing Osteoporosis”</i>"
    )
    assert english_words(quoted) == []
    assert english_words('Sie schrieben „the usual“, <a href="https://t.me/x?start=check">hier</a>.') == []
    assert english_words("Erledigt. Your answers are kept.") == ["Your", "answers", "are", "kept"]
    # a word with a letter outside ASCII is one word ("frühere" holds no "here"); words German shares
    assert english_words("Ihre frühere Bilanz: Calcium und Magnesium, Vitamin D.") == []
