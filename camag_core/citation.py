"""How a source reads to a person: its official name, and its link where the data has one.

The data files keep their provenance (which page was read, what was only attributed) in their
``source`` columns for maintainers and tests; people read the ``cited`` name through :func:`cited`.
"""

from __future__ import annotations


def cited(name: str, url: str = "") -> str:
    """The source as a person reads it, e.g. "CIPRO (ciprofloxacin) label, section 2.4, DailyMed
    https://dailymed.nlm.nih.gov/…": the name, then the link unless the name holds it already."""
    return f"{name} {url}" if url and url not in name else name
