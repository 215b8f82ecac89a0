"""CaMag's functional core: answers about diet and supplements in, a calcium : magnesium assessment out.

Pure, typed and synchronous: no Telegram, no storage, no clock. Every front end (the Telegram bot,
the ``camag`` command) asks the questions in :mod:`camag_core.questionnaire` and renders
:class:`Assessment`.

    >>> from camag_core import Answers, assess
    >>> result = assess(Answers(age=40, sex="male", diet={"pattern": "western"}, supplements=[]))
    >>> result.magnesium_mg.total
    250.0
"""

from camag_core.answers import Answers, Condition, DietPattern, DietServings, LifeStage, Medication, Sex, Supplement
from camag_core.assessment import ASSESSMENT_JSON, Assessment, Quote, SafetyWarning, Suggestion, WarningCode
from camag_core.balance import assess
from camag_core.nutrients import Nutrient
from camag_core.parsing import ParseError
from camag_core.ratio import Verdict

__all__ = [
    "ASSESSMENT_JSON",
    "Answers",
    "Assessment",
    "Condition",
    "DietPattern",
    "DietServings",
    "LifeStage",
    "Medication",
    "Nutrient",
    "ParseError",
    "Quote",
    "SafetyWarning",
    "Sex",
    "Suggestion",
    "Supplement",
    "Verdict",
    "WarningCode",
    "assess",
]
