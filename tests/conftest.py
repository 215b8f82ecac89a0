"""Shared test settings and paths."""

from __future__ import annotations

import os
import re
import shutil
import string
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import available_timezones

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from hypothesis import HealthCheck, settings

from camag_core import i18n
from camag_core.citation import cited
from camag_core.guidance import passages
from camag_core.medications import medication_notes
from camag_core.routine import timing_rules

REPO = Path(__file__).resolve().parents[1]


def _find_shared() -> Path:
    """The articles and official tables (shared/): CAMAG_SHARED_DIR, else the nearest shared/
    beside the repository or beside one of its parent folders (CI lays it beside the clone)."""
    if "CAMAG_SHARED_DIR" in os.environ:
        return Path(os.environ["CAMAG_SHARED_DIR"])
    for folder in REPO.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared"
    return REPO.parent / "shared"


SHARED = _find_shared()

settings.register_profile("default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")


def shared_dir(name: str) -> Path:
    """A folder of shared/ (the articles, the official tables). Beside a developer's checkout it may
    be missing, and the tests that need it are skipped; in CI (``CI`` set) a missing folder fails
    them loudly instead."""
    folder = SHARED / name
    if not folder.is_dir():
        message = f"shared/{name} is not beside the repository (set CAMAG_SHARED_DIR)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return folder


@pytest.fixture(autouse=True)
def _no_waiting_for_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Data folders written by the tests' own process are not fsynced, as the test PostgreSQL runs
    with fsync=off: a process that dies loses nothing without it (only a power cut would), and on a
    busy machine the waits for the disk cost more than the work (test_streak.py: 57 s -> 16 s).
    tests/bot/test_damaged_files.py checks that every commit does wait for the disk; the bots the
    tests start as processes (kill -9, several workers) keep fsync."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


@pytest.fixture(scope="session")
def _postgres_migrated() -> str:
    from tests.postgres import migrated

    return migrated()


@pytest.fixture
def postgres_url(_postgres_migrated: str) -> str:
    """The test server's database, migrated and empty."""
    from tests.postgres import clear

    clear(_postgres_migrated)
    return _postgres_migrated


# A tiny German catalog for the tests of switching languages (the rest falls back to English).
GERMAN = {
    "Hi {name}!": "Hallo {name}!",
    ("button", "Check my balance"): "Meine Bilanz prüfen",
    "Which language should I speak with you?": "Welche Sprache soll ich mit dir sprechen?",
    "From now on I speak {language} with you. /language changes it.": (
        "Ab jetzt spreche ich {language} mit dir. /language ändert das."
    ),
    "No result yet. Send /check to work out your balance.": (
        "Noch kein Ergebnis. Sende /check, um deine Bilanz zu berechnen."
    ),
    "<b>Daily check-in, {day}</b>": "<b>Tägliche Abfrage, {day}</b>",
    "Stopped. Nothing was saved.": "Beendet. Nichts wurde gespeichert.",
}


def _beside_the_shipped(catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shipped catalogs, and ``catalog`` beside them as German's, while a test runs."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale, ignore=shutil.ignore_patterns("*.mo"))
    (locale / "de" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    with (locale / "de" / "LC_MESSAGES" / "camag.po").open("wb") as out:
        write_po(out, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n.texts.cache_clear()
    yield
    i18n.texts.cache_clear()


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shipped catalogs, and a tiny German one beside them."""
    catalog = Catalog(locale="de")
    for key, said in GERMAN.items():
        context, message = key if isinstance(key, tuple) else (None, key)
        catalog.add(message, said, context=context)
    yield from _beside_the_shipped(catalog, tmp_path, monkeypatch)


# The sign the ``marked`` catalog puts around every message it translates.
MARK = "⁅", "⁆"


# What stays as written inside a message: placeholders, HTML tags and entities, commands, links.
_KEPT = re.compile(r"\{[^}]*\}|<[^>]+>|&\w+;|/[a-z_]+|https?://\S+")
# Latin letters become Cyrillic ones in the marked catalog, so that a Latin word left in a reply is
# one that did not go through it.
_NOT_LATIN = str.maketrans(string.ascii_letters, "абцдефгхийклмнопярстуввхыз" * 2)


def _marked_lines(message: str) -> str:
    said, kept = [], 0
    for found in _KEPT.finditer(message):
        said += [message[kept : found.start()].translate(_NOT_LATIN), found.group()]
        kept = found.end()
    said.append(message[kept:].translate(_NOT_LATIN))
    return "\n".join(MARK[0] + line + MARK[1] if line else line for line in "".join(said).split("\n"))


@pytest.fixture
def marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A German catalog holding every message of the template, each line of each marked ⁅so⁆: a
    text that reaches a German speaker unmarked did not go through the catalog."""
    with (i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot").open("rb") as source:
        template = read_po(source)
    catalog = Catalog(locale="de")
    for message in template:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        said = tuple(_marked_lines(ids[min(form, len(ids) - 1)]) for form in range(catalog.num_plurals))
        catalog.add(message.id, said if isinstance(message.id, tuple) else said[0], context=message.context)
    yield from _beside_the_shipped(catalog, tmp_path, monkeypatch)


def latin_words(said: list[str]) -> set[str]:
    """The Latin words of ``said`` outside quoted passages, tags, commands and links, but for names
    (the articles' authors and titles, the sources', the languages', the person's, time zones') and
    what the German locale writes itself (units, "und"): through the marking catalog, which writes
    its messages in Cyrillic, words that did not go through it."""
    names = [(p.author or "") + " " + p.source for p in passages()]
    names += [cited(n.cited) for n in medication_notes().values()] + [r.cited for r in timing_rules().values()]
    names += [*i18n.NATIVE_NAMES.values(), "Ada", "mg", "ml", "und", "oder", *available_timezones()]
    german = Locale.parse("de")
    names += [
        str(name)
        for names_of in (german.days, german.months)
        for kind in names_of.values()
        for width in kind.values()
        for name in width.values()
    ]
    allowed = {word for name in names for word in re.findall(r"[A-Za-z]{2,}", name)}
    found = set()
    for text in said:
        outside = re.sub(r"<blockquote>.*?</blockquote>|<[^>]+>|https?://\S+|/[a-z_]+", " ", text, flags=re.DOTALL)
        found |= set(re.findall(r"[A-Za-z]{2,}", outside))
    return found - allowed
