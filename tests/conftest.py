"""Shared test settings and paths."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from hypothesis import HealthCheck, settings

from camag_core import i18n

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
    "<b>Daily check-in, {day}</b>": "<b>Tägliche Rückfrage, {day}</b>",
    "Stopped. Nothing was saved.": "Beendet. Nichts wurde gespeichert.",
}


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shipped catalogs, and a tiny German one beside them."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale, ignore=shutil.ignore_patterns("*.mo"))
    catalog = Catalog(locale="de")
    for key, said in GERMAN.items():
        context, message = key if isinstance(key, tuple) else (None, key)
        catalog.add(message, said, context=context)
    (locale / "de" / "LC_MESSAGES").mkdir(parents=True)
    with (locale / "de" / "LC_MESSAGES" / "camag.po").open("wb") as out:
        write_po(out, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n.texts.cache_clear()
    yield
    i18n.texts.cache_clear()
