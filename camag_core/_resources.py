"""Read the reference tables shipped inside the package (``camag_core/data``)."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib import resources
from typing import Any


def _text(name: str) -> str:
    return resources.files("camag_core").joinpath("data").joinpath(name).read_text(encoding="utf-8")


@cache
def read_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a CSV file in ``camag_core/data`` as dictionaries of strings."""
    return tuple(csv.DictReader(io.StringIO(_text(name))))


@cache
def read_json(name: str) -> Any:
    """A JSON document from ``camag_core/data``."""
    return json.loads(_text(name))
