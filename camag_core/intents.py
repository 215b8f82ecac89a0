"""What a person asks for in their own words, typed where no question is waiting for an answer:
"check my balance", "whats my ratio", "stop the reminders", or a question of their own."""

from __future__ import annotations

import re
from enum import StrEnum

from camag_core.parsing import MAX_TEXT, plain_words


class Intent(StrEnum):
    CHECK = "check"  # work out the balance
    STOP_REMINDERS = "stop_reminders"
    QUESTION = "question"  # a question of their own, which the bot can't answer in words


_BALANCE = re.compile(
    r"\b(?:check|show|see|compute|calculate|work out|whats|what is|what's|get|tell me)\s+(?:me\s+)?(?:my\s+|the\s+)?"
    r"(?:balance|ratio|result|results)\b"
)
_DONE = re.compile(r"^(?:done|finish|finished|go|all good|looks good|thats right|that's right|correct)$")
_STOP_REMINDERS = re.compile(
    r"\b(?:stop|end|cancel|turn off|switch off|no more|pause|disable|unsubscribe)\b"
    r".*\b(?:reminders?|check-?ins?|messages)\b"
)
# A clear yes, and nothing else: "yes", "yeah", "yep", "yes delete", "yes, erase everything please".
# Anything less clear ("ja", "ys", "ok", "yes but keep my reminder") is not a yes.
_YES = re.compile(
    r"^(?:yes|yeah|yep|yup|yes yes)"
    r"(?: (?:delete|erase|remove)(?: (?:it|it all|all|everything|my data|all my data))?)?"
    r"(?: please| pls)?$"
)
_QUESTION = re.compile(r"\?$|^(?:what|how|why|when|where|which|who|can|could|should|is|are|do|does)\b")


def _said(text: str) -> str:
    return plain_words(text) if len(text) <= MAX_TEXT else ""


def read_intent(text: str) -> Intent | None:
    """What ``text`` asks for, or ``None`` when it asks for none of these."""
    said = _said(text)
    if _BALANCE.search(said):
        return Intent.CHECK
    if _STOP_REMINDERS.search(said):
        return Intent.STOP_REMINDERS
    if _QUESTION.search(text.strip()[:MAX_TEXT].lower()):
        return Intent.QUESTION
    return None


def is_yes(text: str) -> bool:
    """Whether ``text`` is a clear yes ("yes", "Yeah!", "yep 👍", "yes delete"), to a question
    whose answer can't be taken back."""
    said = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split()) if len(text) <= MAX_TEXT else ""
    return bool(_YES.match(said))


def shows_the_balance(text: str) -> bool:
    """At the review: "show my balance", "whats my ratio", "done", "looks good"."""
    said = _said(text)
    return bool(_BALANCE.search(said) or _DONE.match(said))
