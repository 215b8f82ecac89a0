"""Keeping the message catalogs of :mod:`camag_core.i18n` (run by ``make extract``)::

    python -m camag_core.catalogs extract    the template from the code, every language brought up to
                                             date with it, the English catalog filled in
    python -m camag_core.catalogs new xx     a new language's catalog, from the template

The template lists each message once, with its file (no line numbers, so that moving code does not
churn the catalogs) and its ``# TRANSLATORS:`` comment. English is CaMag's source language: its
catalog says each message as the code does, so that every shipped catalog is complete and checked
alike (``tests/core/test_catalogs.py``). ``make catalogs`` compiles them (``pybabel compile``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from camag_core.i18n import DOMAIN, LOCALE_DIR

ROOT = LOCALE_DIR.parent.parent
TEMPLATE = Path("camag_core", "locale", f"{DOMAIN}.pot")
WIDTH = "100"


# The shipped tables' columns that a person reads (official wording, translated as catalog messages;
# shown with ``t._(value)``), by file name. The other columns are ids, flags and sources' provenance.
SHOWN_COLUMNS = {
    "medications.csv": ("group", "label", "button", "message"),
    "timing_rules.csv": ("rule", "cited"),
    "supplement_forms.csv": ("form",),
}


def extract_csv(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """A Babel extractor (``pyproject.toml``'s mapping) for the shown columns of a shipped table."""
    columns = SHOWN_COLUMNS.get(Path(getattr(fileobj, "name", "")).name, ())
    rows = csv.DictReader(io.TextIOWrapper(fileobj, encoding="utf-8"))
    for line, row in enumerate(rows, start=2):
        for column in columns:
            if row[column]:
                source = f"{Path(fileobj.name).name}, {row.get('id') or row[column]}"
                yield (
                    line,
                    None,
                    row[column],
                    [f"from the table's {column} column ({source}): official wording keeps its strength"],
                )


# The shipped JSON files' texts that a person reads, by file name: the keys whose strings are shown
# (with ``t._(value)``). Their other strings are data, sources and the passages quoted in English.
SHOWN_KEYS = {"survey_intakes.json": ("note",)}


def extract_json(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """A Babel extractor (``pyproject.toml``'s mapping) for the shown keys of a shipped JSON file."""
    name = Path(getattr(fileobj, "name", "")).name
    keys = SHOWN_KEYS.get(name, ())

    def shown(node: Any, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in keys and isinstance(value, str):
                    yield f"{path}.{key}", value
                else:
                    yield from shown(value, f"{path}.{key}" if path else key)
        elif isinstance(node, list):
            for item in node:
                yield from shown(item, path)

    for where, text in shown(json.load(fileobj) if keys else {}, ""):
        yield 1, None, text, [f"from {name} ({where}): official wording keeps its strength"]


def _babel(*argv: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *argv])  # type: ignore[no-untyped-call]


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> None:
    before = TEMPLATE.read_text(encoding="utf-8") if TEMPLATE.exists() else ""
    template(TEMPLATE)
    if _without_date(TEMPLATE.read_text(encoding="utf-8")) == _without_date(before):
        TEMPLATE.write_text(before, encoding="utf-8")  # the same messages: no new date to merge
    update()


def _without_date(pot: str) -> str:
    return "\n".join(line for line in pot.splitlines() if not line.startswith('"POT-Creation-Date:'))


def template(output: Path) -> None:
    """The messages of the code (run from the repository's root), as a template at ``output``."""
    _babel(
        "extract",
        "--mapping-file", "pyproject.toml",
        "--output-file", str(output),
        "--add-location", "file",
        "--sort-by-file",
        "--width", WIDTH,
        "--project", "CaMag",
        "--copyright-holder", "CaMag's authors",
        "--header-comment", "# The messages of CaMag, for translators (make extract writes this file).\n",
        "camag_core",
        "bot",
    )  # fmt: skip


def update() -> None:
    """Every language's catalog brought up to date with the template, English filled in."""
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = po.parent.parent.name
        _babel(
            "update",
            "--input-file", str(TEMPLATE),
            "--output-file", str(po),
            "--locale", language,
            "--domain", DOMAIN,
            "--width", WIDTH,
            "--ignore-pot-creation-date",
            "--no-fuzzy-matching",
        )  # fmt: skip
    english()


def english() -> None:
    """The English catalog says each message as the code does."""
    path = catalog_path("en")
    with path.open("rb") as source:
        catalog = read_po(source, locale="en")
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    catalog.fuzzy = False
    with path.open("wb") as out:
        write_po(out, catalog, width=int(WIDTH), include_previous=False)


def new(language: str) -> None:
    _babel(
        "init",
        "--input-file", str(TEMPLATE),
        "--output-dir", str(LOCALE_DIR),
        "--locale", language,
        "--domain", DOMAIN,
        "--width", WIDTH,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.chdir(ROOT)  # the template names files from the repository's root
    if args == ["extract"]:
        extract()
    elif len(args) == 2 and args[0] == "new":
        new(args[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
