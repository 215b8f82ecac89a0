"""What a person asks for in their own words, typed where no question is waiting for an answer:
"check my balance", "whats my ratio", "stop the reminders", "my history", or a question of their
own. Read in English, Russian, Spanish and German alike ("покажи мой баланс", "detén los
recordatorios", "Verlauf zeigen"), through :func:`camag_core.parsing.in_english`."""

from __future__ import annotations

import re
from enum import StrEnum

from camag_core.parsing import MAX_TEXT, in_english, plain_words


class Intent(StrEnum):
    CHECK = "check"  # work out the balance
    STOP_REMINDERS = "stop_reminders"
    HISTORY = "history"  # the check-ins so far (/history)
    QUESTION = "question"  # a question of their own, which the bot can't answer in words


_BALANCE = re.compile(
    r"\b(?:check|show|see|compute|calculate|work out|whats|what is|what's|get|tell me)\s+(?:me\s+|i\s+)?"
    r"(?:my\s+|the\s+)?(?:balance|ratio|result|results)\b"
    # the verb after its object, as German puts it: "(meine) Bilanz prüfen" reads "balance check"
    r"|\b(?:balance|ratio|result|results)\s+(?:check|show|see|compute|calculate|work out)$"
)
_DONE = re.compile(r"^(?:done|finish|finished|go|all good|looks good|thats right|that's right|correct)$")
_STOP_REMINDERS = re.compile(
    r"\b(?:stop|end|cancel|turn off|switch off|no more|pause|disable|unsubscribe)\b"
    r".*\b(?:reminders?|check-?ins?|messages)\b"
    # word orders of other languages: "Erinnerungen ausschalten", "keine Erinnerungen mehr"
    r"|\b(?:reminders?|check-?ins?)\b.*\b(?:stop|off|disable|cancel)\b|\b(?:no|none)\b.*\breminders?\b.*\bmore\b"
)
_HISTORY = re.compile(r"\bhistory\b|\bmy streak\b|\bhow am i doing\b")
# A clear yes, and nothing else: "yes", "yeah", "yep", "yes delete", "yes, erase everything please",
# "да", "sí, borrar todo", "ja, löschen". Anything less clear ("ys", "ok", "yes but keep my
# reminder") is not a yes.
_YES = re.compile(
    r"^(?:yes|yeah|yep|yup|yes yes)"
    r"(?: (?:delete|erase|remove)(?: (?:it|it all|all|everything|my data|all my data))?)?"
    r"(?: please| pls)?$"
)
_QUESTION = re.compile(r"\?$|^(?:hello\s+)?(?:what|how|why|when|where|which|who|can|could|should|is|are|do|does)\b")


def _said(text: str) -> str:
    return plain_words(text) if len(text) <= MAX_TEXT else ""


def read_intent(text: str) -> Intent | None:
    """What ``text`` asks for, or ``None`` when it asks for none of these."""
    said = _said(text)
    if _BALANCE.search(said):
        return Intent.CHECK
    if _STOP_REMINDERS.search(said):
        return Intent.STOP_REMINDERS
    if _HISTORY.search(said):
        return Intent.HISTORY
    if len(text) <= MAX_TEXT and _QUESTION.search(" ".join(re.sub(r"[^\w\s?]", " ", in_english(text)).split())):
        return Intent.QUESTION
    return None


def is_yes(text: str) -> bool:
    """Whether ``text`` is a clear yes ("yes", "Yeah!", "yep 👍", "yes delete", "да", "ja, löschen"),
    to a question whose answer can't be taken back."""
    said = " ".join(re.sub(r"[^\w\s]", " ", in_english(text)).split()) if len(text) <= MAX_TEXT else ""
    return bool(_YES.match(said))


def shows_the_balance(text: str) -> bool:
    """At the review: "show my balance", "whats my ratio", "done", "looks good", "готово", "listo"."""
    said = _said(text)
    return bool(_BALANCE.search(said) or _DONE.match(said))
