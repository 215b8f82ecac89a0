"""A scan of replies in another language for English left in them, outside what stays English on
purpose: the articles' passages (in <blockquote>) and anything quoted (“…”: titles, what the person
typed), commands (/check), links, and names (CaMag, the authors, the sources' names in Latin letters
that start with a capital are not scanned: only the common words below are).

The words are English words that are not also words of Russian, Spanish or German (so "no", "in",
"was", "will", "die", "also", German "Calcium", "Magnesium", "Vitamin", "Start", "Zone", Spanish
"me", "has" are left out): one of them in a Russian, Spanish or German reply is
English that was not translated."""

from __future__ import annotations

import re

_WORDS = """
the and you your with for what this that these those please tap send type took take taken
check balance answer answers which would should could about have been here there only
every each more less than when where why how yes day days week weeks today tomorrow tablets
supplements supplement reminder reminders doctor sorry done stopped nothing something saved
erase everything latest result results show shows keep kept again time food foods
ratio daily note notes source sources article articles they them
their our my is are be of to it its can can't don't i'm i'll won't isn't doesn't
"""
ENGLISH_ONLY = frozenset(_WORDS.split())
_QUOTED = re.compile(r"<blockquote>.*?</blockquote>|“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]", re.DOTALL)
_MARKUP = re.compile(r"<[^>]+>|https?://\S+|/[a-z_]+")
_WORD = re.compile(r"[^\W\d_][^\W\d_']*")  # whole words in any alphabet: "frühere" is not "here"


def english_words(reply: str) -> list[str]:
    """The English words in ``reply`` outside its quoted passages, commands and links, in order."""
    text = _MARKUP.sub(" ", _QUOTED.sub(" ", reply))
    return [word for word in _WORD.findall(text) if word.lower() in ENGLISH_ONLY]
